"""Claiming an organisation with an EDS certificate carrying its BIN: takeover from an unproven first claimer,
notices to both sides and an audit row; the page and the API."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.accounts import services
from portal.accounts.models import Membership, OwnershipMethod
from portal.audit.models import AuditEvent
from portal.errors import DomainError
from portal.notifications.models import Notification
from portal.signatures.base import SignatureRefused
from portal.signatures.claims import claim_document
from tests import factories as f
from tests.api.helpers import forced_client
from tests.pki import make_iin

pytestmark = pytest.mark.django_db


def _confirmed(**kwargs):
    return f.UserFactory(email_confirmed_at=timezone.now(), **kwargs)


def _squatted():
    """An organisation registered by someone who never proved it (and who invited an editor)."""
    squatter = _confirmed(email="first@example.kz")
    organization = f.OrganizationFactory(name="ОО Болашақ")
    f.MembershipFactory(user=squatter, organization=organization, role="owner")
    editor = f.MembershipFactory(organization=organization, role="editor").user
    return organization, squatter, editor


def _claim(pki, organization, claimer, *, bin_=None, iin=None):
    holder = pki.issue(iin=iin or make_iin(claimer.pk + 100), bin=bin_ or organization.bin, name="ЖУМАБАЕВА ДИНАРА")
    sha = claim_document(organization.bin, claimer)[1]
    return services.organization_claim(organization=organization, document_sha256=sha,
                                       cms=holder.sign_hash(sha), actor=claimer)


def test_a_valid_claim_takes_the_organisation_from_an_unproven_first_claimer(pki, django_capture_on_commit_callbacks):
    organization, squatter, editor = _squatted()
    head = _confirmed(email="head@example.kz")
    with django_capture_on_commit_callbacks(execute=True):
        _claim(pki, organization, head)
    organization.refresh_from_db()
    assert (organization.ownership_verified_by, organization.ownership_method) == (head, OwnershipMethod.EDS)
    assert list(Membership.objects.filter(organization=organization).values_list("user__email", "role")) == [
        ("head@example.kz", "owner")]
    event = AuditEvent.objects.get(action="organization.claim")
    assert event.before == {"owners": ["first@example.kz"]}
    assert event.after["takeover"] is True and event.after["owner"] == "head@example.kz"
    assert event.after["removed_members"] == sorted(["first@example.kz", editor.email])
    assert Notification.objects.filter(user=squatter, subject__contains="ownership proven").count() == 1
    assert Notification.objects.filter(user=head, subject__contains="your ownership is proven").count() == 1
    assert {m.to[0] for m in mail.outbox} >= {"first@example.kz", "head@example.kz"}


def test_an_owner_proving_their_own_organisation_keeps_the_members(pki):
    organization, squatter, editor = _squatted()
    _claim(pki, organization, squatter)
    organization.refresh_from_db()
    assert organization.ownership_verified_by == squatter
    assert Membership.objects.filter(organization=organization).count() == 2
    assert AuditEvent.objects.get(action="organization.claim").after["takeover"] is False


def test_a_certificate_of_another_bin_does_not_take_anything(pki):
    organization, squatter, _editor = _squatted()
    claimer = _confirmed()
    with pytest.raises(SignatureRefused) as refused:
        _claim(pki, organization, claimer, bin_="150340012300")
    assert refused.value.code == "bin_mismatch"
    assert Membership.objects.get(organization=organization, role="owner").user == squatter
    assert not AuditEvent.objects.filter(action="organization.claim").exists()


def test_proven_ownership_is_not_taken_by_a_second_claim(pki):
    organization, squatter, _editor = _squatted()
    _claim(pki, organization, squatter)
    with pytest.raises(DomainError) as refused:
        _claim(pki, organization, _confirmed())
    assert refused.value.code == "ownership_proven"


def test_a_signature_made_for_another_account_is_refused(pki):
    organization, _squatter, _editor = _squatted()
    claimer, other = _confirmed(), _confirmed()
    holder = pki.issue(iin=make_iin(300), bin=organization.bin)
    sha_for_other = claim_document(organization.bin, other)[1]
    with pytest.raises(DomainError) as refused:
        services.organization_claim(organization=organization, document_sha256=sha_for_other,
                                    cms=holder.sign_hash(sha_for_other), actor=claimer)
    assert refused.value.code == "document_changed"


def test_an_administrator_approves_the_present_owner():
    organization, squatter, _editor = _squatted()
    services.organization_approve_ownership(organization=organization, actor=f.UserFactory(is_staff=True))
    organization.refresh_from_db()
    assert (organization.ownership_verified_by, organization.ownership_method) == (squatter, OwnershipMethod.ADMIN)


def test_the_claim_page_signs_and_takes_over(pki):
    organization, _squatter, _editor = _squatted()
    head = _confirmed()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(head)
    page = client.get(reverse("signatures:claim"), {"bin": organization.bin})
    assert page.status_code == 200
    sha = page.context["sign"]["sha256"]
    assert sha == claim_document(organization.bin, head)[1]
    assert b"data-sign-panel" in page.content and b"ncalayer.js" in page.content
    bad = client.post(reverse("signatures:claim"), {"bin": organization.bin, "document_sha256": sha,
                                                     "cms": pki.issue(iin=make_iin(301)).sign_hash(sha)})
    assert bad.status_code == 400 and b"personal certificate" in bad.content
    holder = pki.issue(iin=make_iin(301), bin=organization.bin)
    response = client.post(reverse("signatures:claim"), {"bin": organization.bin, "document_sha256": sha,
                                                          "cms": holder.sign_hash(sha)})
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", kwargs={"pk": organization.pk})
    assert Membership.objects.get(organization=organization).user == head


def test_the_claim_page_for_an_unknown_bin_offers_registration():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(_confirmed())
    page = client.get(reverse("signatures:claim"), {"bin": "150340012300"})
    assert page.status_code == 200 and b"/organizations/new/?bin=150340012300" in page.content


def test_claiming_through_the_api(pki):
    organization, _squatter, _editor = _squatted()
    head = _confirmed()
    client = forced_client(head)
    document = client.get("/api/v1/organization-claims/", {"bin": organization.bin}).json()
    assert document["organization"] == organization.pk and document["ownership_proven"] is False
    sha = document["document_sha256"]
    holder = pki.issue(iin=make_iin(302), bin=organization.bin)
    refused = client.post("/api/v1/organization-claims/", {"bin": organization.bin, "document_sha256": sha,
                                                            "cms": "bm90IGEgY21z"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "signature_format"
    response = client.post("/api/v1/organization-claims/", {"bin": organization.bin, "document_sha256": sha,
                                                             "cms": holder.sign_hash(sha)}, format="json")
    assert response.status_code == 200 and response.json()["organization"] == organization.pk
    assert client.get("/api/v1/organization-claims/", {"bin": "123"}).status_code == 400
