"""The demo's people: two government bodies, an official, an observer, three NGOs with their owners, five
experts and an administrator. Keyed on e-mail addresses and BINs, so a second run finds them.

Accounts, bodies and memberships of officials and observers are what an administrator creates in Django
admin (rows); the NGOs are registered by their owners through ``organization_create`` and the experts keep
their register entry through ``expert_profile_update``, as on the portal's own pages.
"""

from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from portal.accounts.models import (
    AffiliationKind,
    ExpertProfile,
    GovernmentBody,
    LegalForm,
    ObserverMembership,
    OfficialMembership,
    OfficialRole,
    Organization,
    User,
)
from portal.accounts.services import organization_create
from portal.accounts.validators import bin_check_digit
from portal.reference.models import PriorityArea, Region
from scoring.experts.services import expert_profile_update

DEMO_PASSWORD = "demo-portal-2026"


def make_bin(first_ten: str) -> str:
    """A valid BIN from ten leading digits: the eleventh digit is bumped until a check digit exists."""
    for eleventh in range(10):
        digit = bin_check_digit(f"{first_ten}{eleventh}")
        if digit is not None:
            return f"{first_ten}{eleventh}{digit}"
    raise ValueError(first_ten)


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
        "registered_on": date(2015, 3, 12),
        "ngo_database_registered_on": date(2016, 2, 1),
        "contact_phone": "+7 714 255 10 20",
    },
    "ngo2": {
        "name": "ОФ «Мейірім — забота о старшем поколении»",
        "bin": make_bin("1109400567"),
        "legal_form": LegalForm.PUBLIC_FOUNDATION,
        "region": "north-kazakhstan",
        "address": "г. Петропавловск, ул. Букетова, 31",
        "registered_on": date(2011, 9, 5),
        "ngo_database_registered_on": date(2013, 4, 18),
        "contact_phone": "+7 715 246 33 01",
    },
    "ngo3": {
        "name": "ОО «Экологическое общество «Жасыл Дала»",
        "bin": make_bin("1906400890"),
        "legal_form": LegalForm.PUBLIC_ASSOCIATION,
        "region": "akmola",
        "address": "г. Кокшетау, ул. Ауельбекова, 139",
        "registered_on": date(2019, 6, 20),
        "ngo_database_registered_on": date(2020, 1, 15),
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
# expert5 sits on the board of ngo1: the automatic conflict check keeps them off ngo1's bids.
BOARD_SEAT = ("expert5", "ngo1", date(2021, 5, 1))

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
    ("applicant1@example.kz", "applicant to the expert register, awaiting vetting (self-nominated)"),
    ("applicant2@example.kz", "applicant to the expert register, awaiting vetting (nominated by «Meyirim»)"),
]


def ensure_people(ctx):
    """Fill ``ctx.users``, ``ctx.body``, ``ctx.organizations`` and ``ctx.experts``, creating what is missing."""
    password = make_password(DEMO_PASSWORD)  # hashed once: eleven slow hashes would cost seconds
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
            organization = organization_create(
                actor=ctx.users[key], **{**spec, "region": Region.objects.get(code=spec["region"]),
                                         "in_ngo_database": True, "contact_email": USERS[key][0]})
        ctx.organizations[key] = organization

    expert_key, org_key, since = BOARD_SEAT
    for key, (areas, regions, languages, bio) in EXPERTS.items():
        profile, created = ExpertProfile.objects.get_or_create(user=ctx.users[key],
                                                               defaults={"invited_by": ctx.users["admin"]})
        if created:
            board = ctx.organizations[org_key]
            affiliations = [{"organization_bin": board.bin, "organization_name": board.name,
                             "kind": AffiliationKind.BOARD_MEMBER, "started_on": since}] if key == expert_key else []
            profile = expert_profile_update(
                profile=profile, actor=ctx.users[key], priority_areas=PriorityArea.objects.filter(code__in=areas),
                regions=Region.objects.filter(code__in=regions), languages=languages, affiliations=affiliations,
                bio=bio, max_load=8)
        ctx.experts[key] = profile


def _ensure_body(spec):
    body = GovernmentBody.objects.filter(short_code=spec["short_code"]).first()
    if body is None:
        body = GovernmentBody.objects.create(
            short_code=spec["short_code"], bin=spec["bin"], region=Region.objects.get(code=spec["region"]),
            name_ru=spec["name_ru"], name_kk=spec["name_kk"], name_en=spec["name_en"], address=spec["address"])
    return body
