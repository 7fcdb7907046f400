"""The open expert register: apply, vet (approve with a term / decline with a reason), renew, calibrate; the
performance shown when building a pool; fees and acts of completed work."""

import hashlib
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import ExpertProfile
from portal.errors import DomainError
from portal.formatting import MONTHS, format_money
from scoring.enums import ExpertApplicationStatus, PaymentStatus
from scoring.errors import ProblemsError
from scoring.experts import fees, register
from scoring.experts.performance import calibration_by_expert, performance_by_expert
from scoring.models import CalibrationExercise, CompletionAct
from tests import factories as f
from tests.bilingual_pdf import bilingual

pytestmark = pytest.mark.django_db


def cv():
    return SimpleUploadedFile("cv.pdf", b"%PDF-1.4 curriculum vitae\n%%EOF\n", content_type="application/pdf")


def apply(user, **extra):
    fields = {"full_name": "Айгерім Сапарова", "cv": cv(), "qualifications": "PhD, 8 years of grant reviews.",
              "priority_areas": [f.priority_area()], "regions": [f.region()], "languages": ["kk", "ru"],
              "accepted_code": True, **extra}
    return register.expert_application_submit(applicant=user, **fields)


def test_every_problem_at_once_and_nothing_stored():
    user = f.UserFactory()
    with pytest.raises(ProblemsError) as refused:
        register.expert_application_submit(applicant=user, full_name="", cv=None, qualifications="",
                                           priority_areas=[], languages=[], nomination_source="ngo",
                                           nominating_bin="123", accepted_code=False)
    assert sorted(key for key, _m in refused.value.problems) == [
        "accept_code", "cv", "full_name", "languages", "nominating_bin", "priority_areas", "qualifications"]
    assert not user.expert_applications.exists()


def test_approve_includes_with_a_term_and_creates_the_profile(official):
    user = f.UserFactory(full_name="")
    application = apply(user, nomination_source="ngo", nominating_bin=f.make_bin())
    assert application.cv_sha256 and application.code_of_conduct_accepted_at
    with pytest.raises(ProblemsError):
        register.expert_application_decide(application=application, approve=False, actor=official)
    application = register.expert_application_decide(application=application, approve=True, actor=official)
    assert application.status == ExpertApplicationStatus.APPROVED
    assert application.valid_until == timezone.localdate() + timedelta(days=register.INCLUSION_DAYS)
    profile = ExpertProfile.objects.get(user=user)
    assert profile.is_active and profile.languages == ["kk", "ru"]
    assert list(profile.priority_areas.all()) == list(application.priority_areas.all())
    user.refresh_from_db()
    assert user.full_name == "Айгерім Сапарова"
    with pytest.raises(DomainError):
        register.expert_application_decide(application=application, approve=False, reason="x", actor=official)
    renewed = register.expert_inclusion_renew(application=application, valid_until=date(2035, 1, 1), actor=official)
    assert renewed.valid_until == date(2035, 1, 1)


def test_decline_with_reason():
    official = f.OfficialMembershipFactory().user
    application = apply(f.UserFactory())
    application = register.expert_application_decide(application=application, approve=False, actor=official,
                                                     reason="No experience in the priority areas.")
    assert application.status == ExpertApplicationStatus.DECLINED
    assert application.decision_reason == "No experience in the priority areas."
    assert not ExpertProfile.objects.filter(user=application.applicant).exists()


def test_calibration_shows_the_deviation_per_criterion():
    rubric = f.RubricFactory()
    f.CriterionFactory(rubric=rubric, order=1, max_score=D(10))
    f.CriterionFactory(rubric=rubric, order=2, max_score=D(5))
    exercise = CalibrationExercise.objects.create(title="Reference bid", rubric=rubric, application_text="...",
                                                  reference_scores={"1": "8", "2": "3"})
    expert = f.ExpertProfileFactory()
    with pytest.raises(ProblemsError) as refused:
        register.calibration_submit(exercise=exercise, expert=expert, scores={"1": "11", "2": ""})
    assert [key for key, _m in refused.value.problems] == ["c1", "c2"]
    attempt = register.calibration_submit(exercise=exercise, expert=expert, scores={"1": "6", "2": "3.5"})
    assert attempt.deviations == {"1": "-2.000", "2": "0.500"}
    assert attempt.mean_abs_deviation == D("1.250")
    assert calibration_by_expert([expert.pk]) == {expert.pk: attempt}


def test_performance_and_acts_after_results(published, official, django_assert_num_queries):
    competition, a, b, _ua, _ub = published
    experts = list(ExpertProfile.objects.filter(assignments__application__competition=competition).distinct())
    with django_assert_num_queries(5):
        figures = performance_by_expert([e.pk for e in experts])
    assert all(figures[e.pk].evaluations >= 1 for e in experts)
    with pytest.raises(DomainError):
        fees.completion_acts_issue(competition=competition, actor=official)
    fees.expert_fee_set(competition=competition, amount="25000", actor=official)
    with TestCase.captureOnCommitCallbacks(execute=True):
        acts = fees.completion_acts_issue(competition=competition, actor=official)
    assert len(acts) == len(experts)
    act = CompletionAct.objects.get(pk=acts[0].pk)
    assert act.amount == D(25000) * act.evaluations
    content = act.file.read()
    assert hashlib.sha256(content).hexdigest() == act.sha256 and not act.file_kk and not act.file_ru
    halves = bilingual(content, kk="Орындалған жұмыс актісі", ru="Акт выполненных работ", columns=True, name="act")
    day = timezone.localtime(act.created_at)
    assert f"{day.day} {MONTHS['kk'][day.month - 1]} {day.year}" in halves.text
    assert f"{day.day} {MONTHS['ru'][day.month - 1]} {day.year}" in halves.text
    assert format_money(act.amount, language="ru") in halves.text.replace("\n", "")
    act = fees.completion_act_mark_paid(act=act, actor=official)
    assert act.payment_status == PaymentStatus.PAID
    totals = fees.totals_by_expert_and_year([act.expert_id])
    assert totals[0]["paid"] == act.amount and totals[0]["acts"] == 1


def test_an_act_issued_before_as_two_files_stays_downloadable_and_is_not_rendered_again(client, published, official):
    competition, *_rest = published
    expert = ExpertProfile.objects.filter(assignments__application__competition=competition).first()
    act = CompletionAct(competition=competition, expert=expert, evaluations=1, amount=D(10000))
    act.file_kk.save("act-kk.pdf", ContentFile(b"%PDF-1.4 kk\n%%EOF\n"), save=False)
    act.file_ru.save("act-ru.pdf", ContentFile(b"%PDF-1.4 ru\n%%EOF\n"), save=False)
    act.save()
    assert fees.completion_act_render(act_id=act.pk).file.name == ""  # kept as it was issued
    client.force_login(expert.user)
    for language, content in (("kk", b"%PDF-1.4 kk\n%%EOF\n"), ("ru", b"%PDF-1.4 ru\n%%EOF\n")):
        response = client.get(reverse("scoring:act_download", kwargs={"pk": act.pk, "language": language}))
        assert (response.status_code, b"".join(response.streaming_content)) == (200, content)
    assert client.get(reverse("scoring:act_download", kwargs={"pk": act.pk, "language": "kk-ru"})).status_code == 404
