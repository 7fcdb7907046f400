"""The register in the pages: the registration form pre-filled from a BIN lookup, the verified state on the
organisation's page and for officials on the admission page, the IIN on the profile."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from competitions.enums import CompetitionStatus
from portal.accounts.models import Organization, VerificationStatus
from portal.registers.base import RegisterUnavailable
from tests import factories as f
from tests.applications.helpers import add_attachment
from tests.pki import make_iin

pytestmark = pytest.mark.django_db
BIN = "120540011106"  # the fixture register: «Открытое общество», 2012-05-14, NGO database 2013-01-20


def _client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _confirmed():
    return f.UserFactory(email_confirmed_at=timezone.now())


def test_a_bin_lookup_prefills_the_form_and_fixes_the_register_facts():
    client = _client(_confirmed())
    page = client.get(reverse("organizations:create"), {"bin": BIN})
    assert page.status_code == 200 and b'data-register="found"' in page.content
    form = page.context["form"]
    assert form.initial["name"] == "Общественное объединение «Открытое общество»"
    assert form.initial["registered_on"] == date(2012, 5, 14)
    assert form.fields["registered_on"].disabled and form.fields["in_ngo_database"].disabled
    response = client.post(f"{reverse('organizations:create')}?bin={BIN}", {
        "name": "Открытое общество", "bin": BIN, "legal_form": "public_association", "region": f.region().pk,
        "registered_on": "2024-01-01", "contact_email": "", "contact_phone": "", "website": ""})
    assert response.status_code == 302
    organization = Organization.objects.get(bin=BIN)
    assert (organization.registered_on, organization.in_ngo_database, organization.verification_status) == (
        date(2012, 5, 14), True, VerificationStatus.VERIFIED)
    detail = client.get(reverse("organizations:detail", kwargs={"pk": organization.pk}))
    assert b'data-verification="verified"' in detail.content and "Сейтказиев" in detail.content.decode()


def test_an_unknown_bin_and_an_outage_leave_the_form_open(settings):
    client = _client(_confirmed())
    page = client.get(reverse("organizations:create"), {"bin": f.make_bin()})
    assert b'data-register="not_found"' in page.content
    assert not page.context["form"].fields["registered_on"].disabled
    settings.REGISTER_BACKEND = "tests.registers.test_views.DownRegister"
    page = client.get(reverse("organizations:create"), {"bin": BIN})
    assert b'data-register="unavailable"' in page.content
    assert not page.context["form"].fields["registered_on"].disabled


class DownRegister:
    def lookup(self, bin_):
        raise RegisterUnavailable("down for the test")


def test_a_taken_bin_points_to_the_claim():
    organization = f.OrganizationFactory()
    client = _client(_confirmed())
    response = client.post(reverse("organizations:create"), {
        "name": "Copy", "bin": organization.bin, "legal_form": "public_association", "region": f.region().pk,
        "registered_on": "2019-01-01", "contact_email": "", "contact_phone": "", "website": ""})
    assert response.status_code == 400
    assert f"/organizations/claim/?bin={organization.bin}".encode() in response.content


def test_officials_see_the_register_state_on_the_admission_page():
    now = timezone.now()
    competition = f.CompetitionFactory(status=CompetitionStatus.CLOSED, opens_at=now - timedelta(days=30),
                                       closes_at=now - timedelta(days=1))
    verified = f.OrganizationFactory(verification_status="verified", verified_at=now)
    missing = f.OrganizationFactory(verification_status="not_found", verification_checked_at=now)
    for organization in (verified, missing):
        application = f.ApplicationFactory(competition=competition, organization=organization, status="submitted",
                                           submitted_at=now)
        add_attachment(application, "charter")
    client = _client(f.OfficialMembershipFactory(body=competition.body).user)
    page = client.get(reverse("manage_applications:admission", kwargs={"reference": competition.reference}))
    content = page.content.decode()
    assert 'data-verification="verified"' in content and 'data-verification="not_found"' in content
    assert "The organisation&#x27;s BIN was not found in the state register" in content
    rows = {row["application"].organization_id: row for row in page.context["rows"]}
    assert rows[verified.pk]["checks"][-1].passed and not rows[missing.pk]["checks"][-1].passed


def test_the_profile_takes_an_iin_until_a_signature_proves_it():
    user = _confirmed()
    client = _client(user)
    data = {"full_name": "Test", "phone": "", "preferred_language": "en"}
    assert client.post(reverse("profile"), {**data, "iin": "123"}).status_code == 400
    assert client.post(reverse("profile"), {**data, "iin": make_iin(50)}).status_code == 302
    user.refresh_from_db()
    assert user.iin == make_iin(50)
    other = _client(_confirmed())
    taken = other.post(reverse("profile"), {**data, "iin": make_iin(50)})
    assert taken.status_code == 400 and b"already linked to another account" in taken.content
    user.iin_verified_at = timezone.now()
    user.save()
    client.post(reverse("profile"), {**data, "iin": make_iin(51)})
    user.refresh_from_db()
    assert user.iin == make_iin(50)
