"""The living demo behind ``manage.py seed_demo``.

It lives in ``scoring`` because scoring is the top app and may import every other one; the command in
``portal`` imports it lazily. One builder per competition state; every status moves through the real
transition functions (``competition_transition``, ``application_transition``, ``assignment_transition``),
so the audit chain tells the whole story and ``verify_audit`` passes.

Idempotent: every object is keyed on a stable natural key (e-mail, BIN, competition reference). A
competition that already exists is left exactly as it is; the whole build runs in one transaction, so a
half-built competition never survives a failure.
"""

import hashlib
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from applications.enums import ApplicationStatus, BudgetCategory
from applications.models import Activity, Application, Attachment, BudgetLine, Indicator
from applications.services import application_transition
from competitions.enums import CompetitionDocumentKind, CompetitionKind, CompetitionStatus, DocumentType, TermType
from competitions.models import Clarification, Competition, CompetitionDocument, RequiredDocument
from competitions.services import competition_transition
from portal import audit
from portal.accounts.models import (
    AffiliationKind,
    ExpertAffiliation,
    ExpertProfile,
    GovernmentBody,
    LegalForm,
    Membership,
    MembershipRole,
    ObserverMembership,
    OfficialMembership,
    OfficialRole,
    Organization,
    User,
)
from portal.accounts.validators import bin_check_digit
from portal.canonical import canonical_json
from portal.reference.models import PriorityArea, Region, Sequence

from .assignment.services import assignment_create, assignment_transition
from .enums import AppealStatus, AssignmentStatus, ConflictType
from .evaluation.services import evaluation_save_draft, evaluation_submit
from .experts.services import pool_add
from .models import (
    Appeal,
    ConflictDeclaration,
    Criterion,
    Evaluation,
    Rubric,
)
from .ranking.services import ranking_freeze, results_publish

DEMO_PASSWORD = "demo-portal-2026"
YEAR = 2026
CENT = Decimal("0.01")
# Sequence keys the services use to issue numbers; bumped past the demo's own numbers.
COMPETITION_SEQUENCE_KEY = f"competition:{YEAR}"


def application_sequence_key(competition):
    """The counter ``application_submit`` uses for registration numbers (``<reference>-NNN``)."""
    return f"application:{competition.pk}"


def make_bin(first_ten: str) -> str:
    """A valid BIN from ten leading digits: the eleventh digit is bumped until a check digit exists."""
    for eleventh in range(10):
        digit = bin_check_digit(f"{first_ten}{eleventh}")
        if digit is not None:
            return f"{first_ten}{eleventh}{digit}"
    raise ValueError(first_ten)


# --------------------------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------------------------

BODY = {
    "short_code": "kostanay-uvp",
    "bin": make_bin("0801400021"),
    "region": "kostanay",
    "name_ru": "Управление внутренней политики акимата Костанайской области",
    "name_kk": "Қостанай облысы әкімдігінің ішкі саясат басқармасы",
    "name_en": "Department of Internal Policy of the Kostanay Region Akimat",
    "address": "г. Костанай, ул. Аль-Фараби, 66",
}
SECOND_BODY = {
    "short_code": "nko-uzdrav",
    "bin": make_bin("0703400118"),
    "region": "north-kazakhstan",
    "name_ru": "Управление здравоохранения акимата Северо-Казахстанской области",
    "name_kk": "Солтүстік Қазақстан облысы әкімдігінің денсаулық сақтау басқармасы",
    "name_en": "Health Department of the North Kazakhstan Region Akimat",
    "address": "г. Петропавловск, ул. Конституции Казахстана, 58",
}

ORGANIZATIONS = {
    "ngo1": {
        "name": "ОО «Молодёжный ресурсный центр «Болашақ»",
        "bin": make_bin("1503400123"),
        "legal_form": LegalForm.PUBLIC_ASSOCIATION,
        "region": "kostanay",
        "address": "г. Костанай, пр. Абая, 12, офис 4",
        "registered_on": (2015, 3, 12),
        "ngo_database_registered_on": (2016, 2, 1),
        "contact_phone": "+7 714 255 10 20",
    },
    "ngo2": {
        "name": "ОФ «Мейірім — забота о старшем поколении»",
        "bin": make_bin("1109400567"),
        "legal_form": LegalForm.PUBLIC_FOUNDATION,
        "region": "north-kazakhstan",
        "address": "г. Петропавловск, ул. Букетова, 31",
        "registered_on": (2011, 9, 5),
        "ngo_database_registered_on": (2013, 4, 18),
        "contact_phone": "+7 715 246 33 01",
    },
    "ngo3": {
        "name": "ОО «Экологическое общество «Жасыл Дала»",
        "bin": make_bin("1906400890"),
        "legal_form": LegalForm.PUBLIC_ASSOCIATION,
        "region": "akmola",
        "address": "г. Кокшетау, ул. Ауельбекова, 139",
        "registered_on": (2019, 6, 20),
        "ngo_database_registered_on": (2020, 1, 15),
        "contact_phone": "+7 716 225 47 70",
    },
}

USERS = {
    # key: (e-mail, full name, preferred language)
    "official": ("official@example.kz", "Серикова Айгуль Маратовна", "ru"),
    "observer": ("observer@example.kz", "Ахметов Ерлан Болатович", "kk"),
    "ngo1": ("ngo1@example.kz", "Жумабаева Динара Кайратовна", "ru"),
    "ngo2": ("ngo2@example.kz", "Ковалёв Андрей Викторович", "ru"),
    "ngo3": ("ngo3@example.kz", "Исмаилова Сауле Ерболовна", "kk"),
    "expert1": ("expert1@example.kz", "Нургалиева Гульнара Сериковна", "ru"),
    "expert2": ("expert2@example.kz", "Петренко Ольга Ивановна", "ru"),
    "expert3": ("expert3@example.kz", "Касымов Бауыржан Нурланович", "kk"),
    "expert4": ("expert4@example.kz", "Ли Виктория Олеговна", "en"),
    "expert5": ("expert5@example.kz", "Тулегенов Арман Жанатович", "kk"),
    "admin": ("admin@example.kz", "Администратор портала", "ru"),
}

EXPERTS = {
    # key: (priority areas, regions, languages, bio)
    "expert1": (["youth", "education"], ["kostanay"], ["ru", "kk"],
                "Кандидат педагогических наук, 12 лет в молодёжной политике, эксперт грантовых конкурсов с 2018 года."),
    "expert2": (["social-support", "disability", "family"], ["kostanay", "north-kazakhstan"], ["ru"],
                "Социальный работник, руководила центром оказания специальных социальных услуг."),
    "expert3": (["environment", "rural"], ["akmola", "kostanay"], ["kk", "ru", "en"],
                "Эколог, магистр естественных наук; оценивал проекты ПРООН и GEF SGP."),
    "expert4": (["health", "family", "social-support"], ["astana"], ["ru", "en"],
                "Врач общественного здравоохранения, консультант международных программ."),
    "expert5": (["youth", "civil-society", "culture"], ["kostanay"], ["kk", "ru"],
                "Исследователь гражданского общества, член попечительского совета молодёжного центра."),
}

LOGINS = [
    ("admin@example.kz", "administrator (Django admin at /admin/)"),
    ("official@example.kz", "official: manager of the Kostanay internal policy department"),
    ("observer@example.kz", "observer: public council of the Kostanay region"),
    ("ngo1@example.kz", "NGO owner: youth resource centre «Bolashak» (Kostanay)"),
    ("ngo2@example.kz", "NGO owner: foundation «Meyirim» (North Kazakhstan)"),
    ("ngo3@example.kz", "NGO owner: ecological society «Zhasyl Dala» (Akmola)"),
    ("expert1@example.kz", "expert: youth, education"),
    ("expert2@example.kz", "expert: social support, disability, family"),
    ("expert3@example.kz", "expert: environment, rural development"),
    ("expert4@example.kz", "expert: health, family"),
    ("expert5@example.kz", "expert: youth, civil society (board member of «Bolashak»)"),
]


@dataclass
class Context:
    now: object
    users: dict = field(default_factory=dict)
    organizations: dict = field(default_factory=dict)
    experts: dict = field(default_factory=dict)
    body: object = None
    templates: dict = field(default_factory=dict)

    @property
    def official(self):
        return self.users["official"]


def _date(parts):
    return date(*parts)


def ensure_people(ctx):
    password = make_password(DEMO_PASSWORD)  # hashed once: eleven PBKDF2 rounds would cost seconds
    for key, (email, full_name, language) in USERS.items():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create(
                email=email, full_name=full_name, preferred_language=language, password=password,
                is_staff=key == "admin", is_superuser=key == "admin", email_confirmed_at=ctx.now,
                date_joined=ctx.now - timedelta(days=400))
        ctx.users[key] = user

    ctx.body = _ensure_body(BODY)
    _ensure_body(SECOND_BODY)
    OfficialMembership.objects.get_or_create(user=ctx.official, body=ctx.body,
                                             defaults={"role": OfficialRole.MANAGER})
    ObserverMembership.objects.get_or_create(
        user=ctx.users["observer"], body=ctx.body,
        defaults={"council": "Общественный совет Костанайской области"})

    for key, spec in ORGANIZATIONS.items():
        organization = Organization.objects.filter(bin=spec["bin"]).first()
        if organization is None:
            organization = Organization(
                name=spec["name"], bin=spec["bin"], legal_form=spec["legal_form"],
                region=Region.objects.get(code=spec["region"]), address=spec["address"],
                registered_on=_date(spec["registered_on"]), in_ngo_database=True,
                ngo_database_registered_on=_date(spec["ngo_database_registered_on"]),
                contact_email=USERS[key][0], contact_phone=spec["contact_phone"])
            organization.full_clean()
            organization.save()
        ctx.organizations[key] = organization
        Membership.objects.get_or_create(user=ctx.users[key], organization=organization,
                                         defaults={"role": MembershipRole.OWNER})

    for key, (areas, regions, languages, bio) in EXPERTS.items():
        profile, created = ExpertProfile.objects.get_or_create(
            user=ctx.users[key], defaults={"languages": languages, "bio": bio, "max_load": 8,
                                           "invited_by": ctx.users["admin"]})
        if created:
            profile.priority_areas.set(PriorityArea.objects.filter(code__in=areas))
            profile.regions.set(Region.objects.filter(code__in=regions))
        ctx.experts[key] = profile

    # expert5 sits on the board of ngo1: the automatic conflict check keeps them off ngo1's bids.
    ngo1 = ctx.organizations["ngo1"]
    ExpertAffiliation.objects.get_or_create(
        expert=ctx.experts["expert5"], organization_bin=ngo1.bin,
        defaults={"organization_name": ngo1.name, "kind": AffiliationKind.BOARD_MEMBER,
                  "started_on": _date((2021, 5, 1))})


def _ensure_body(spec):
    body = GovernmentBody.objects.filter(short_code=spec["short_code"]).first()
    if body is None:
        body = GovernmentBody.objects.create(
            short_code=spec["short_code"], bin=spec["bin"], region=Region.objects.get(code=spec["region"]),
            name_ru=spec["name_ru"], name_kk=spec["name_kk"], name_en=spec["name_en"], address=spec["address"])
    return body


# --------------------------------------------------------------------------------------------------------------
# Competitions: one spec per lifecycle state
# --------------------------------------------------------------------------------------------------------------

GRANT_RUBRIC = "grant10"
EU_RUBRIC = "eu3"
TEMPLATE_NAME_PREFIX = {GRANT_RUBRIC: "Методика 10 критериев", EU_RUBRIC: "EU-style"}
PASS_THRESHOLD = {GRANT_RUBRIC: Decimal("40"), EU_RUBRIC: Decimal("10")}

REQUIRED_DOCUMENTS = [
    (DocumentType.CHARTER, True, "Действующая редакция устава"),
    (DocumentType.REGISTRATION_CERTIFICATE, True, "Справка о государственной регистрации (перерегистрации)"),
    (DocumentType.BUDGET_JUSTIFICATION, True, "Расчёт и обоснование каждой статьи расходов"),
    (DocumentType.LETTERS_OF_SUPPORT, False, "Письма поддержки партнёров (по желанию)"),
]


@dataclass(frozen=True)
class Bid:
    """One application in a spec: who applies, for how much, how good it is and where it ends up."""

    org: str
    title: str
    amount: int  # requested, KZT
    quality: float = 0.7  # 0..1, drives the experts' scores
    status: str = ApplicationStatus.SUBMITTED
    beneficiaries: int = 150


@dataclass(frozen=True)
class Spec:
    reference: str
    state: str  # builder key (competition status, or "open" / "upcoming" for the published ones)
    kind: str
    area: str
    title_ru: str
    title_kk: str
    title_en: str
    description_ru: str
    description_kk: str
    total: int
    min_amount: int
    max_amount: int
    planned: int
    rubric: str
    opens: int  # days from now
    closes: int
    bids: tuple = ()
    restrict_to_regions: bool = False


SPECS = [
    Spec(
        "SZ-2026-0001", "final", CompetitionKind.STATE_SOCIAL_ORDER, "social-support",
        "Активное долголетие: социальная поддержка пожилых людей Костанайской области",
        "Белсенді ұзақ өмір: Қостанай облысының егде жастағы адамдарын әлеуметтік қолдау",
        "Active longevity: social support for older people in Kostanay Region",
        "Государственный социальный заказ на организацию досуга, обучения цифровой грамотности и "
        "волонтёрской помощи одиноко проживающим пожилым людям в районах области.",
        "Облыс аудандарында жалғыз тұратын егде жастағы адамдарға бос уақытты ұйымдастыру, цифрлық "
        "сауаттылыққа оқыту және еріктілер көмегін көрсету бойынша мемлекеттік әлеуметтік тапсырыс.",
        8_000_000, 2_000_000, 5_000_000, 2, GRANT_RUBRIC, -150, -120,
        # The reserve (ngo1) lapsed to "not funded" when the results became final.
        bids=(Bid("ngo2", "«Серебряный университет»: цифровая грамотность для пенсионеров", 4_800_000, 0.86,
                  ApplicationStatus.WINNER, 320),
              Bid("ngo1", "«Внуки по переписке»: молодёжные волонтёры — одиноким пожилым", 4_500_000, 0.72,
                  ApplicationStatus.NOT_FUNDED, 180),
              Bid("ngo3", "Экологические прогулки для людей старшего возраста", 3_000_000, 0.36,
                  ApplicationStatus.BELOW_THRESHOLD, 90)),
    ),
    Spec(
        "SZ-2026-0002", "results_published", CompetitionKind.STATE_GRANT, "disability",
        "Инклюзивные мастерские: трудовая занятость людей с инвалидностью",
        "Инклюзивті шеберханалар: мүгедектігі бар адамдарды еңбекпен қамту",
        "Inclusive workshops: employment for people with disabilities",
        "Государственные гранты на создание социальных мастерских, обучение профессиям и сопровождение "
        "трудоустройства людей с инвалидностью.",
        "Әлеуметтік шеберханалар құруға, кәсіпке оқытуға және мүгедектігі бар адамдарды жұмысқа "
        "орналастыруды сүйемелдеуге арналған мемлекеттік гранттар.",
        8_000_000, 1_500_000, 5_000_000, 2, EU_RUBRIC, -70, -40,
        bids=(Bid("ngo2", "Швейная мастерская «Мейірім» для женщин с инвалидностью", 4_900_000, 0.9,
                  ApplicationStatus.WINNER, 40),
              Bid("ngo1", "Молодёжный IT-клуб с инклюзивным обучением", 4_500_000, 0.8,
                  ApplicationStatus.RESERVE, 60),
              Bid("ngo3", "Инклюзивная теплица: выращивание рассады", 3_800_000, 0.76,
                  ApplicationStatus.RESERVE, 25)),
    ),
    Spec(
        "SZ-2026-0003", "ranked", CompetitionKind.STATE_GRANT, "environment",
        "Чистый берег Тобола: экологические инициативы",
        "Тобылдың таза жағасы: экологиялық бастамалар",
        "A clean Tobol riverbank: environmental initiatives",
        "Гранты на уборку и благоустройство прибрежных зон реки Тобол, раздельный сбор отходов и "
        "экологическое просвещение школьников.",
        "Тобыл өзенінің жағалау аймақтарын тазалауға және абаттандыруға, қалдықтарды бөлек жинауға және "
        "оқушыларды экологиялық ағартуға арналған гранттар.",
        8_000_000, 1_000_000, 4_000_000, 2, GRANT_RUBRIC, -75, -45,
        bids=(Bid("ngo3", "«Жасыл жағалау»: 20 субботников и станции раздельного сбора", 3_900_000, 0.9,
                  ApplicationStatus.ADMITTED, 1200),
              Bid("ngo1", "Школьные эко-патрули Костаная", 3_200_000, 0.74, ApplicationStatus.ADMITTED, 600),
              Bid("ngo2", "Зелёный двор: озеленение вместе с пенсионерами", 2_500_000, 0.6,
                  ApplicationStatus.ADMITTED, 250)),
    ),
    Spec(
        "SZ-2026-0004", "under_review", CompetitionKind.STATE_GRANT, "youth",
        "Волонтёры села: развитие молодёжного волонтёрства в сельских округах",
        "Ауыл еріктілері: ауылдық округтерде жастар еріктілігін дамыту",
        "Village volunteers: youth volunteering in rural districts",
        "Гранты на создание волонтёрских штабов в сельских округах, обучение координаторов и "
        "проведение добровольческих акций.",
        "Ауылдық округтерде еріктілер штабтарын құруға, үйлестірушілерді оқытуға және ерікті акцияларды "
        "өткізуге арналған гранттар.",
        9_000_000, 1_000_000, 3_000_000, 3, GRANT_RUBRIC, -55, -25,
        bids=(Bid("ngo1", "Сеть волонтёрских штабов «Болашақ» в 8 сельских округах", 2_900_000, 0.8,
                  ApplicationStatus.ADMITTED, 400),
              Bid("ngo2", "Серебряные волонтёры: пенсионеры-наставники сельской молодёжи", 2_400_000, 0.65,
                  ApplicationStatus.ADMITTED, 200),
              Bid("ngo3", "Эко-волонтёры степи", 1_800_000, 0.5, ApplicationStatus.REJECTED, 150)),
    ),
    Spec(
        "SZ-2026-0005", "closed", CompetitionKind.STATE_SOCIAL_ORDER, "family",
        "Семья — опора общества: поддержка семей в трудной жизненной ситуации",
        "Отбасы — қоғамның тірегі: қиын өмірлік жағдайдағы отбасыларды қолдау",
        "Family first: support for families in difficult circumstances",
        "Социальный заказ на консультирование, кризисную психологическую помощь и семейные клубы для "
        "многодетных и неполных семей.",
        "Көпбалалы және толық емес отбасыларға кеңес беру, дағдарыстық психологиялық көмек және отбасылық "
        "клубтар бойынша әлеуметтік тапсырыс.",
        7_500_000, 1_500_000, 2_500_000, 3, EU_RUBRIC, -35, -4,
        bids=(Bid("ngo1", "Молодые родители: школа ответственного родительства", 2_200_000, 0.7,
                  ApplicationStatus.SUBMITTED, 120),
              Bid("ngo2", "Семейный клуб «Мейірім»: три поколения вместе", 2_400_000, 0.75,
                  ApplicationStatus.ADMITTED, 90),
              Bid("ngo3", "Экологические выходные для многодетных семей", 1_600_000, 0.6,
                  ApplicationStatus.RETURNED, 80)),
    ),
    Spec(
        "SZ-2026-0006", "open", CompetitionKind.STATE_GRANT, "youth",
        "Молодёжные инициативы Костанайской области — 2026",
        "Қостанай облысының жастар бастамалары — 2026",
        "Youth initiatives of Kostanay Region 2026",
        "Государственные гранты для НПО на проекты, которые вовлекают молодёжь 14–35 лет в общественную "
        "жизнь: медиаграмотность, профориентация, молодёжное предпринимательство, спорт во дворах.",
        "14–35 жастағы жастарды қоғамдық өмірге тартатын жобаларға ҮЕҰ-ға арналған мемлекеттік гранттар: "
        "медиасауаттылық, кәсіптік бағдар, жастар кәсіпкерлігі, аулалардағы спорт.",
        15_000_000, 1_000_000, 5_000_000, 4, GRANT_RUBRIC, -10, 20,
        bids=(Bid("ngo1", "Медиашкола «Болашақ»: медиаграмотность для старшеклассников", 3_600_000, 0.8,
                  ApplicationStatus.SUBMITTED, 250),
              Bid("ngo2", "Профориентационный марафон для сельской молодёжи", 2_800_000, 0.7,
                  ApplicationStatus.DRAFT, 300)),
    ),
    Spec(
        "SZ-2026-0007", "upcoming", CompetitionKind.STATE_SOCIAL_ORDER, "culture",
        "Наследие Тургайского края: сохранение историко-культурного наследия",
        "Торғай өлкесінің мұрасы: тарихи-мәдени мұраны сақтау",
        "Heritage of the Turgai land: preserving historical and cultural heritage",
        "Социальный заказ на экспедиции по сбору устной истории, цифровой архив и выставки в сельских "
        "музеях. Участвуют организации, зарегистрированные в Костанайской области.",
        "Ауызша тарихты жинау экспедицияларына, цифрлық мұрағатқа және ауыл мұражайларындағы көрмелерге "
        "әлеуметтік тапсырыс. Қостанай облысында тіркелген ұйымдар қатысады.",
        6_000_000, 1_000_000, 3_000_000, 2, EU_RUBRIC, 7, 37, restrict_to_regions=True,
    ),
    Spec(
        "SZ-2026-0008", "draft", CompetitionKind.STATE_SOCIAL_ORDER, "health",
        "Здоровое село: профилактика неинфекционных заболеваний",
        "Сау ауыл: жұқпалы емес аурулардың алдын алу",
        "Healthy village: prevention of non-communicable diseases",
        "Проект конкурса: выездные школы здоровья, скрининг-дни и клубы скандинавской ходьбы в сёлах.",
        "Конкурс жобасы: көшпелі денсаулық мектептері, скрининг күндері және ауылдардағы скандинавиялық "
        "жүру клубтары.",
        5_000_000, 1_000_000, 2_500_000, 2, GRANT_RUBRIC, 20, 50,
    ),
    Spec(
        "SZ-2026-0009", "cancelled", CompetitionKind.STATE_GRANT, "rural",
        "Центры досуга в сельских округах",
        "Ауылдық округтердегі демалыс орталықтары",
        "Leisure centres in rural districts",
        "Гранты на открытие и оснащение центров досуга для жителей сельских округов.",
        "Ауылдық округтер тұрғындарына арналған демалыс орталықтарын ашуға және жабдықтауға гранттар.",
        10_000_000, 2_000_000, 5_000_000, 2, GRANT_RUBRIC, -25, 10,
        bids=(Bid("ngo1", "Молодёжный коворкинг в селе Заречное", 4_000_000, 0.7, ApplicationStatus.SUBMITTED, 300),
              Bid("ngo2", "Клуб «Ауыл кеші» для пожилых жителей", 2_500_000, 0.6, ApplicationStatus.WITHDRAWN, 150)),
    ),
]

CANCELLATION_REASON = ("Бюджетные ассигнования на конкурс перераспределены решением маслихата; конкурс будет "
                       "объявлен повторно в следующем финансовом году.")


def _days(ctx, days, hour=10):
    """``now`` shifted by ``days``, at a fixed local hour so the demo reads naturally."""
    moment = timezone.localtime(ctx.now + timedelta(days=days))
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@dataclass
class Timeline:
    opens_at: object
    closes_at: object

    def at(self, days, hour=10):
        moment = timezone.localtime(self.closes_at + timedelta(days=days))
        return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _money(value):
    return Decimal(value).quantize(CENT)


def create_competition(ctx, spec):
    """The draft with its documents and its own (unlocked) copy of the rubric template."""
    opens_at, closes_at = _days(ctx, spec.opens, hour=9), _days(ctx, spec.closes, hour=18)
    project_start = (closes_at + timedelta(days=45)).date().replace(day=1)
    competition = Competition.objects.create(
        reference=spec.reference, kind=spec.kind, body=ctx.body, status=CompetitionStatus.DRAFT,
        status_changed_at=opens_at - timedelta(days=10),
        title_ru=spec.title_ru, title_kk=spec.title_kk, title_en=spec.title_en,
        description_ru=spec.description_ru, description_kk=spec.description_kk,
        priority_area=PriorityArea.objects.get(code=spec.area), term_type=TermType.SHORT,
        project_starts_on=project_start, project_ends_on=project_start + timedelta(days=270),
        project_years=[project_start.year],
        total_budget=_money(spec.total), min_amount=_money(spec.min_amount), max_amount=_money(spec.max_amount),
        planned_grants=spec.planned, opens_at=opens_at, closes_at=closes_at,
        evaluation_deadline=(closes_at + timedelta(days=20)).date(),
        min_organization_age_months=12, restrict_to_regions=spec.restrict_to_regions,
        pass_threshold=PASS_THRESHOLD[spec.rubric], created_by=ctx.official,
    )
    competition.regions.set([Region.objects.get(code="kostanay")])
    RequiredDocument.objects.bulk_create([
        RequiredDocument(competition=competition, document_type=doc_type, mandatory=mandatory, note=note, order=i)
        for i, (doc_type, mandatory, note) in enumerate(REQUIRED_DOCUMENTS)
    ])
    audit.record(actor=ctx.official, action="competition.created", target=competition,
                 competition_id=competition.pk, after={"reference": competition.reference})
    if spec.state != "draft":
        document = CompetitionDocument(
            competition=competition, kind=CompetitionDocumentKind.TERMS_OF_REFERENCE,
            title="Техническая спецификация конкурса", original_name=f"{spec.reference}-terms.pdf",
            content_type="application/pdf", uploaded_by=ctx.official)
        _store_file(document, f"{spec.reference}-terms.pdf", [
            f"Competition {spec.reference}: terms of reference", spec.title_en,
            f"Total budget: {spec.total} KZT; per application {spec.min_amount}-{spec.max_amount} KZT.",
        ])
    copy_rubric(ctx, competition, spec.rubric)
    return competition


def copy_rubric(ctx, competition, key):
    template = ctx.templates[key]
    rubric = Rubric.objects.create(
        name=template.name, description=template.description, body=ctx.body, competition=competition,
        copied_from=template, suggested_pass_threshold=template.suggested_pass_threshold, created_by=ctx.official)
    Criterion.objects.bulk_create([
        Criterion(rubric=rubric, order=c.order, title=c.title, description=c.description, guidance=c.guidance,
                  min_score=c.min_score, max_score=c.max_score, step=c.step, weight=c.weight,
                  min_required=c.min_required, comment_required=c.comment_required)
        for c in template.criteria.order_by("order")
    ])
    return rubric


def publish(ctx, competition, *, at):
    Rubric.objects.filter(competition=competition, locked_at__isnull=True).update(locked_at=at)
    competition_transition(competition=competition, to=CompetitionStatus.PUBLISHED, actor=ctx.official, now=at)


def _pdf(lines):
    """A tiny, valid one-page PDF (ASCII text): enough for downloads, hashes and the content allow-list."""
    def escape(text):
        return text.encode("ascii", "replace").decode().replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 12 Tf 56 780 Td 16 TL " + " ".join(f"({escape(line)}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _store_file(instance, name, lines):
    data = _pdf(lines)
    instance.size = len(data)
    instance.sha256 = hashlib.sha256(data).hexdigest()
    instance.file.save(name, ContentFile(data), save=False)
    instance.save()
    return instance


# --------------------------------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------------------------------

BUDGET_SHARES = [
    # category, description, unit, share of the requested amount
    (BudgetCategory.SALARIES, "Оплата труда руководителя и координаторов проекта", 9, Decimal("0.34")),
    (BudgetCategory.SALARY_TAXES, "Налоги и отчисления с оплаты труда", 9, Decimal("0.04")),
    (BudgetCategory.EVENTS, "Аренда залов и кофе-брейки для мероприятий", 12, Decimal("0.22")),
    (BudgetCategory.SERVICES, "Услуги тренеров и приглашённых специалистов", 24, Decimal("0.16")),
    (BudgetCategory.MATERIALS, "Раздаточные и расходные материалы", 300, Decimal("0.08")),
    (BudgetCategory.PUBLICITY, "Информационная кампания в СМИ и социальных сетях", 1, Decimal("0.06")),
    (BudgetCategory.TRAVEL, "Выезды в районы области", 16, Decimal("0.05")),
    (BudgetCategory.ADMINISTRATIVE, "Аренда офиса, связь, банковские услуги", 9, Decimal("0.05")),
]


def create_application(ctx, competition, bid, *, at):
    organization = ctx.organizations[bid.org]
    application = Application.objects.create(
        competition=competition, organization=organization, created_by=ctx.users[bid.org],
        status=ApplicationStatus.DRAFT, status_changed_at=at,
        title=bid.title,
        summary=f"Проект «{bid.title}» реализуется {organization.name} в течение девяти месяцев и охватит "
                f"{bid.beneficiaries} благополучателей.",
        problem="По данным акимата и собственных опросов организации, целевая группа недостаточно охвачена "
                "существующими услугами: в сельских округах нет постоянных площадок, а информация о "
                "доступной помощи не доходит до тех, кому она нужна.",
        goals="Цель: устойчиво улучшить положение целевой группы.\nЗадачи: 1) открыть площадки и обучить "
              "координаторов; 2) провести цикл мероприятий; 3) передать методику партнёрам в районах.",
        target_group="Жители Костанайской области, входящие в целевую группу конкурса, их семьи и "
                     "волонтёры из числа местных жителей.",
        beneficiaries_count=bid.beneficiaries,
        team="Руководитель проекта (опыт 7 лет), два координатора, бухгалтер, 15 волонтёров.",
        sustainability="После завершения проекта площадки продолжат работу на базе партнёрских школ и "
                       "домов культуры; методика будет опубликована в открытом доступе.",
        co_financing=_money(bid.amount // 10),
    )
    amount, costs = Decimal(bid.amount), {}
    for order, (_category, _description, quantity, share) in enumerate(BUDGET_SHARES):
        if quantity != 1:
            costs[order] = (amount * share / quantity / 100).to_integral_value(rounding=ROUND_FLOOR) * 100
    # The single-unit line takes the rest, so the lines add up to the round requested amount.
    single = next(order for order, line in enumerate(BUDGET_SHARES) if line[2] == 1)
    costs[single] = amount - sum(cost * BUDGET_SHARES[order][2] for order, cost in costs.items())
    lines = [BudgetLine(application=application, category=category, description=description,
                        quantity=Decimal(quantity), unit_cost=costs[order].quantize(CENT),
                        year=competition.project_years[0], order=order)
             for order, (category, description, quantity, _share) in enumerate(BUDGET_SHARES)]
    BudgetLine.objects.bulk_create(lines)
    start, end = competition.project_starts_on, competition.project_ends_on
    step = (end - start) / 4
    Activity.objects.bulk_create([
        Activity(application=application, order=i, title=title, starts_on=start + step * i,
                 ends_on=start + step * (i + 1) - timedelta(days=1), expected_result=result)
        for i, (title, result) in enumerate([
            ("Подготовительный этап: команда, партнёры, площадки", "Подписаны соглашения с 5 партнёрами"),
            ("Обучение координаторов и волонтёров", "Обучены 15 волонтёров"),
            ("Основной цикл мероприятий", f"Охвачено {bid.beneficiaries} благополучателей"),
            ("Подведение итогов, отчёт и передача методики", "Опубликован отчёт и методическое пособие"),
        ])
    ])
    Indicator.objects.bulk_create([
        Indicator(application=application, order=0, name="Количество благополучателей", unit="чел.",
                  baseline=Decimal("0"), target=Decimal(bid.beneficiaries)),
        Indicator(application=application, order=1, name="Проведено мероприятий", unit="ед.",
                  baseline=Decimal("0"), target=Decimal("24")),
        Indicator(application=application, order=2, name="Доля участников, удовлетворённых проектом", unit="%",
                  baseline=Decimal("0"), target=Decimal("85")),
    ])
    application.requested_amount = sum((line.amount for line in lines), Decimal("0"))
    application.save(update_fields=["requested_amount"])
    return application


def _attach_documents(ctx, application):
    organization = application.organization
    for required in application.competition.required_documents.filter(mandatory=True):
        attachment = Attachment(application=application, document_type=required.document_type,
                                original_name=f"{required.document_type}.pdf", content_type="application/pdf",
                                uploaded_by=ctx.users[_org_key(ctx, organization)])
        _store_file(attachment, attachment.original_name, [
            f"{required.get_document_type_display()}", f"Organisation BIN {organization.bin}",
            f"Application to {application.competition.reference}",
        ])


def _org_key(ctx, organization):
    return next(key for key, org in ctx.organizations.items() if org.pk == organization.pk)


def application_snapshot(application):
    """JSON of everything submitted, attachment hashes included, and its sha256."""
    data = {
        "competition": application.competition.reference,
        "registration_number": application.registration_number,
        "organization": {"name": application.organization.name, "bin": application.organization.bin},
        "submitted_at": application.submitted_at.isoformat(),
        **{name: getattr(application, name) for name in (
            "title", "summary", "problem", "goals", "target_group", "beneficiaries_count", "team",
            "sustainability", "co_financing", "requested_amount")},
        "budget_lines": [{"category": line.category, "description": line.description, "quantity": line.quantity,
                          "unit_cost": line.unit_cost, "amount": line.amount, "year": line.year}
                         for line in application.budget_lines.all()],
        "activities": [{"title": a.title, "starts_on": a.starts_on, "ends_on": a.ends_on,
                        "expected_result": a.expected_result} for a in application.activities.all()],
        "indicators": [{"name": i.name, "unit": i.unit, "baseline": i.baseline, "target": i.target}
                       for i in application.indicators.all()],
        "attachments": [{"document_type": a.document_type, "name": a.original_name, "size": a.size,
                         "sha256": a.sha256} for a in application.attachments.all()],
    }
    canonical = canonical_json(data)
    return json.loads(canonical), hashlib.sha256(canonical.encode()).hexdigest()


def submit(ctx, application, *, at, number):
    _attach_documents(ctx, application)
    application.registration_number = f"{application.competition.reference}-{number:03d}"
    application.submitted_at = at
    application.snapshot, application.snapshot_sha256 = application_snapshot(application)
    application.save(update_fields=["registration_number", "submitted_at", "snapshot", "snapshot_sha256"])
    application_transition(application=application, to=ApplicationStatus.SUBMITTED,
                           actor=ctx.users[_org_key(ctx, application.organization)], now=at,
                           extra_after={"registration_number": application.registration_number,
                                        "snapshot_sha256": application.snapshot_sha256})


def add_applications(ctx, competition, spec, timeline):
    """Create every bid of the spec; all but drafts are submitted in order before the deadline."""
    applications, number = [], 0
    for index, bid in enumerate(spec.bids):
        created_at = timeline.opens_at + timedelta(days=1 + index)
        application = create_application(ctx, competition, bid, at=created_at)
        if bid.status != ApplicationStatus.DRAFT:
            number += 1
            submit(ctx, application, at=created_at + timedelta(days=2, hours=3), number=number)
        applications.append((bid, application))
    if number:
        bump_sequence(application_sequence_key(competition), number)
    return applications


RETURN_REASONS = [
    {"item": "Обоснование бюджета",
     "reason": "Документ не подписан руководителем организации: приложите подписанную версию."},
]


def admit(ctx, applications, *, at):
    """The admission decisions the spec asks for (closed and later states)."""
    for bid, application in applications:
        if bid.status in {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}:
            continue
        if bid.status == ApplicationStatus.RETURNED:
            application.return_reasons = RETURN_REASONS
            application.correction_deadline = ctx.now + timedelta(days=3)
            application.save(update_fields=["return_reasons", "correction_deadline"])
            application_transition(application=application, to=ApplicationStatus.RETURNED, actor=ctx.official,
                                   now=at, reason=RETURN_REASONS[0]["reason"],
                                   extra_after={"return_reasons": RETURN_REASONS})
        elif bid.status == ApplicationStatus.REJECTED:
            reason = ("Организация зарегистрирована в Акмолинской области, а проект предусматривает работу "
                      "только за её пределами без партнёра в Костанайской области; смета не подписана.")
            application.decision_reason = reason
            application.save(update_fields=["decision_reason"])
            application_transition(application=application, to=ApplicationStatus.REJECTED, actor=ctx.official,
                                   now=at, reason=reason)
        else:
            application_transition(application=application, to=ApplicationStatus.ADMITTED, actor=ctx.official,
                                   now=at, reason="Соответствует требованиям конкурсной документации.")


# --------------------------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------------------------

EXPERT_ORDER = ["expert1", "expert2", "expert3", "expert4", "expert5"]
COMMENTS = {
    "high": "Критерий раскрыт полностью: доводы подкреплены данными, мероприятия и результаты согласованы.",
    "mid": "В целом убедительно, но часть обоснований общая; стоит уточнить показатели и сроки.",
    "low": "Обоснование слабое: не хватает данных о целевой группе и связи мероприятий с результатами.",
}


def _conflicted(ctx, expert_key, application):
    expert = ctx.experts[expert_key]
    return (expert.affiliations.filter(organization_bin=application.organization.bin).exists()
            or Membership.objects.filter(user=expert.user, organization=application.organization).exists())


def panel(ctx, application, index, size):
    """``size`` experts for the ``index``-th application, rotating through the register, no conflicts."""
    chosen, start = [], (index * 2) % len(EXPERT_ORDER)
    for offset in range(len(EXPERT_ORDER)):
        key = EXPERT_ORDER[(start + offset) % len(EXPERT_ORDER)]
        if not _conflicted(ctx, key, application):
            chosen.append(key)
        if len(chosen) == size:
            break
    return chosen


def assign(ctx, application, expert_key, *, at, reserve=False):
    """Through the assignment service (conflict checks, audit); no e-mail for a demo."""
    return assignment_create(application=application, expert=ctx.experts[expert_key], actor=ctx.official,
                             due_on=(at + timedelta(days=14)).date(), is_reserve=reserve, send_notice=False)


def declare(ctx, assignment, *, at, conflict_type="", note=""):
    """As ``conflict_declare`` does, but dated ``at`` (the demo's past) and without notifying officials."""
    expert_user = assignment.expert.user
    declaration = ConflictDeclaration.objects.create(
        assignment=assignment, has_conflict=bool(conflict_type), conflict_type=conflict_type, note=note,
        declared_at=at)
    audit.record(actor=expert_user, action="declaration.made", target=declaration,
                 competition_id=assignment.application.competition_id,
                 after={"has_conflict": declaration.has_conflict, "type": conflict_type})
    if conflict_type:
        assignment_transition(assignment=assignment, to=AssignmentStatus.RECUSED, actor=expert_user, now=at,
                              reason=note)
    else:
        assignment_transition(assignment=assignment, to=AssignmentStatus.ACCEPTED, actor=expert_user, now=at)
        Evaluation.objects.get_or_create(assignment=assignment)
    return declaration


def _score(criterion, quality):
    span = criterion.max_score - criterion.min_score
    raw = criterion.min_score + span * Decimal(str(max(0.0, min(1.0, quality))))
    steps = ((raw - criterion.min_score) / criterion.step).to_integral_value(rounding=ROUND_FLOOR)
    return (criterion.min_score + steps * criterion.step).quantize(CENT)


def evaluate(ctx, assignment, quality, *, at, submit_it=True, partial=False):
    """Scores on the rubric's scale with comments, through the evaluation services (one total function)."""
    application = assignment.application
    criteria = list(application.competition.rubric.criteria.order_by("order"))
    rng = random.Random(f"{application.registration_number}/{assignment.expert.user.email}")
    expert_bias = rng.uniform(-0.06, 0.06)
    scores = {}
    for criterion in criteria[: len(criteria) // 2] if partial else criteria:
        value = _score(criterion, quality + expert_bias + rng.uniform(-0.08, 0.08))
        relative = (value - criterion.min_score) / (criterion.max_score - criterion.min_score)
        band = "high" if relative >= Decimal("0.75") else "mid" if relative >= Decimal("0.5") else "low"
        scores[criterion.pk] = (value, COMMENTS[band])
    comment = "" if partial else ("Проект реалистичен и хорошо обоснован." if quality >= 0.7
                                  else "Проект требует доработки: слабая связь мероприятий и результатов.")
    user = assignment.expert.user
    evaluation = evaluation_save_draft(assignment=assignment, actor=user, scores=scores, comment=comment)
    if submit_it:
        evaluation = evaluation_submit(assignment=assignment, actor=user, now=at)
    return evaluation


def build_pool(ctx, competition):
    """The competition's expert pool: four regular experts and expert5 in reserve."""
    pool_add(competition=competition, experts=[ctx.experts[k] for k in EXPERT_ORDER[:4]], actor=ctx.official)
    pool_add(competition=competition, experts=[ctx.experts["expert5"]], actor=ctx.official, is_reserve=True)


def review_all(ctx, competition, applications, timeline):
    """Every admitted bid gets its panel; every expert declares no conflict, scores and submits."""
    admitted = [(bid, app) for bid, app in applications if app.status == ApplicationStatus.ADMITTED]
    for index, (bid, application) in enumerate(admitted):
        for expert_key in panel(ctx, application, index, competition.experts_per_application):
            assignment = assign(ctx, application, expert_key, at=timeline.at(3))
            declare(ctx, assignment, at=timeline.at(4))
            evaluate(ctx, assignment, bid.quality, at=timeline.at(8 + index))
    return admitted


def freeze_ranking(ctx, competition, *, at):
    """The real ranking (aggregation, tie-breaks, winner rule) frozen into snapshot #1; competition -> ranked."""
    snapshot = ranking_freeze(competition=competition, actor=ctx.official, now=at)
    competition.refresh_from_db()
    return snapshot


def publish_results(ctx, competition, *, at):
    """Every ranked application gets its outcome from the snapshot; competition -> results_published."""
    results_publish(competition=competition, actor=ctx.official, now=at)
    competition.refresh_from_db()


def file_appeal(ctx, application, *, at, reason):
    appeal = Appeal.objects.create(application=application, filed_by=ctx.users[_org_key(ctx, application.organization)],
                                   reason=reason, filed_at=at)
    audit.record(actor=appeal.filed_by, action="appeal.filed", target=appeal,
                 competition_id=application.competition_id, after={"application": application.registration_number})
    return appeal


def dismiss_appeal(ctx, appeal, *, at, reasoning):
    appeal.status, appeal.decided_by, appeal.decided_at, appeal.reasoning = (
        AppealStatus.DISMISSED, ctx.official, at, reasoning)
    appeal.save(update_fields=["status", "decided_by", "decided_at", "reasoning"])
    audit.record(actor=ctx.official, action="appeal.dismissed", target=appeal,
                 competition_id=appeal.application.competition_id, before={"status": AppealStatus.PENDING},
                 after={"status": AppealStatus.DISMISSED}, reason=reasoning)


# --------------------------------------------------------------------------------------------------------------
# Builders, one per state
# --------------------------------------------------------------------------------------------------------------

def _start(ctx, spec):
    competition = create_competition(ctx, spec)
    timeline = Timeline(competition.opens_at, competition.closes_at)
    return competition, timeline


def _through_admission(ctx, spec):
    competition, timeline = _start(ctx, spec)
    publish(ctx, competition, at=timeline.opens_at - timedelta(days=3))
    applications = add_applications(ctx, competition, spec, timeline)
    competition_transition(competition=competition, to=CompetitionStatus.CLOSED, actor=None,
                           reason="deadline reached", now=competition.closes_at)
    admit(ctx, applications, at=timeline.at(2))
    for _bid, application in applications:
        application.refresh_from_db()
    return competition, timeline, applications


def _through_ranking(ctx, spec):
    competition, timeline, applications = _through_admission(ctx, spec)
    competition_transition(competition=competition, to=CompetitionStatus.UNDER_REVIEW, actor=ctx.official,
                           now=timeline.at(3))
    build_pool(ctx, competition)
    review_all(ctx, competition, applications, timeline)
    snapshot = freeze_ranking(ctx, competition, at=timeline.at(15))
    return competition, timeline, applications, snapshot


def build_draft(ctx, spec):
    competition, _timeline = _start(ctx, spec)
    return competition


def build_upcoming(ctx, spec):
    competition, _timeline = _start(ctx, spec)
    publish(ctx, competition, at=_days(ctx, -1))
    return competition


def build_open(ctx, spec):
    competition, timeline = _start(ctx, spec)
    publish(ctx, competition, at=timeline.opens_at - timedelta(days=2))
    add_applications(ctx, competition, spec, timeline)
    ngo2 = ctx.organizations["ngo2"]
    Clarification.objects.create(
        competition=competition, asked_by=ctx.users["ngo2"], organization=ngo2,
        question="Можно ли включить в смету аренду автобуса для выезда участников в районы?",
        answer="Да, транспортные расходы относятся к прямым расходам проекта (статья «Командировки и выезды»); "
               "приложите расчёт стоимости.",
        answered_by=ctx.official, answered_at=_days(ctx, -3))
    Clarification.objects.create(
        competition=competition, asked_by=ctx.users["ngo3"], organization=ctx.organizations["ngo3"],
        question="Принимаются ли заявки от организаций, зарегистрированных в другой области?")
    return competition


def build_closed(ctx, spec):
    competition, _timeline, _applications = _through_admission(ctx, spec)
    return competition


def build_under_review(ctx, spec):
    competition, timeline, applications = _through_admission(ctx, spec)
    competition_transition(competition=competition, to=CompetitionStatus.UNDER_REVIEW, actor=ctx.official,
                           now=timeline.at(3))
    build_pool(ctx, competition)
    by_org = {bid.org: (bid, app) for bid, app in applications}
    bid1, app1 = by_org["ngo1"]
    bid2, app2 = by_org["ngo2"]
    # ngo1's bid: one expert has submitted, the other is still scoring.
    first = assign(ctx, app1, "expert1", at=timeline.at(3))
    declare(ctx, first, at=timeline.at(4))
    evaluate(ctx, first, bid1.quality, at=timeline.at(9))
    second = assign(ctx, app1, "expert2", at=timeline.at(3))
    declare(ctx, second, at=timeline.at(5))
    evaluate(ctx, second, bid1.quality, at=None, submit_it=False, partial=True)
    # ngo2's bid: one expert has not declared yet, one recused, the reserve expert took the slot and submitted.
    assign(ctx, app2, "expert3", at=timeline.at(3))
    recused = assign(ctx, app2, "expert4", at=timeline.at(3))
    declare(ctx, recused, at=timeline.at(4), conflict_type=ConflictType.RELATIVE,
            note="Моя сестра работает бухгалтером в фонде-заявителе.")
    reserve = assign(ctx, app2, "expert5", at=timeline.at(5), reserve=True)
    declare(ctx, reserve, at=timeline.at(5))
    evaluate(ctx, reserve, bid2.quality, at=timeline.at(10))
    return competition


def build_ranked(ctx, spec):
    competition, _timeline, _applications, _snapshot = _through_ranking(ctx, spec)
    return competition


def build_results_published(ctx, spec):
    competition, _timeline, applications, _snapshot = _through_ranking(ctx, spec)
    publish_results(ctx, competition, at=_days(ctx, -1, hour=11))
    below = next(app for bid, app in applications if bid.org == "ngo3")
    file_appeal(ctx, below, at=ctx.now - timedelta(hours=2),
                reason="Эксперты не учли приложенные письма поддержки партнёров; просим пересмотреть баллы по "
                       "критерию «Влияние и устойчивость».")
    return competition


def build_final(ctx, spec):
    competition, timeline, applications, _snapshot = _through_ranking(ctx, spec)
    publish_results(ctx, competition, at=timeline.at(17))
    below = next(app for bid, app in applications if bid.org == "ngo3")
    appeal = file_appeal(ctx, below, at=timeline.at(18),
                         reason="Считаем оценку актуальности заниженной: проект отвечает приоритетам области.")
    dismiss_appeal(ctx, appeal, at=timeline.at(20),
                   reasoning="Оценки обоих экспертов согласованы и мотивированы; нарушений порядка оценки не "
                             "выявлено. Оснований для пересмотра нет.")
    # The reserve list lapses when the results become final: no funds were released.
    for application in competition.applications.filter(status=ApplicationStatus.RESERVE):
        application_transition(application=application, to=ApplicationStatus.NOT_FUNDED, actor=ctx.official,
                               now=timeline.at(30), reason="Резервный список утратил силу: средства не высвободились.")
    competition_transition(competition=competition, to=CompetitionStatus.FINAL, actor=ctx.official,
                           now=timeline.at(30))
    return competition


def build_cancelled(ctx, spec):
    competition, timeline = _start(ctx, spec)
    publish(ctx, competition, at=timeline.opens_at - timedelta(days=2))
    applications = add_applications(ctx, competition, spec, timeline)
    for bid, application in applications:
        if bid.status == ApplicationStatus.WITHDRAWN:
            application_transition(application=application, to=ApplicationStatus.WITHDRAWN,
                                   actor=ctx.users[bid.org], now=_days(ctx, -5),
                                   reason="Организация решила подать проект в другой конкурс.")
    competition_transition(competition=competition, to=CompetitionStatus.CANCELLED, actor=ctx.official,
                           reason=CANCELLATION_REASON, now=_days(ctx, -2))
    return competition


BUILDERS = {
    "draft": build_draft,
    "upcoming": build_upcoming,
    "open": build_open,
    "closed": build_closed,
    "under_review": build_under_review,
    "ranked": build_ranked,
    "results_published": build_results_published,
    "final": build_final,
    "cancelled": build_cancelled,
}


def bump_sequence(key, value):
    """Make the counter behind ``key`` at least ``value`` so services continue after the demo's numbers."""
    sequence, _created = Sequence.objects.get_or_create(key=key)
    if sequence.value < value:
        sequence.value = value
        sequence.save(update_fields=["value"])


def load_templates():
    templates = {}
    for key, prefix in TEMPLATE_NAME_PREFIX.items():
        template = (Rubric.objects.filter(is_template=True, competition__isnull=True, name__startswith=prefix)
                    .order_by("-version").first())
        if template is None:
            raise LookupError(f"The rubric template “{prefix}…” is missing: run the migrations first.")
        templates[key] = template
    return templates


@dataclass
class DemoResult:
    created: list
    existing: list
    logins: list


@transaction.atomic
def build_demo(*, now=None):
    """Create whatever part of the demo is missing; returns which competitions were created."""
    ctx = Context(now=now or timezone.now())
    ctx.templates = load_templates()
    ensure_people(ctx)
    created, existing = [], []
    for spec in SPECS:
        if Competition.objects.filter(reference=spec.reference).exists():
            existing.append(spec.reference)
            continue
        BUILDERS[spec.state](ctx, spec)
        created.append(spec.reference)
    bump_sequence(COMPETITION_SEQUENCE_KEY, len(SPECS))
    return DemoResult(created=created, existing=existing, logins=LOGINS)
