"""Public council members are invited to observe the commission meeting: notified, listed on the meeting page
and in the API, audited."""

import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.councils.models import CouncilMember
from portal.notifications.models import Notification
from scoring.commission import services as commission
from tests import factories as f
from tests.scoring.commission.test_services import _board, ranked  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_council_members_are_invited_to_the_meeting(ranked, official, client):  # noqa: F811
    competition, _snapshot = ranked
    council = f.CouncilFactory(body=competition.body)
    member = f.UserFactory(full_name="Гүлнар Әбенова")
    CouncilMember.objects.create(council=council, user=member)
    board, _seats = _board(competition, official)
    meeting = commission.meeting_schedule(commission=board, held_at=competition.closes_at, actor=official)
    assert [row["name"] for row in meeting.invited_observers] == ["Гүлнар Әбенова"]
    assert Notification.objects.filter(user=member, url__endswith=f"/meetings/{meeting.pk}/").exists()
    assert AuditEvent.objects.get(action="commission.observers_invited").after == {"observers": 1}
    client.force_login(official)
    page = client.get(reverse("scoring:meeting", kwargs={"reference": competition.reference, "pk": meeting.pk}))
    assert "Гүлнар Әбенова" in page.content.decode() and council.name_kk in page.content.decode()
    data = client.get(f"/api/v1/competitions/{competition.pk}/commission/").json()
    assert data["meetings"][0]["invited_observers"] == [{"name": "Гүлнар Әбенова", "council": council.name_kk}]
