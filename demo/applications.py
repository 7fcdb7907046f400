"""Bids as NGOs write them and officials check them, through the services behind the application form, the
upload field, the "Submit" button and the admission page: ``application_start``, ``application_save_section``
(one call per section of the form), ``attachment_add``, ``application_submit``, ``application_withdraw`` and
``application_admit`` / ``application_return`` / ``application_reject``. Registration numbers, snapshots,
receipts and the audit trail are therefore exactly what a real applicant gets."""

from datetime import timedelta
from decimal import ROUND_FLOOR, Decimal

from django.utils import translation

from applications.enums import ApplicationStatus, BudgetCategory
from applications.services import (
    application_admit,
    application_reject,
    application_return,
    application_save_section,
    application_start,
    application_submit,
    application_withdraw,
    attachment_add,
)
from competitions.enums import DocumentType

from .context import CENT, money
from .files import pdf_upload

BUDGET_SHARES = [
    # category, description, quantity, share of the requested amount
    (BudgetCategory.SALARIES, "Оплата труда руководителя и координаторов проекта", 9, Decimal("0.34")),
    (BudgetCategory.SALARY_TAXES, "Налоги и отчисления с оплаты труда", 9, Decimal("0.04")),
    (BudgetCategory.EVENTS, "Аренда залов и кофе-брейки для мероприятий", 12, Decimal("0.22")),
    (BudgetCategory.SERVICES, "Услуги тренеров и приглашённых специалистов", 24, Decimal("0.16")),
    (BudgetCategory.MATERIALS, "Раздаточные и расходные материалы", 300, Decimal("0.08")),
    (BudgetCategory.PUBLICITY, "Информационная кампания в СМИ и социальных сетях", 1, Decimal("0.06")),
    (BudgetCategory.TRAVEL, "Выезды в районы области", 16, Decimal("0.05")),
    (BudgetCategory.ADMINISTRATIVE, "Аренда офиса, связь, банковские услуги", 9, Decimal("0.05")),
]
ACTIVITIES = [
    ("Подготовительный этап: команда, партнёры, площадки", "Подписаны соглашения с 5 партнёрами"),
    ("Обучение координаторов и волонтёров", "Обучены 15 волонтёров"),
    ("Основной цикл мероприятий", "Охвачено {beneficiaries} благополучателей"),
    ("Подведение итогов, отчёт и передача методики", "Опубликован отчёт и методическое пособие"),
]
RETURN_REASONS = [
    {"item": "Обоснование бюджета",
     "reason": "Документ не подписан руководителем организации: приложите подписанную версию."},
]
REJECTION_REASON = ("Организация зарегистрирована в Акмолинской области, а проект предусматривает работу только за "
                    "её пределами без партнёра в Костанайской области; смета не подписана.")
WITHDRAWAL_REASON = "Организация решила подать проект в другой конкурс."


def budget_rows(amount, competition):
    """Budget lines adding up exactly to ``amount``: unit costs rounded down to 100 KZT, the single-unit line
    takes the rest. A multi-year project's budget is split evenly over its years (the last year takes the
    remainder), each line with its year."""
    years = competition.project_years or []
    if len(years) < 2:
        return _year_rows(Decimal(amount), None)
    share = (Decimal(amount) / len(years) / 100).to_integral_value(rounding=ROUND_FLOOR) * 100
    rows = []
    for index, year in enumerate(years):
        rows += _year_rows(share if index < len(years) - 1 else Decimal(amount) - share * (len(years) - 1), year)
    return rows


def _year_rows(amount, year):
    costs = {}
    for order, (_category, _description, quantity, share) in enumerate(BUDGET_SHARES):
        if quantity != 1:
            costs[order] = (amount * share / quantity / 100).to_integral_value(rounding=ROUND_FLOOR) * 100
    single = next(order for order, line in enumerate(BUDGET_SHARES) if line[2] == 1)
    costs[single] = amount - sum(cost * BUDGET_SHARES[order][2] for order, cost in costs.items())
    rows = []
    for order, (category, description, quantity, _share) in enumerate(BUDGET_SHARES):
        row = {"category": category, "description": description, "quantity": Decimal(quantity),
               "unit_cost": costs[order].quantize(CENT)}
        if year is not None:
            row["year"] = year
        rows.append(row)
    return rows


def sections(bid, organization, competition):
    """The form's sections in order, each as the section form's cleaned data."""
    start, end = competition.project_starts_on, competition.project_ends_on
    step = (end - start) / len(ACTIVITIES)
    return [
        ("project", {
            "title": bid.title,
            "summary": f"Проект реализует {organization.name} в течение девяти месяцев; он охватит "
                       f"{bid.beneficiaries} благополучателей в районах области.",
            "co_financing": money(bid.amount // 10)}),
        ("problem", {"problem": "По данным акимата и собственных опросов организации, целевая группа недостаточно "
                                "охвачена существующими услугами: в сельских округах нет постоянных площадок, а "
                                "информация о доступной помощи не доходит до тех, кому она нужна."}),
        ("goals", {"goals": "Цель: устойчиво улучшить положение целевой группы.\nЗадачи: 1) открыть площадки и "
                            "обучить координаторов; 2) провести цикл мероприятий; 3) передать методику партнёрам в "
                            "районах."}),
        ("target_group", {"target_group": "Жители Костанайской области, входящие в целевую группу конкурса, их "
                                          "семьи и волонтёры из числа местных жителей.",
                          "beneficiaries_count": bid.beneficiaries}),
        ("activities", {"rows": [
            {"title": title, "description": "", "starts_on": start + step * i,
             "ends_on": start + step * (i + 1) - timedelta(days=1),
             "expected_result": result.format(beneficiaries=bid.beneficiaries)}
            for i, (title, result) in enumerate(ACTIVITIES)]}),
        ("indicators", {"rows": [
            {"name": "Количество благополучателей", "unit": "чел.", "baseline": Decimal("0"),
             "target": Decimal(bid.beneficiaries)},
            {"name": "Проведено мероприятий", "unit": "ед.", "baseline": Decimal("0"), "target": Decimal("24")},
            {"name": "Доля участников, удовлетворённых проектом", "unit": "%", "baseline": Decimal("0"),
             "target": Decimal("85")}]}),
        ("budget", {"rows": budget_rows(bid.amount, competition)}),
        ("team", {"team": "Руководитель проекта (опыт 7 лет), два координатора, бухгалтер, 15 волонтёров."}),
        ("sustainability", {"sustainability": "После завершения проекта площадки продолжат работу на базе "
                                              "партнёрских школ и домов культуры; методика будет опубликована в "
                                              "открытом доступе."}),
    ]


def write_application(ctx, competition, bid, *, at):
    """The NGO's owner opens a draft, fills every section in turn and attaches the mandatory documents."""
    organization, author = ctx.organizations[bid.org], ctx.users[bid.org]
    application = application_start(competition=competition, organization=organization, actor=author, now=at)
    for key, data in sections(bid, organization, competition):
        application = application_save_section(application=application, section=key, data=data,
                                               version=application.version, actor=author)
    for required in competition.required_documents.filter(mandatory=True):
        with translation.override("en"):  # the demo PDFs hold ASCII text only
            label = str(DocumentType(required.document_type).label)
        upload = pdf_upload(f"{required.document_type}.pdf", [
            label, f"Organisation BIN {organization.bin}", f"Application to {competition.reference}"])
        attachment_add(application=application, document_type=required.document_type, uploaded=upload,
                       actor=author)
    return application


def add_applications(ctx, competition, spec, timeline):
    """Every bid of the spec is written; all but drafts are submitted, in spec order, before the deadline."""
    applications = []
    for index, bid in enumerate(spec.bids):
        started = timeline.opens_at + timedelta(days=1 + index)
        application = write_application(ctx, competition, bid, at=started)
        if bid.status != ApplicationStatus.DRAFT:
            application = application_submit(application=application, actor=ctx.users[bid.org],
                                             now=started + timedelta(days=2, hours=3))
        applications.append((bid, application))
    return applications


def withdraw(ctx, applications, *, at):
    """The bids the spec marks withdrawn are withdrawn by their NGO before the deadline."""
    for bid, application in applications:
        if bid.status == ApplicationStatus.WITHDRAWN:
            application_withdraw(application=application, actor=ctx.users[bid.org], reason=WITHDRAWAL_REASON,
                                 now=at)


def decide_admission(ctx, applications, *, at):
    """The admission decisions the spec asks for; a bid left "submitted" waits for its decision."""
    for bid, application in applications:
        if bid.status == ApplicationStatus.RETURNED:
            application_return(application=application, reasons=RETURN_REASONS, working_days=3, actor=ctx.official,
                               now=at)
        elif bid.status == ApplicationStatus.REJECTED:
            application_reject(application=application, reason=REJECTION_REASON, actor=ctx.official, now=at)
        elif bid.status not in {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}:
            application_admit(application=application, actor=ctx.official, now=at)
    for _bid, application in applications:
        application.refresh_from_db()
