"""What the demo contains: one competition per lifecycle state, and the bids each one receives.

Each spec is keyed by a short, stable ``key`` (it seeds the experts' scores, so the outcome of every bid is the
same on every run, whatever the date); a competition's reference is issued by ``competition_create`` like any
other. Days are counted from the moment the demo is built (negative: in the past).
"""

from dataclasses import dataclass
from decimal import Decimal

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionKind, DocumentType

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
    key: str
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
    years: int = 1  # budget years of the projects (more than one: a multi-year competition)


SPECS = [
    Spec(
        "longevity", "final", CompetitionKind.STATE_SOCIAL_ORDER, "social-support",
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
        "inclusive-workshops", "results_published", CompetitionKind.STATE_GRANT, "disability",
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
        "tobol-riverbank", "ranked", CompetitionKind.STATE_GRANT, "environment",
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
        "village-volunteers", "under_review", CompetitionKind.STATE_GRANT, "youth",
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
        "family-support", "closed", CompetitionKind.STATE_SOCIAL_ORDER, "family",
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
        "youth-initiatives", "open", CompetitionKind.STATE_GRANT, "youth",
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
        "turgai-heritage", "upcoming", CompetitionKind.STATE_SOCIAL_ORDER, "culture",
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
        "healthy-village", "draft", CompetitionKind.STATE_SOCIAL_ORDER, "health",
        "Здоровое село: профилактика неинфекционных заболеваний",
        "Сау ауыл: жұқпалы емес аурулардың алдын алу",
        "Healthy village: prevention of non-communicable diseases",
        "Проект конкурса: выездные школы здоровья, скрининг-дни и клубы скандинавской ходьбы в сёлах.",
        "Конкурс жобасы: көшпелі денсаулық мектептері, скрининг күндері және ауылдардағы скандинавиялық "
        "жүру клубтары.",
        5_000_000, 1_000_000, 2_500_000, 2, GRANT_RUBRIC, 20, 50,
    ),
    Spec(
        "rural-leisure", "cancelled", CompetitionKind.STATE_GRANT, "rural",
        "Центры досуга в сельских округах",
        "Ауылдық округтердегі демалыс орталықтары",
        "Leisure centres in rural districts",
        "Гранты на открытие и оснащение центров досуга для жителей сельских округов.",
        "Ауылдық округтер тұрғындарына арналған демалыс орталықтарын ашуға және жабдықтауға гранттар.",
        10_000_000, 2_000_000, 5_000_000, 2, GRANT_RUBRIC, -25, 10,
        bids=(Bid("ngo1", "Молодёжный коворкинг в селе Заречное", 4_000_000, 0.7, ApplicationStatus.SUBMITTED, 300),
              Bid("ngo2", "Клуб «Ауыл кеші» для пожилых жителей", 2_500_000, 0.6, ApplicationStatus.WITHDRAWN, 150)),
    ),
    # Projects after the award in every state (demo/portfolio.py moves each winner's project on).
    Spec(
        "youth-centres-2025", "portfolio", CompetitionKind.STATE_GRANT, "youth",
        "Молодёжные центры в районах: гранты 2025 года",
        "Аудандардағы жастар орталықтары: 2025 жылғы гранттар",
        "Youth centres in the districts: 2025 grants",
        "Гранты на работу молодёжных центров в районах области: кружки, наставничество и профориентация.",
        "Облыс аудандарындағы жастар орталықтарының жұмысына арналған гранттар: үйірмелер, тәлімгерлік және "
        "кәсіптік бағдар беру.",
        12_000_000, 1_000_000, 4_000_000, 3, GRANT_RUBRIC, -430, -400,
        bids=(Bid("ngo1", "Молодёжный центр «Болашақ» в Денисовском районе", 3_000_000, 0.85,
                  ApplicationStatus.WINNER, 400),
              Bid("ngo2", "Наставники для подростков Житикары", 2_800_000, 0.8, ApplicationStatus.WINNER, 220),
              Bid("ngo3", "Экологический клуб молодёжи Аулиекольского района", 2_500_000, 0.78,
                  ApplicationStatus.WINNER, 180)),
    ),
    Spec(
        "elderly-care-2026", "portfolio", CompetitionKind.STATE_SOCIAL_ORDER, "social-support",
        "Уход на дому за одинокими пожилыми людьми: социальный заказ 2026 года",
        "Жалғыз тұратын егде адамдарға үйде күтім: 2026 жылғы әлеуметтік тапсырыс",
        "Home care for older people living alone: 2026 social order",
        "Социальный заказ на патронаж и помощь на дому одиноко проживающим пожилым людям.",
        "Жалғыз тұратын егде жастағы адамдарға үйде патронаж және көмек көрсету бойынша әлеуметтік тапсырыс.",
        12_000_000, 1_000_000, 4_000_000, 3, GRANT_RUBRIC, -330, -300,
        bids=(Bid("ngo2", "Патронаж «Мейірім» в Костанае и пригородах", 3_500_000, 0.84,
                  ApplicationStatus.WINNER, 150),
              Bid("ngo1", "Волонтёры-соседи для одиноких пенсионеров", 2_600_000, 0.8, ApplicationStatus.WINNER, 120),
              Bid("ngo3", "Социальное такси для пожилых людей", 2_200_000, 0.76, ApplicationStatus.WINNER, 90)),
    ),
    Spec(
        "rural-inclusion-3y", "portfolio", CompetitionKind.STATE_GRANT, "disability",
        "Инклюзия на селе: трёхлетние гранты",
        "Ауылдағы инклюзия: үш жылдық гранттар",
        "Inclusion in the villages: three-year grants",
        "Долгосрочные гранты на реабилитационные пункты и сопровождение людей с инвалидностью в сельских округах.",
        "Ауылдық округтерде оңалту пункттеріне және мүгедектігі бар адамдарды сүйемелдеуге арналған ұзақ "
        "мерзімді гранттар.",
        9_000_000, 3_000_000, 6_000_000, 1, GRANT_RUBRIC, -500, -470,
        bids=(Bid("ngo2", "Пункты реабилитации «Жол» в пяти сельских округах", 6_000_000, 0.88,
                  ApplicationStatus.WINNER, 260),
              Bid("ngo3", "Инклюзивный спорт в сёлах", 3_000_000, 0.3, ApplicationStatus.BELOW_THRESHOLD, 80)),
        years=3,
    ),
]

CANCELLATION_REASON = ("Бюджетные ассигнования на конкурс перераспределены решением маслихата; конкурс будет "
                       "объявлен повторно в следующем финансовом году.")

