"""The open expert register in the demo: two people awaiting vetting (a self-nomination and one by an NGO) and
a calibration exercise on the EU-style rubric template. Through the real services; idempotent."""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.accounts.models import User
from portal.reference.models import PriorityArea, Region
from scoring.experts.register import expert_application_submit
from scoring.models import CalibrationExercise, CourseQuestion, CourseSection, ExpertApplication

from .people import DEMO_PASSWORD
from .specs import EU_RUBRIC

APPLICANTS = [
    # e-mail, full name, areas, region, languages, nominated by, nominating organisation key
    ("applicant1@example.kz", "Сапарова Айгерім Нұрланқызы", ["youth", "education"], "kostanay", ["kk", "ru"],
     "self", None),
    ("applicant2@example.kz", "Морозов Денис Александрович", ["social-support"], "north-kazakhstan", ["ru"],
     "ngo", "ngo2"),
]

EXERCISE = ("Калибровка: молодёжный медиацентр / Калибрлеу: жастар медиаорталығы",
            "Заявка: создание молодёжного медиацентра в районном центре. Цель: 200 подростков осваивают "
            "медиаграмотность за 12 месяцев; бюджет 4,8 млн тенге; команда из 4 человек с опытом в журналистике; "
            "показатели: 12 выпусков, 40 публикаций, 3 конкурса. Устойчивость: партнёрство с районным акиматом.")


def build_register(ctx):
    password = make_password(DEMO_PASSWORD)
    for email, full_name, areas, region, languages, source, org_key in APPLICANTS:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create(email=email, full_name=full_name, password=password, preferred_language="ru",
                                       email_confirmed_at=ctx.now, date_joined=ctx.now - timedelta(days=30))
        if ExpertApplication.objects.filter(applicant=user).exists():
            continue
        expert_application_submit(
            applicant=user, full_name=full_name, qualifications="Опыт оценки социальных проектов — 6 лет; "
            "магистр социальной работы. / Әлеуметтік жобаларды бағалау тәжірибесі — 6 жыл.",
            cv=SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n% demo CV\n%%EOF\n", content_type="application/pdf"),
            priority_areas=list(PriorityArea.objects.filter(code__in=areas)),
            regions=list(Region.objects.filter(code=region)), languages=languages, nomination_source=source,
            nominating_bin=ctx.organizations[org_key].bin if org_key else "", accepted_code=True,
            now=ctx.now - timedelta(days=2))
    rubric = ctx.templates[EU_RUBRIC]
    if not CalibrationExercise.objects.filter(title=EXERCISE[0]).exists():
        criteria = list(rubric.criteria.order_by("order"))
        CalibrationExercise.objects.create(
            title=EXERCISE[0], rubric=rubric, application_text=EXERCISE[1],
            reference_scores={str(c.order): str((c.min_score + c.max_score) * 7 // 10) for c in criteria})
    build_course()


# The methodology course: reference data the administrator edits in admin (kk, ru, en).
SECTIONS = [
    ("Рубрика және балл", "Рубрика и баллы", "The rubric and the scores",
     "Әр критерийді өз шкаласы бойынша бөлек бағалаңыз және әр балды өтінім мәтініне сүйеніп түсіндіріңіз.",
     "Оценивайте каждый критерий отдельно по его шкале и объясняйте каждый балл ссылкой на текст заявки.",
     "Score each criterion on its own scale and explain every score with reference to the application's text."),
    ("Мүдделер қақтығысы", "Конфликт интересов", "Conflict of interest",
     "Өтінімді ашпас бұрын өтінім берушімен байланысыңызды мәлімдеңіз: жұмыс, құрылтайшылық, төлем, туыстық.",
     "До открытия заявки заявите о любой связи с заявителем: работа, учредительство, оплата, родство.",
     "Before opening an application declare any tie to the applicant: work, founding, payment, a relative."),
    ("Бюджет пен нәтижелер", "Бюджет и результаты", "Budget and results",
     "Бюджеттің іс-шаралар мен көрсеткіштерге сәйкестігін тексеріңіз: әр шығын нәтижеге әкелуі керек.",
     "Проверьте соответствие бюджета мероприятиям и показателям: каждый расход должен вести к результату.",
     "Check that the budget matches the activities and indicators: every cost must lead to a result."),
]
QUESTIONS = [
    ("Әр балды түсіндіру керек пе?", "Нужно ли объяснять каждый балл?", "Must every score be explained?",
     [("Иә", "Да", "Yes"), ("Жоқ, тек ең төменгісін", "Нет, только самый низкий", "No, only the lowest")], 0),
    ("Өтінім берушіде туысыңыз жұмыс істесе не істейсіз?", "Что делать, если у заявителя работает ваш родственник?",
     "A relative works for the applicant: what do you do?",
     [("Бағалай беремін", "Продолжаю оценку", "Score it anyway"),
      ("Қақтығысты мәлімдеймін", "Заявляю о конфликте", "Declare the conflict")], 1),
    ("Нәтижеге әкелмейтін шығын қалай бағаланады?", "Как оценивается расход, не ведущий к результату?",
     "How is a cost that leads to no result scored?",
     [("Бюджет критерийі бойынша төмен", "Ниже по критерию бюджета", "Lower on the budget criterion"),
      ("Еш әсері жоқ", "Никак не влияет", "It does not matter")], 0),
]


def build_course():
    if CourseSection.objects.exists():
        return
    for order, (title_kk, title_ru, title_en, body_kk, body_ru, body_en) in enumerate(SECTIONS, start=1):
        CourseSection.objects.create(order=order, title_kk=title_kk, title_ru=title_ru, title_en=title_en,
                                     body_kk=body_kk, body_ru=body_ru, body_en=body_en)
    for order, (text_kk, text_ru, text_en, options, correct) in enumerate(QUESTIONS, start=1):
        CourseQuestion.objects.create(order=order, text_kk=text_kk, text_ru=text_ru, text_en=text_en, correct=correct,
                                      options=[{"kk": kk, "ru": ru, "en": en} for kk, ru, en in options])
