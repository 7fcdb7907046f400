"""Officials' and observers' pages (/manage/competitions/, /manage/applications/).

Readers: the body's official and observer, administrators. The other body's official gets 404; NGOs and
experts 403/404; anonymous the sign-in page. Every POST: observer 403. Roles run in order against one
world, so after the official acted, the administrator may meet the new state (declared per case).
"""

from datetime import timedelta

from django.utils import timezone

from .spec import Case

READ = {"official": "ok", "observer": "ok", "admin": "ok", "other_official": "404"}


def _ref(attribute):
    return lambda w: {"reference": getattr(w, attribute).reference}


def _later(days):
    def data(w):
        moment = timezone.localtime(w.open_competition.closes_at + timedelta(days=days))
        return {"closes_at": moment.strftime("%Y-%m-%dT%H:%M"), "reason": "More time for rural NGOs."}
    return data


CASES = [
    # --- competitions -------------------------------------------------------------------------------------------
    Case("manage:create", expect={"official": "ok", "other_official": "ok", "admin": "ok"},
         note="any official may start a draft for their own body; an observer is not an official"),
    Case("manage:create", method="post", data=lambda w: {},
         expect={"official": "400", "other_official": "400", "admin": "400", "observer": "403"}),
    Case("manage:question_queue", expect={"official": "ok", "other_official": "ok", "observer": "ok", "admin": "ok"},
         note="each sees the questions of the bodies they follow"),
    Case("manage:detail", kwargs=_ref("draft_competition"), expect=READ),
    Case("manage:detail", kwargs=_ref("open_competition"), expect=READ,
         note="even a published competition's internal page is 404 for another body"),
    Case("manage:edit", kwargs=_ref("draft_competition"), expect={**READ, "observer": "403"},
         note="the settings form is an action: observers read the overview instead"),
    Case("manage:edit", kwargs=_ref("draft_competition"), method="post", data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403", "other_official": "404"}),
    Case("manage:preview", kwargs=_ref("draft_competition"), expect=READ),
    Case("manage:publish", kwargs=_ref("draft_competition"), expect=READ),
    Case("manage:publish", kwargs=_ref("draft_competition"), method="post",
         expect={"official": "400", "admin": "400", "observer": "403", "other_official": "404"},
         note="the world's draft has no rubric: publication is refused with the list of problems"),
    Case("manage:extend", kwargs=_ref("open_competition"), expect=READ),
    Case("manage:extend", kwargs=_ref("open_competition"), method="post", data=_later(7),
         expect={"official": "ok", "admin": "400", "observer": "403", "other_official": "404"},
         note="after the official extended, the same date is no longer later than the deadline"),
    Case("manage:cancel", kwargs=_ref("open_competition"), expect=READ),
    Case("manage:cancel", kwargs=_ref("open_competition"), method="post",
         data=lambda w: {"reason": "The budget was withdrawn."},
         expect={"official": "ok", "admin": "any", "observer": "403", "other_official": "404"},
         note="after the official cancelled, the administrator meets a cancelled competition"),
    Case("manage:close", kwargs=_ref("open_competition"), method="post",
         expect={"official": "400", "admin": "400", "observer": "403", "other_official": "404"},
         note="the window is still open: closing now is refused"),
    Case("manage:documents", kwargs=_ref("draft_competition"), expect=READ),
    Case("manage:documents", kwargs=_ref("draft_competition"), method="post", data=lambda w: {"title": "No file"},
         expect={"official": "400", "admin": "400", "observer": "403", "other_official": "404"}),
    Case("manage:document_delete", method="post",
         kwargs=lambda w: {"reference": w.draft_competition.reference, "pk": w.draft_document.pk},
         expect={"official": "ok", "admin": "404", "observer": "403", "other_official": "404"},
         note="after the official removed it, the document is gone"),
    Case("manage:questions", kwargs=_ref("open_competition"), expect=READ),
    Case("manage:answer", kwargs=lambda w: {"reference": w.open_competition.reference, "pk": w.clarification.pk},
         expect=READ),
    Case("manage:answer", kwargs=lambda w: {"reference": w.open_competition.reference, "pk": w.clarification.pk},
         method="post", data=lambda w: {"answer": "Yes, with the head office's consent."},
         expect={"official": "ok", "admin": "ok", "observer": "403", "other_official": "404"}),
    Case("manage:audit", kwargs=_ref("open_competition"), expect=READ),
    # --- applications -------------------------------------------------------------------------------------------
    Case("manage_applications:list", kwargs=_ref("closed_competition"), expect=READ),
    Case("manage_applications:export_csv", kwargs=_ref("closed_competition"), expect=READ),
    Case("manage_applications:export_xlsx", kwargs=_ref("closed_competition"), expect=READ),
    Case("manage_applications:admission", kwargs=_ref("closed_competition"), expect=READ),
    Case("manage_applications:bulk_admit", kwargs=_ref("closed_competition"), method="post",
         data=lambda w: {"application": [w.closed_application.pk]},
         expect={"official": "ok", "admin": "ok", "observer": "403", "other_official": "404"}),
    Case("manage_applications:start_review", kwargs=_ref("closed_competition"), method="post",
         expect={"official": "400", "admin": "400", "observer": "403", "other_official": "404"},
         note="a submitted application is still undecided"),
    Case("manage_applications:detail", kwargs=lambda w: {"pk": w.closed_application.pk}, expect=READ),
    Case("manage_applications:detail", kwargs=lambda w: {"pk": w.submitted_application.pk}, expect=READ,
         note="the applicant NGO itself has no access to the officials' page of its own application"),
    Case("manage_applications:admit", kwargs=lambda w: {"pk": w.closed_application.pk}, method="post",
         expect={"official": "ok", "admin": "400", "observer": "403", "other_official": "404"},
         note="after the official admitted it, there is no decision left to take"),
    Case("manage_applications:return", kwargs=lambda w: {"pk": w.closed_application.pk}, expect=READ),
    Case("manage_applications:return", kwargs=lambda w: {"pk": w.closed_application.pk}, method="post",
         data=lambda w: {"item_1": "documents", "reason_1": "Attach the charter.", "working_days": "3"},
         expect={"official": "ok", "admin": "400", "observer": "403", "other_official": "404"}),
    Case("manage_applications:reject", kwargs=lambda w: {"pk": w.closed_application.pk}, expect=READ),
    Case("manage_applications:reject", kwargs=lambda w: {"pk": w.closed_application.pk}, method="post",
         data=lambda w: {"reason": "Not an NGO."},
         expect={"official": "ok", "admin": "400", "observer": "403", "other_official": "404"}),
]
