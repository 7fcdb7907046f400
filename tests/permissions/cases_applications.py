"""Permission cases of the applicant pages (applications/urls.py).

Visibility is the selector's: members of the applicant see everything of their organisation, officials and
observers of the body see it once submitted, experts with an accepted assignment see it, administrators see all;
anyone else gets 404. Acting (edit, submit, withdraw) is for members only: others who can see get 403.
"""

from .spec import Case

SIGNED_IN = ("ngo", "other_ngo", "official", "other_official", "observer", "expert", "admin")


def _app(world):
    return {"pk": world.application.pk}


def _receipted(world):
    return {"pk": world.receipted_application.pk}


BODY_SEES = {"ngo": "ok", "official": "ok", "observer": "ok", "admin": "ok"}
MEMBER_ACTS_OTHERS_WHO_SEE_403 = {"ngo": "ok", "official": "403", "observer": "403", "admin": "403"}

CASES = [
    # Start: any signed-in person may open the page (it explains eligibility or how to register an NGO).
    Case("applications:start", kwargs=lambda w: {"reference": w.open_competition.reference},
         expect={"anonymous": "login", **{role: "ok" for role in SIGNED_IN}}),
    Case("applications:start", method="post", kwargs=lambda w: {"reference": w.open_competition.reference},
         data=lambda w: {"organization": w.organization.pk}, default="400", expect={"anonymous": "login"},
         note="NGO A already has its one application; nobody else is a member of NGO A"),
    # Overview of a draft: members and administrators only.
    Case("applications:detail", kwargs=_app, expect={"ngo": "ok", "admin": "ok"}),
    Case("applications:detail", kwargs=lambda w: {"pk": w.submitted_application.pk}, expect=BODY_SEES,
         note="a submitted application is visible to the body's officials and observers"),
    Case("applications:detail", kwargs=lambda w: {"pk": w.reviewed_application.pk},
         expect={"other_ngo": "ok", "official": "ok", "observer": "ok", "expert": "ok", "admin": "ok"},
         note="the expert holds an accepted assignment on it"),
    # Sections of a draft.
    Case("applications:section", kwargs=lambda w: {**_app(w), "section": "project"},
         expect={"ngo": "ok", "admin": "403"}),
    Case("applications:section", method="post", kwargs=lambda w: {**_app(w), "section": "problem"},
         data=lambda w: {"version": str(w.application.version), "problem": "Matrix text"},
         expect={"ngo": "ok", "admin": "403"}),
    Case("applications:section", kwargs=lambda w: {"pk": w.receipted_application.pk, "section": "project"},
         expect={"ngo": "403", "official": "403", "observer": "403", "admin": "403"},
         note="editing after submission is refused"),
    Case("applications:documents", kwargs=_app, expect={"ngo": "ok", "admin": "403"}),
    Case("applications:documents", method="post", kwargs=_app,
         data=lambda w: {"prefix": "other", "other-document_type": "other"}, expect={"ngo": "400", "admin": "403"},
         note="no file: the message is beside the field"),
    Case("applications:attachment",
         kwargs=lambda w: {**_app(w), "attachment_pk": w.application_attachment.pk},
         expect={"ngo": "ok", "admin": "ok"}),
    Case("applications:attachment",
         kwargs=lambda w: {**_receipted(w), "attachment_pk": w.receipted_attachment.pk}, expect=BODY_SEES),
    Case("applications:attachment_delete", method="post",
         kwargs=lambda w: {**_app(w), "attachment_pk": w.application_attachment.pk}, expect={"ngo": "ok"},
         note="after NGO A removed it, the document is gone for everyone"),
    Case("applications:check", kwargs=_app, expect={"ngo": "ok", "admin": "403"}),
    Case("applications:submit", method="post", kwargs=_app, expect={"ngo": "400", "admin": "403"},
         note="the draft is incomplete: every problem is listed"),
    # Receipt: once submitted, for the members and the body.
    Case("applications:receipt", kwargs=_receipted, expect=BODY_SEES),
    Case("applications:receipt", kwargs=_app, note="a draft has no receipt"),
    Case("applications:receipt_pdf", kwargs=_receipted, expect=BODY_SEES,
         note="the stored PDF, or (not yet rendered) a redirect to the receipt page"),
    Case("applications:receipt_prepare", method="post", kwargs=_receipted, expect=BODY_SEES,
         note="asks the worker for the PDF (Kazakh and Russian); the page and the GET write nothing"),
    Case("applications:withdraw", kwargs=_receipted, expect=MEMBER_ACTS_OTHERS_WHO_SEE_403),
    Case("applications:withdraw", method="post", kwargs=_receipted, expect=MEMBER_ACTS_OTHERS_WHO_SEE_403),
]
