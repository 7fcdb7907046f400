"""[2.2] 13. No GET writes: reads treat a passed deadline as closed without writing; the beat task closes; a
submission after the deadline is refused at the same instant."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from applications.errors import SubmissionRefused
from applications.services import application_submit
from competitions.enums import CompetitionStatus
from competitions.services import competitions_close_due
from competitions.tasks import close_due_competitions
from portal.audit.models import AuditEvent
from tests import factories as f
from tests.applications.helpers import fill_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue():
    now = timezone.now()
    return f.CompetitionFactory(opens_at=now - timedelta(days=20), closes_at=now - timedelta(minutes=1),
                                title_kk="Мерзімі өткен конкурс", title_ru="Просроченный конкурс")


def test_an_anonymous_get_of_the_list_writes_nothing_and_shows_the_competition_closed(overdue):
    """Before: GET /competitions/ by anyone closed the overdue competition and wrote a ``competition.closed``
    audit event. Now: no row written, the status stays as stored, the page says "Closed"."""
    events = AuditEvent.objects.count()
    client = Client()
    listing = client.get("/competitions/", HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(f"/competitions/{overdue.reference}/", HTTP_ACCEPT_LANGUAGE="en")
    api = APIClient().get(f"/api/v1/competitions/{overdue.pk}/")
    assert listing.status_code == page.status_code == api.status_code == 200
    assert AuditEvent.objects.count() == events
    overdue.refresh_from_db()
    assert overdue.status == CompetitionStatus.PUBLISHED
    assert f'tag-{CompetitionStatus.CLOSED}"' in listing.content.decode()
    assert f'tag-{CompetitionStatus.CLOSED}"' in page.content.decode()
    assert "Open for applications" not in page.content.decode()
    assert api.json()["status"] == CompetitionStatus.CLOSED
    assert api.json()["is_open"] is False


def test_the_filters_treat_a_passed_deadline_as_closed(overdue):
    client = Client()
    closed = client.get("/competitions/?phase=closed").content.decode()
    open_now = client.get("/competitions/?phase=open").content.decode()
    assert overdue.reference in closed and overdue.reference not in open_now
    api = APIClient()
    assert [c["id"] for c in api.get("/api/v1/competitions/?status=closed").json()["results"]] == [overdue.pk]
    assert api.get("/api/v1/competitions/?status=published").json()["results"] == []
    assert AuditEvent.objects.filter(action="competition.closed").count() == 0


def test_the_beat_task_does_the_write_once(overdue):
    assert close_due_competitions.apply().get() == 1
    overdue.refresh_from_db()
    assert overdue.status == CompetitionStatus.CLOSED
    assert AuditEvent.objects.filter(action="competition.closed").count() == 1
    assert competitions_close_due() == 0


def test_a_submission_after_the_deadline_is_refused_at_the_same_instant():
    """Nothing but the clock changed: at closes_at the window is shut although no task has closed it."""
    membership = f.MembershipFactory(role="owner")
    competition = f.CompetitionFactory()
    application = fill_application(f.ApplicationFactory(competition=competition,
                                                        organization=membership.organization))
    with pytest.raises(SubmissionRefused) as refused:
        application_submit(application=application, actor=membership.user, now=competition.closes_at)
    assert "deadline_passed" in [p.code for p in refused.value.problems]
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.PUBLISHED
