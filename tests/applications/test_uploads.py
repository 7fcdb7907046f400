import hashlib

import pytest
from django.urls import reverse

from applications import services
from applications.errors import UploadRefused
from applications.uploads import safe_display_name
from tests import factories as f
from tests.applications.helpers import (
    EXE_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    docx_bytes,
    odt_bytes,
    upload,
    xlsx_bytes,
    zip_bytes,
)
from tests.applications.helpers import ngo_with_application as _ngo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "data", "content_type", "stored_name"), [
    ("charter.pdf", PDF_BYTES, "application/pdf", "charter.pdf"),
    ("plan.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "plan.docx"),
    ("budget.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "budget.xlsx"),
    ("letter.odt", odt_bytes(), "application/vnd.oasis.opendocument.text", "letter.odt"),
    ("photo.JPG", JPEG_BYTES, "image/jpeg", "photo.jpg"),
    ("scan.png", PNG_BYTES, "image/png", "scan.png"),
    ("scan", PNG_BYTES, "image/png", "scan.png"),  # no extension: the real one is added
    ("report.exe", PDF_BYTES, "application/pdf", "report.exe.pdf"),  # content decides, never the name
])
def test_every_allowed_type_is_recognised_by_content(name, data, content_type, stored_name):
    user, application = _ngo()
    attachment = services.attachment_add(application=application, document_type="charter",
                                         uploaded=upload(name, data), actor=user)
    assert (attachment.content_type, attachment.original_name, attachment.size) == (content_type, stored_name,
                                                                                     len(data))
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    # Stored under a random name, never the user's.
    assert name not in attachment.file.name and attachment.file.name.startswith(f"attachments/{application.pk}/")
    with attachment.file.open("rb") as handle:
        assert handle.read() == data


@pytest.mark.parametrize(("name", "data"), [
    ("charter.pdf", EXE_BYTES),  # a program renamed .pdf
    ("archive.docx", zip_bytes({"readme.txt": "not an office file"})),  # a ZIP that is not DOCX/XLSX/ODT
    ("fake.odt", zip_bytes({"mimetype": "application/x-something"})),
    ("broken.docx", b"PK\x03\x04 broken"),
    ("page.pdf", b"<html><script>alert(1)</script></html>"),
])
def test_content_outside_the_allow_list_is_refused(name, data):
    user, application = _ngo()
    with pytest.raises(UploadRefused) as refused:
        services.attachment_add(application=application, document_type="charter", uploaded=upload(name, data),
                                actor=user)
    assert refused.value.code == "file_type"
    assert not application.attachments.exists()


def test_empty_file_is_refused():
    user, application = _ngo()
    with pytest.raises(UploadRefused) as refused:
        services.attachment_add(application=application, document_type="charter", uploaded=upload("a.pdf", b""),
                                actor=user)
    assert refused.value.code == "file_empty"


def test_over_size_file_is_refused(settings):
    settings.UPLOAD_MAX_FILE_BYTES = 100
    user, application = _ngo()
    with pytest.raises(UploadRefused) as refused:
        services.attachment_add(application=application, document_type="charter",
                                uploaded=upload("big.pdf", PDF_BYTES + b"x" * 100), actor=user)
    assert refused.value.code == "file_too_large"
    assert "100" in str(refused.value.message)


def test_application_total_size_is_limited(settings):
    settings.UPLOAD_MAX_APPLICATION_BYTES = len(PDF_BYTES) * 2 + 10
    user, application = _ngo()
    for _ in range(2):
        services.attachment_add(application=application, document_type="charter", uploaded=upload(), actor=user)
    with pytest.raises(UploadRefused) as refused:
        services.attachment_add(application=application, document_type="charter", uploaded=upload(), actor=user)
    assert refused.value.code == "application_too_large"
    assert application.attachments.count() == 2


def test_unknown_document_type_is_refused():
    user, application = _ngo()
    with pytest.raises(Exception) as refused:
        services.attachment_add(application=application, document_type="passport", uploaded=upload(), actor=user)
    assert refused.value.code == "document_type"


@pytest.mark.parametrize(("given", "shown"), [
    ("../../etc/passwd", "passwd.pdf"),
    ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
    ("/var/www/.htaccess", "htaccess.pdf"),
    ("re\x00po\x1brt\n.pdf", "report.pdf"),
    ("a<b>c:d|e?.pdf", "a_b_c_d_e_.pdf"),
    ("   ", "document.pdf"),
    ("Жарғы — өтінім.PDF", "Жарғы — өтінім.pdf"),
    ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
])
def test_path_like_and_control_character_names_are_made_safe(given, shown):
    from applications.uploads import PDF

    assert safe_display_name(given, PDF) == shown


def test_path_like_upload_name_is_stored_safely():
    user, application = _ngo()
    attachment = services.attachment_add(application=application, document_type="charter",
                                         uploaded=upload("../../etc/passwd", PDF_BYTES), actor=user)
    assert attachment.original_name == "passwd.pdf"
    assert ".." not in attachment.file.name


# --- download -------------------------------------------------------------------------------------------------------


def _download(client, user, attachment):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("applications:attachment", kwargs={"pk": attachment.application_id,
                                                                 "attachment_pk": attachment.pk}))


def test_member_downloads_as_attachment_with_nosniff(client):
    user, application = _ngo()
    attachment = services.attachment_add(application=application, document_type="charter",
                                         uploaded=upload("Жарғы.pdf", PDF_BYTES), actor=user)
    response = _download(client, user, attachment)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%D0%96%D0%B0%D1%80%D2%93%D1%8B.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_download_of_a_draft_attachment_is_404_for_everyone_else(client):
    user, application = _ngo()
    attachment = services.attachment_add(application=application, document_type="charter", uploaded=upload(),
                                         actor=user)
    official = f.OfficialMembershipFactory(body=application.competition.body).user
    for other in (f.MembershipFactory().user, official, f.ExpertProfileFactory().user):
        client.logout()
        assert _download(client, other, attachment).status_code == 404
    client.logout()
    assert _download(client, None, attachment).status_code == 302  # to sign in


def test_download_after_submission_by_officials_and_observers_of_the_body_and_admin(client):
    from tests.applications.helpers import fill_application

    user, application = _ngo()
    fill_application(application)
    services.application_submit(application=application, actor=user)
    attachment = application.attachments.get()
    body = application.competition.body
    allowed = [f.OfficialMembershipFactory(body=body).user, f.ObserverMembershipFactory(body=body).user,
               f.UserFactory(is_staff=True)]
    for person in allowed:
        client.logout()
        assert _download(client, person, attachment).status_code == 200
    for person in (f.OfficialMembershipFactory().user, f.MembershipFactory().user):
        client.logout()
        assert _download(client, person, attachment).status_code == 404


def test_attachment_of_another_application_is_404(client):
    user, application = _ngo()
    other_user, other_application = _ngo()
    foreign = services.attachment_add(application=other_application, document_type="charter", uploaded=upload(),
                                      actor=other_user)
    client.force_login(user)
    url = reverse("applications:attachment", kwargs={"pk": application.pk, "attachment_pk": foreign.pk})
    assert client.get(url).status_code == 404
