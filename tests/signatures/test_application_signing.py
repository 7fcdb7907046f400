"""An application signed at submission: the certificate's BIN must be the organisation's, its IIN the user's."""

from datetime import UTC, datetime, timedelta

import pytest

from applications import services
from applications.enums import ApplicationStatus
from applications.errors import SubmissionRefused
from portal.audit.models import AuditEvent
from portal.signatures.models import Signature
from tests import factories as f
from tests.applications.helpers import fill_application, ngo_with_application
from tests.pki import TestCA, make_iin

pytestmark = pytest.mark.django_db


def _ready():
    user, application = ngo_with_application()
    fill_application(application)
    return user, application


def _codes(refused):
    return [p.code for p in refused.value.problems]


@pytest.mark.parametrize("algorithm", ["rsa", "ec"])
def test_signed_with_the_organisations_bin_is_accepted_and_stored(pki, algorithm):
    user, application = _ready()
    iin = make_iin(1)
    holder = pki.issue(iin=iin, bin=application.organization.bin, name="ЖУМАБАЕВА ДИНАРА",
                       organization="ОО Болашақ", algorithm=algorithm)
    sha = services.application_content_sha256(application)
    submitted = services.application_submit(application=application, actor=user,
                                            signature={"cms": holder.sign_hash(sha), "document_sha256": sha})
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.snapshot["content_sha256"] == sha
    signature = Signature.objects.get()
    assert (signature.kind, signature.object_id, signature.document_sha256) == ("application", application.pk, sha)
    assert (signature.signer_iin, signature.signer_bin, signature.signer_name) == (
        iin, application.organization.bin, "ЖУМАБАЕВА ДИНАРА")
    assert signature.certificate_serial == format(holder.cert.serial_number, "x")
    assert signature.valid_at_signing is True and signature.verifier == "local"
    assert abs(signature.signed_at - datetime.now(UTC)) < timedelta(minutes=1)
    user.refresh_from_db()
    assert user.iin == iin and user.iin_verified_at is not None  # the signature proved the IIN
    assert AuditEvent.objects.filter(action="signature.application", target_id=str(application.pk)).count() == 1


def test_an_attached_signature_is_accepted_too(pki):
    user, application = _ready()
    holder = pki.issue(iin=make_iin(2), bin=application.organization.bin)
    sha = services.application_content_sha256(application)
    services.application_submit(application=application, actor=user,
                                signature={"cms": holder.sign_hash(sha, detached=False), "document_sha256": sha})
    assert Signature.objects.count() == 1


def test_a_certificate_of_another_bin_is_refused_and_the_draft_kept(pki):
    user, application = _ready()
    holder = pki.issue(iin=make_iin(3), bin="150340012300")
    sha = services.application_content_sha256(application)
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user,
                                    signature={"cms": holder.sign_hash(sha), "document_sha256": sha})
    assert _codes(refused) == ["bin_mismatch"]
    assert "150340012300" in refused.value.problems[0].message
    application.refresh_from_db()
    user.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and not Signature.objects.exists()
    assert user.iin == ""  # nothing was bound


def test_a_personal_certificate_is_refused_for_an_application(pki):
    user, application = _ready()
    holder = pki.issue(iin=make_iin(4))
    sha = services.application_content_sha256(application)
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user,
                                    signature={"cms": holder.sign_hash(sha), "document_sha256": sha})
    assert _codes(refused) == ["bin_mismatch"]


def test_a_certificate_of_another_person_is_refused(pki):
    user, application = _ready()
    user.iin = make_iin(5)
    user.save()
    holder = pki.issue(iin=make_iin(6), bin=application.organization.bin)
    sha = services.application_content_sha256(application)
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user,
                                    signature={"cms": holder.sign_hash(sha), "document_sha256": sha})
    assert _codes(refused) == ["iin_mismatch"]
    assert application.__class__.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_an_iin_already_linked_to_another_account_is_refused(pki):
    iin = make_iin(7)
    f.UserFactory(iin=iin)
    user, application = _ready()
    holder = pki.issue(iin=iin, bin=application.organization.bin)
    sha = services.application_content_sha256(application)
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user,
                                    signature={"cms": holder.sign_hash(sha), "document_sha256": sha})
    assert _codes(refused) == ["iin_taken"]


def test_a_signature_over_an_older_version_is_refused(pki):
    user, application = _ready()
    holder = pki.issue(iin=make_iin(8), bin=application.organization.bin)
    old = services.application_content_sha256(application)
    application.title = "Changed after signing"
    application.save()
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user,
                                    signature={"cms": holder.sign_hash(old), "document_sha256": old})
    assert _codes(refused) == ["document_changed"]


def test_a_signature_over_other_bytes_is_refused(pki):
    user, application = _ready()
    holder = pki.issue(iin=make_iin(9), bin=application.organization.bin)
    sha = services.application_content_sha256(application)
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user,
                                    signature={"cms": holder.sign(b"something else"), "document_sha256": sha})
    assert _codes(refused) == ["signature_digest"]


def test_a_certificate_from_an_untrusted_authority_is_refused(pki):
    user, application = _ready()
    holder = TestCA("Rogue CA").issue(iin=make_iin(10), bin=application.organization.bin)
    sha = services.application_content_sha256(application)
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user,
                                    signature={"cms": holder.sign_hash(sha), "document_sha256": sha})
    assert _codes(refused) == ["signature_chain"]


def test_an_expired_certificate_is_refused(pki):
    user, application = _ready()
    now = datetime.now(UTC)
    holder = pki.issue(iin=make_iin(11), bin=application.organization.bin,
                       valid_from=now - timedelta(days=400), valid_until=now - timedelta(days=1))
    sha = services.application_content_sha256(application)
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user,
                                    signature={"cms": holder.sign_hash(sha), "document_sha256": sha})
    assert _codes(refused) == ["signature_expired"]


def test_garbage_instead_of_a_cms_is_refused(pki):
    user, application = _ready()
    sha = services.application_content_sha256(application)
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user,
                                    signature={"cms": "not base64 at all!", "document_sha256": sha})
    assert _codes(refused) == ["signature_format"]


def test_signing_required_refuses_an_unsigned_submission(settings):
    settings.SIGNATURE_REQUIRED = {**settings.SIGNATURE_REQUIRED, "application": True}
    user, application = _ready()
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, actor=user)
    assert _codes(refused) == ["signature_required"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_signing_optional_by_default_submits_unsigned():
    user, application = _ready()
    assert services.application_submit(application=application, actor=user).status == ApplicationStatus.SUBMITTED
    assert not Signature.objects.exists()
