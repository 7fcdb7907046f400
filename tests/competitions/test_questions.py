from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from competitions.enums import CompetitionStatus
from competitions.models import Clarification
from competitions.services import clarification_ask
from portal.audit.models import AuditEvent
from portal.errors import DomainError
from portal.notifications.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_ask_stores_audits_and_notifies_the_bodys_officials():
    competition = f.CompetitionFactory()
    official = f.OfficialMembershipFactory(body=competition.body).user
    f.OfficialMembershipFactory()  # another body's official hears nothing
    member = f.MembershipFactory(role="editor")
    clarification = clarification_ask(competition=competition, organization=member.organization,
                                      question="  Can a branch apply?  ", actor=member.user)
    assert (clarification.question, clarification.asked_by, clarification.answered_at) == (
        "Can a branch apply?", member.user, None)
    event = AuditEvent.objects.get(action="clarification.asked")
    assert event.scope == f"competition:{competition.pk}"
    assert list(Notification.objects.values_list("user", flat=True)) == [official.pk]


def test_asking_on_a_closed_competition_is_refused():
    competition = f.CompetitionFactory(opens_at=timezone.now() - timedelta(days=20),
                                       closes_at=timezone.now() - timedelta(minutes=1))
    member = f.MembershipFactory()
    with pytest.raises(DomainError) as refused:
        clarification_ask(competition=competition, organization=member.organization, question="Late?",
                          actor=member.user)
    assert refused.value.code == "competition_not_open"
    assert Clarification.objects.count() == 0


def test_asking_for_someone_elses_organisation_is_refused():
    competition = f.CompetitionFactory()
    member = f.MembershipFactory()
    with pytest.raises(PermissionDenied):
        clarification_ask(competition=competition, organization=f.OrganizationFactory(), question="?",
                          actor=member.user)


def test_closed_competition_ask_page_is_403_and_saves_nothing():
    competition = f.CompetitionFactory(status=CompetitionStatus.CLOSED,
                                       closes_at=timezone.now() - timedelta(days=1))
    client = signed_in(f.MembershipFactory().user)
    url = reverse("competitions:ask", kwargs={"reference": competition.reference})
    assert client.get(url).status_code == 403
    assert client.post(url, {"question": "Still?"}).status_code == 403
    assert Clarification.objects.count() == 0


def test_empty_question_is_400_beside_the_field():
    competition = f.CompetitionFactory()
    client = signed_in(f.MembershipFactory().user)
    response = client.post(reverse("competitions:ask", kwargs={"reference": competition.reference}),
                           {"question": ""})
    assert response.status_code == 400
    assert 'id="id_question_error"' in response.content.decode()


def test_member_of_several_organisations_must_choose():
    competition = f.CompetitionFactory()
    user = f.MembershipFactory().user
    second = f.MembershipFactory(user=user, role="editor").organization
    url = reverse("competitions:ask", kwargs={"reference": competition.reference})
    assert signed_in(user).post(url, {"question": "Which one?"}).status_code == 400
    response = signed_in(user).post(url, {"question": "Which one?", "organization": second.pk})
    assert response.status_code == 302
    assert Clarification.objects.get().organization == second


def test_question_is_hidden_until_answered_then_shown_without_the_asker():
    competition = f.CompetitionFactory()
    member = f.MembershipFactory()
    member.organization.name = "Secret Asker Foundation"
    member.organization.save()
    member.user.full_name = "Asker Person"
    member.user.save()
    client = signed_in(member.user)
    detail = reverse("competitions:detail", kwargs={"reference": competition.reference})
    assert 'action="' + reverse("competitions:ask", kwargs={"reference": competition.reference}) in \
        client.get(detail).content.decode()

    response = client.post(reverse("competitions:ask", kwargs={"reference": competition.reference}),
                           {"question": "Is co-financing required?"}, follow=True)
    html = response.content.decode()
    assert "Your question was sent. It will appear here once answered." in html
    assert "Is co-financing required?" not in html
    assert "Is co-financing required?" not in Client().get(detail).content.decode()

    Clarification.objects.update(answer="No, it is optional.", answered_at=timezone.now(),
                                 answered_by=f.OfficialMembershipFactory(body=competition.body).user)
    public = Client(HTTP_ACCEPT_LANGUAGE="en").get(detail).content.decode()
    assert "Is co-financing required?" in public and "No, it is optional." in public
    for identity in ("Secret Asker Foundation", "Asker Person", member.user.email, member.organization.bin):
        assert identity not in public


def test_anonymous_visitor_sees_a_sign_in_prompt_not_the_form():
    competition = f.CompetitionFactory()
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("competitions:detail", kwargs={"reference": competition.reference})).content.decode()
    assert "as a member of a registered organisation to ask a question" in html
    assert 'name="question"' not in html
