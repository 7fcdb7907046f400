"""The open expert register in the demo: two people awaiting vetting (a self-nomination and one by an NGO) and
a calibration exercise on the EU-style rubric template. Through the real services; idempotent."""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.accounts.models import User
from portal.reference.models import PriorityArea, Region
from scoring.experts.register import expert_application_submit
from scoring.models import CalibrationExercise, ExpertApplication

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
