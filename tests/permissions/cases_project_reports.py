"""Progress reports, their evidence and the project's message thread (/projects/reports/..., /projects/<id>/
messages/, /api/v1/projects/reports/..., /api/v1/projects/<id>/messages/). NGO A's ``project`` is read by NGO A,
body A's official and observer and administrators (anyone else: 404); the report is the organisation's to
write, the body's to return or accept; messages are written by the organisation and the body's officials,
observers only read."""

from django.core.files.base import ContentFile

from tests.applications.helpers import PNG_BYTES

from .spec import Case

READERS = {"anonymous": "login", "ngo": "ok", "official": "ok", "observer": "ok", "admin": "ok"}
BODY_ACTION = {"anonymous": "login", "ngo": "403", "observer": "403", "official": "400", "admin": "400"}
NGO_ACTION = {"anonymous": "login", "ngo": "400", "observer": "403", "official": "403", "admin": "403"}
BOTH_SIDES = {"anonymous": "login", "ngo": "400", "observer": "403", "official": "400", "admin": "400"}


def _evidence(w):
    from projects.models import ReportEvidence

    evidence = ReportEvidence.objects.filter(report=w.project_report).first()
    if evidence is None:
        evidence = ReportEvidence(report=w.project_report, kind="photo", original_name="photo.png",
                                  content_type="image/png", size=len(PNG_BYTES), sha256="0" * 64)
        evidence.file.save("photo.png", ContentFile(PNG_BYTES), save=True)
    return evidence


def _message(w):
    from projects.models import ProjectMessage

    message = ProjectMessage.objects.filter(project=w.project).exclude(attachment="").first()
    if message is None:
        message = ProjectMessage(project=w.project, body="Photos", attachment_name="photo.png",
                                 attachment_type="image/png")
        message.attachment.save("photo.png", ContentFile(PNG_BYTES), save=True)
    return message


def report(w):
    return {"pk": w.project_report.pk}


def empty(w):
    return {}


CASES = [
    Case("projects:report", kwargs=report, expect=READERS),
    Case("projects:report", kwargs=report, method="post", data=empty,
         expect={"anonymous": "login", "ngo": "ok", "observer": "403", "official": "403", "admin": "403"},
         note="an empty form is a valid draft"),
    Case("projects:report_decide", kwargs=lambda w: {"pk": w.project_report.pk, "action": "return"},
         method="post", data=empty, expect=BODY_ACTION),
    Case("projects:report_decide", kwargs=lambda w: {"pk": w.project_report.pk, "action": "no-such"},
         method="post", data=empty, expect={"anonymous": "login"}, default="404"),
    Case("projects:report_evidence", kwargs=report, method="post", data=empty, expect=NGO_ACTION),
    Case("projects:evidence_remove", kwargs=lambda w: {"pk": _evidence(w).pk}, method="post", data=empty,
         expect={"anonymous": "login", "ngo": "ok"}, note="after the NGO's removal the file may be gone: 404"),
    Case("projects:evidence_file", kwargs=lambda w: {"pk": _evidence(w).pk}, expect=READERS),
    Case("projects:public_evidence_file", kwargs=lambda w: {"pk": _evidence(w).pk}, default="404",
         note="not public, the report not accepted: no such public file for anyone"),
    Case("projects:messages", kwargs=lambda w: {"pk": w.project.pk}, expect=READERS),
    Case("projects:messages", kwargs=lambda w: {"pk": w.project.pk}, method="post", data=empty, expect=BOTH_SIDES),
    Case("projects:message_file", kwargs=lambda w: {"pk": _message(w).pk}, expect=READERS),
    # API
    Case("api:project-report-evidence", kwargs=report, method="post", data=empty, expect=NGO_ACTION),
    Case("api:project-message-list", kwargs=lambda w: {"project_pk": w.project.pk}, expect=READERS),
    Case("api:project-message-list", kwargs=lambda w: {"project_pk": w.project.pk}, method="post", data=empty,
         expect=BOTH_SIDES),
]
