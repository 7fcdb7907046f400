"""Issue 16 point 5: pages show the state that is true and offer only the actions the services will accept, with
the reason when an action is unavailable (applications/availability.py drives both)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.enums import ApplicationStatus
from competitions.enums import CompetitionStatus
from portal.errors import DomainError
from tests import factories as f

pytestmark = pytest.mark.django_db


def _submitted(client, **competition):
    membership = f.MembershipFactory(role="owner")
    application = f.ApplicationFactory(competition=f.CompetitionFactory(**competition),
                                       organization=membership.organization, status=ApplicationStatus.SUBMITTED)
    client.force_login(membership.user)
    return membership.user, application


def test_cancelled_competition_says_so_and_offers_no_withdraw(client):
    user, application = _submitted(client, status=CompetitionStatus.CANCELLED,
                                   cancellation_reason="Бюджет қысқартылды")
    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    assert "The competition was cancelled; applications to it are not reviewed." in page
    assert "Бюджет қысқартылды" in page
    assert "The organiser checks admission after the deadline" not in page
    assert reverse("applications:withdraw", kwargs={"pk": application.pk}) not in page
    with pytest.raises(DomainError) as refused:
        services.application_withdraw(application=application, actor=user)
    assert refused.value.code == "competition_cancelled"


def test_cancelled_competition_draft_cannot_be_edited(client):
    membership = f.MembershipFactory(role="owner")
    application = f.ApplicationFactory(competition=f.CompetitionFactory(status=CompetitionStatus.CANCELLED),
                                       organization=membership.organization)
    client.force_login(membership.user)
    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    assert "it can no longer be changed or submitted" in page
    assert reverse("applications:check", kwargs={"pk": application.pk}) not in page
    assert client.get(reverse("applications:check", kwargs={"pk": application.pk})).status_code == 403


def test_submitted_before_deadline_offers_withdraw(client):
    _user, application = _submitted(client)
    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    assert "The organiser checks admission after the deadline" in page
    assert reverse("applications:withdraw", kwargs={"pk": application.pk}) in page
    assert "Withdrawing is no longer possible" not in page


def test_after_deadline_withdraw_is_replaced_by_its_reason(client):
    _user, application = _submitted(client, status=CompetitionStatus.CLOSED,
                                    opens_at=timezone.now() - timedelta(days=20),
                                    closes_at=timezone.now() - timedelta(days=1))
    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    assert reverse("applications:withdraw", kwargs={"pk": application.pk}) not in page
    assert "Withdrawing is no longer possible:" in page
    assert "after it an application can no longer be withdrawn" in page


def test_one_application_per_organisation_no_start_offer(client):
    membership = f.MembershipFactory(role="owner")
    competition = f.CompetitionFactory(max_applications_per_organization=1)
    f.ApplicationFactory(competition=competition, organization=membership.organization)
    client.force_login(membership.user)
    start = reverse("applications:start", kwargs={"reference": competition.reference})
    detail = client.get(reverse("competitions:detail", kwargs={"reference": competition.reference})).content.decode()
    assert "Start another application" not in detail
    assert f'href="{start}"' not in detail
    assert "You cannot start an application here:" in detail
    assert "the competition allows 1 per organisation" in detail
    page = client.get(start).content.decode()
    assert "Eligible: meets every condition" not in page
    assert "Start another application" not in page
    assert "the competition allows 1 per organisation" in page
    assert client.post(start, {"organization": membership.organization.pk}).status_code == 400


def test_second_application_offered_when_the_competition_allows_two(client):
    membership = f.MembershipFactory(role="owner")
    competition = f.CompetitionFactory(max_applications_per_organization=2)
    f.ApplicationFactory(competition=competition, organization=membership.organization)
    client.force_login(membership.user)
    detail = client.get(reverse("competitions:detail", kwargs={"reference": competition.reference})).content.decode()
    assert "Start another application" in detail
    page = client.get(reverse("applications:start", kwargs={"reference": competition.reference})).content.decode()
    assert "Eligible: meets every condition" in page and "Start another application" in page


def test_ineligible_organisation_is_told_why_on_the_competition_page(client):
    membership = f.MembershipFactory(organization__in_ngo_database=False)
    competition = f.CompetitionFactory(requires_ngo_database=True)
    client.force_login(membership.user)
    detail = client.get(reverse("competitions:detail", kwargs={"reference": competition.reference})).content.decode()
    assert "not entered in the NGO database" in detail
    assert reverse("applications:start", kwargs={"reference": competition.reference}) + '"' not in detail


def test_dashboard_and_header_say_the_competition_was_cancelled(client):
    _user, application = _submitted(client, status=CompetitionStatus.CANCELLED)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "the competition was cancelled and the application will not be reviewed" in dashboard
    assert "Wait for the admission check" not in dashboard
    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    assert '<span class="tag tag-cancelled">Competition cancelled</span>' in page


def test_appeal_refusal_names_the_reason():
    from scoring.appeals.rules import appeal_refusal

    cancelled = f.ApplicationFactory(competition=f.CompetitionFactory(status=CompetitionStatus.CANCELLED),
                                     status=ApplicationStatus.WINNER)
    assert appeal_refusal(cancelled) == "The competition was cancelled; no appeal can be filed."
    running = f.ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    assert appeal_refusal(running) == "Appeals are filed only against published results during the appeal window."
