from decimal import Decimal

from django.db import migrations

GENERIC_0_10_BANDS = [
    {"from": 0, "to": 1, "text": "Критерий не выполнен: сведений нет или они противоречат заявке."},
    {"from": 2, "to": 4, "text": "Слабо: существенные недостатки, которые ставят под сомнение результат."},
    {"from": 5, "to": 7, "text": "Хорошо: есть отдельные недостатки, не влияющие на реализацию."},
    {"from": 8, "to": 10, "text": "Отлично: критерий полностью выполнен, недостатков нет."},
]

GRANT_FUND_10 = {
    "name": "Методика 10 критериев (0–10, с коэффициентами)",
    "description": (
        "Десять критериев по шкале 0–10 с весовыми коэффициентами, по образцу методики оценки "
        "Фонда президентских грантов. Итог эксперта = сумма (балл × коэффициент), максимум 80."
    ),
    "suggested_pass_threshold": None,
    "criteria": [
        ("Актуальность и социальная значимость проекта", "1"),
        ("Логическая связность и реализуемость проекта, соответствие мероприятий целям, задачам и "
         "ожидаемым результатам", "1"),
        ("Инновационность, уникальность проекта", "0.5"),
        ("Соотношение планируемых расходов и ожидаемых результатов; измеримость и достижимость "
         "результатов", "1"),
        ("Реалистичность бюджета и обоснованность планируемых расходов", "1"),
        ("Масштаб реализации проекта", "0.5"),
        ("Собственный вклад организации и привлекаемые ресурсы, перспективы развития проекта", "0.5"),
        ("Опыт организации по успешной реализации проектов по направлению", "1"),
        ("Соответствие опыта и компетенций команды проекта планируемой деятельности", "1"),
        ("Информационная открытость организации", "0.5"),
    ],
    "scale": ("0", "10", "1"),
    "min_required": None,
}

EU_3 = {
    "name": "EU-style: 3 criteria, 0–5, thresholds 3/3/3 and 10/15",
    "description": (
        "Relevance, quality of the design and implementation, and impact, each scored 0 to 5 in half "
        "points. A proposal must reach at least 3 on every criterion and 10 of 15 overall."
    ),
    "suggested_pass_threshold": "10",
    "criteria": [
        ("Relevance / Актуальность / Өзектілігі", "1"),
        ("Quality of the project design and implementation / Качество проекта и его реализации / "
         "Жобаның сапасы", "1"),
        ("Impact and sustainability / Влияние и устойчивость / Әсері мен тұрақтылығы", "1"),
    ],
    "scale": ("0", "5", "0.5"),
    "min_required": "3",
}

SOCIAL_ORDER_RESULT_5 = {
    "name": "Оценка результатов государственного социального заказа (5 критериев)",
    "description": (
        "Оценка реализованного проекта: пять критериев по шкале 0–5, итог — сумма баллов (максимум 25)."
    ),
    "suggested_pass_threshold": "15",
    "criteria": [
        ("Достижение цели и задач проекта", "1"),
        ("Достижение запланированных показателей результатов", "1"),
        ("Охват целевой группы и удовлетворенность благополучателей", "1"),
        ("Эффективность и целевое использование средств", "1"),
        ("Устойчивость результатов и социальный эффект", "1"),
    ],
    "scale": ("0", "5", "1"),
    "min_required": None,
}

TEMPLATES = [GRANT_FUND_10, EU_3, SOCIAL_ORDER_RESULT_5]


def load(apps, schema_editor):
    Rubric = apps.get_model("scoring", "Rubric")
    Criterion = apps.get_model("scoring", "Criterion")
    for template in TEMPLATES:
        rubric, created = Rubric.objects.get_or_create(
            name=template["name"], is_template=True, body=None, competition=None,
            defaults={"description": template["description"],
                      "suggested_pass_threshold": template["suggested_pass_threshold"]},
        )
        if not created:
            continue
        low, high, step = template["scale"]
        for order, (title, weight) in enumerate(template["criteria"], start=1):
            Criterion.objects.create(
                rubric=rubric, order=order, title=title, min_score=Decimal(low), max_score=Decimal(high),
                step=Decimal(step), weight=Decimal(weight),
                min_required=Decimal(template["min_required"]) if template["min_required"] else None,
                comment_required=True,
                guidance=GENERIC_0_10_BANDS if high == "10" else [],
            )


def unload(apps, schema_editor):
    apps.get_model("scoring", "Rubric").objects.filter(
        is_template=True, name__in=[t["name"] for t in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
