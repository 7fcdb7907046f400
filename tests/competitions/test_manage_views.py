"""Officials' competition pages: the configuration form, actions through the browser, observers, dashboard."""

import datetime
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from competitions.models import Clarification, Competition
from portal.audit.services import audit_seal
from tests import factories as f
from tests.applications.helpers import PDF_BYTES, upload

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def body():
    return f.GovernmentBodyFactory()


@pytest.fixture
def official_client(client, body):
    client.force_login(f.OfficialMembershipFactory(body=body).user)
    return client


def form_data(**overrides):
    data = {
        "body": "", "kind": "state_grant", "title_ru": "Гранты для молодёжи", "title_kk": "", "title_en": "",
        "description_ru": "Поддержка инициатив.", "description_kk": "", "description_en": "",
        "priority_area": str(f.priority_area().pk), "regions": [str(f.region().pk)], "term_type": "short",
        "project_starts_on": "", "project_ends_on": "", "project_years": "",
        "total_budget": "30000000", "min_amount": "1000000", "max_amount": "5000000", "planned_grants": "6",
        "max_applications_per_organization": "1",
        "opens_at": "2031-04-01T09:00", "closes_at": "2031-05-01T18:00", "evaluation_deadline": "",
        "requires_ngo_database": "on", "min_organization_age_months": "12", "exclude_bankrupt": "on",
        "exclude_in_liquidation": "on", "experts_per_application": "3", "divergence_threshold_percent": "25",
        "aggregation": "median", "pass_threshold": "50", "winner_rule": "threshold",
        "tie_break_1": "criterion:2", "tie_break_2": "earlier_submission", "tie_break_3": "", "tie_break_4": "",
        "blind_review": "on", "appeal_window_days": "5",
        "docs-TOTAL_FORMS": "3", "docs-INITIAL_FORMS": "0", "docs-MIN_NUM_FORMS": "0", "docs-MAX_NUM_FORMS": "12",
        "docs-0-document_type": "charter", "docs-0-mandatory": "on", "docs-0-note": "Notarised copy",
        "docs-1-document_type": "support_letters", "docs-1-note": "",
        "docs-2-document_type": "", "docs-2-note": "",
    }
    data.update(overrides)
    return data


def test_create_saves_every_field_with_times_read_as_astana_time(official_client, body):
    response = official_client.post(reverse("manage:create"), form_data(body=str(body.pk)))
    assert response.status_code == 302
    competition = Competition.objects.get()
    assert response["Location"] == reverse("manage:detail", kwargs={"reference": competition.reference})
    assert competition.body == body
    assert competition.opens_at == datetime.datetime(2031, 4, 1, 9, 0, tzinfo=ALMATY)
    assert competition.closes_at == datetime.datetime(2031, 5, 1, 18, 0, tzinfo=ALMATY)
    assert competition.tie_breaks == ["criterion:2", "earlier_submission"]
    assert (competition.experts_per_application, competition.aggregation, competition.winner_rule) == (
        3, "median", "threshold")
    assert competition.blind_review is True and competition.restrict_to_regions is False
    assert competition.divergence_threshold_percent == Decimal("25")
    assert [(d.document_type, d.mandatory, d.note) for d in competition.required_documents.all()] == [
        ("charter", True, "Notarised copy"), ("support_letters", False, "")]
    assert list(competition.regions.all()) == [f.region()]


def test_edit_shows_times_in_astana_time(official_client, body):
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.DRAFT, published_at=None,
                                       opens_at=datetime.datetime(2031, 4, 1, 3, 0, tzinfo=datetime.UTC),
                                       closes_at=datetime.datetime(2031, 5, 1, 12, 0, tzinfo=datetime.UTC))
    page = official_client.get(reverse("manage:edit", kwargs={"reference": competition.reference})).content.decode()
    assert 'value="2031-04-01T08:00"' in page  # UTC+5
    assert 'value="2031-05-01T17:00"' in page


@pytest.mark.parametrize(("overrides", "field", "text"), [
    ({"closes_at": "2031-03-01T18:00"}, "closes_at", "after the opening"),
    ({"min_amount": "6000000", "planned_grants": "1"}, "max_amount", "not be below the minimum"),
    ({"max_amount": "40000000"}, "max_amount", "not exceed the total budget"),
    ({"planned_grants": "31"}, "planned_grants", "Plan fewer grants"),
    ({"tie_break_2": "criterion:2"}, "tie_break_1", "used once"),
    ({"title_ru": ""}, "title_ru", "at least one language"),
    ({"term_type": "long", "project_years": "2031"}, "project_years", "at least two years"),
    ({"planned_grants": "0"}, "planned_grants", "at least one grant"),
    ({"total_budget": "-5"}, "total_budget", "greater than zero"),
    ({"pass_threshold": "-3"}, "pass_threshold", "cannot be negative"),
])
def test_create_shows_each_problem_beside_its_field(official_client, body, overrides, field, text):
    response = official_client.post(reverse("manage:create"), form_data(body=str(body.pk), **overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert text in " ".join(errors[field])
    assert Competition.objects.count() == 0
    assert f'href="#id_{field}"' in response.content.decode()


def test_duplicate_document_types_are_refused(official_client, body):
    response = official_client.post(reverse("manage:create"), form_data(
        body=str(body.pk), **{"docs-1-document_type": "charter"}))
    assert response.status_code == 400
    assert Competition.objects.count() == 0


def test_publish_through_the_browser_lists_problems_then_publishes(official_client, body):
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.DRAFT, published_at=None)
    url = reverse("manage:publish", kwargs={"reference": competition.reference})
    response = official_client.post(url)
    assert response.status_code == 400
    assert "rubric" in response.content.decode()
    rubric = f.RubricFactory(competition=competition)
    f.CriterionFactory(rubric=rubric)
    assert official_client.post(url).status_code == 302
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.PUBLISHED


def test_published_competition_is_not_editable(official_client, body):
    competition = f.CompetitionFactory(body=body)
    response = official_client.get(reverse("manage:edit", kwargs={"reference": competition.reference}))
    assert response.status_code == 409


def test_extend_through_the_browser(official_client, body):
    competition = f.CompetitionFactory(body=body, closes_at=datetime.datetime(2031, 5, 1, 13, 0, tzinfo=datetime.UTC))
    url = reverse("manage:extend", kwargs={"reference": competition.reference})
    response = official_client.post(url, {"closes_at": "2031-05-01T17:00", "reason": "Same"})
    assert response.status_code == 400
    assert "later than the current one (01.05.2031 18:00)" in " ".join(response.context["form"].errors["closes_at"])
    response = official_client.post(url, {"closes_at": "2031-05-15T18:00", "reason": "Holidays"})
    assert response.status_code == 302
    competition.refresh_from_db()
    assert competition.closes_at == datetime.datetime(2031, 5, 15, 18, 0, tzinfo=ALMATY)


def test_document_upload_is_checked_by_content(official_client, body):
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.DRAFT, published_at=None)
    url = reverse("manage:documents", kwargs={"reference": competition.reference})
    response = official_client.post(url, {"kind": "terms", "title": "Terms",
                                          "upload": upload("terms.pdf", b"MZ\x90\x00 not a pdf")})
    assert response.status_code == 400
    assert competition.documents.count() == 0
    response = official_client.post(url, {"kind": "terms", "title": "Terms", "upload": upload("terms", PDF_BYTES)})
    assert response.status_code == 302
    document = competition.documents.get()
    assert (document.content_type, document.original_name, document.size) == (
        "application/pdf", "terms.pdf", len(PDF_BYTES))


def test_answer_through_the_browser_publishes_it_on_the_public_page(official_client, body, client):
    competition = f.CompetitionFactory(body=body)
    question = Clarification.objects.create(competition=competition, question="May a branch apply?")
    url = reverse("manage:answer", kwargs={"reference": competition.reference, "pk": question.pk})
    assert official_client.post(url, {"answer": "Yes, it may."}).status_code == 302
    public = client.get(reverse("competitions:detail", kwargs={"reference": competition.reference}))
    assert "Yes, it may." in public.content.decode()


def test_question_queue_lists_only_unanswered_questions_of_the_body(official_client, body):
    mine = Clarification.objects.create(competition=f.CompetitionFactory(body=body), question="Mine?")
    Clarification.objects.create(competition=f.CompetitionFactory(body=body), question="Answered?", answer="Yes",
                                 answered_at=timezone.now())
    Clarification.objects.create(competition=f.CompetitionFactory(), question="Other body?")
    response = official_client.get(reverse("manage:question_queue"))
    assert [q.pk for q in response.context["questions"]] == [mine.pk]


# --------------------------------------------------------------------------------------------------- observer

def test_observer_sees_pages_without_action_buttons(client, body):
    competition = f.CompetitionFactory(body=body)
    client.force_login(f.ObserverMembershipFactory(body=body).user)
    page = client.get(reverse("manage:detail", kwargs={"reference": competition.reference})).content.decode()
    assert reverse("manage:extend", kwargs={"reference": competition.reference}) not in page
    assert reverse("manage:cancel", kwargs={"reference": competition.reference}) not in page
    assert 'action="/manage/' not in page
    response = client.post(reverse("manage:cancel", kwargs={"reference": competition.reference}), {"reason": "x"})
    assert response.status_code == 403


def test_observer_audit_view_hides_participants(client, body):
    from applications import services as application_services

    now = timezone.now()
    competition = f.CompetitionFactory(body=body, status=CompetitionStatus.CLOSED,
                                       closes_at=now - timedelta(days=1), opens_at=now - timedelta(days=9))
    membership = f.MembershipFactory()
    application = f.ApplicationFactory(competition=competition, organization=membership.organization,
                                       status=ApplicationStatus.SUBMITTED)
    official = f.OfficialMembershipFactory(body=body).user
    from portal import audit

    audit.record(actor=membership.user, action="application.note", target=application,
                 competition_id=competition.pk)
    application_services.application_reject(application=application, reason="Late", actor=official)
    client.force_login(f.ObserverMembershipFactory(body=body).user)
    page = client.get(reverse("manage:audit", kwargs={"reference": competition.reference})).content.decode()
    assert membership.user.email not in page
    assert official.email in page
    assert "The audit chain is intact" in page or "цепочка" in page or "intact" in page.lower() or "✓" in page


# -------------------------------------------------------------------------------------------------- audit view

def test_audit_view_lists_events_in_order_with_the_chain_check(official_client, body):
    from competitions import services

    competition = f.CompetitionFactory(body=body)
    question = Clarification.objects.create(competition=competition, question="?")
    services.clarification_answer(clarification=question, answer="First", actor=None)
    services.clarification_answer(clarification=question, answer="Second", actor=None)
    audit_seal()  # what the beat sealer does within seconds
    response = official_client.get(reverse("manage:audit", kwargs={"reference": competition.reference}))
    assert [e.action for e in response.context["events"]] == ["clarification.answered",
                                                              "clarification.answer_edited"]
    assert response.context["check"].ok
    assert response.context["head"] == response.context["events"][-1].hash
