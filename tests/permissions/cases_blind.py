"""Blind review: every URL and API route an expert can reach, on a blind competition ([2.2] point 5).

The expert holds an accepted assignment (no conflict declared) on NGO B's application in a blind competition of
body A. They reach it only through the scoring page and its neutral-name downloads; every generic application
page, download and API route answers 404 to them, and the identifying documents (the charter) are withheld even
on the scoring route. The applicant (``other_ngo``), the body (``official``, ``observer``) and administrators
keep what they have on any competition.
"""

from .spec import Case

READERS = {"other_ngo": "ok", "official": "ok", "observer": "ok", "admin": "ok"}
EXPERT_404 = {"expert": "404"}
ANON_LOGIN = {"anonymous": "login"}


def app(world):
    return {"pk": world.blind_application.pk}


def assignment(world):
    return {"pk": world.blind_assignment.pk}


def doc(attr):
    return lambda w: {"pk": w.blind_application.pk, "attachment_pk": getattr(w, attr).pk}


def review_doc(attr):
    return lambda w: {"pk": w.blind_assignment.pk, "attachment_pk": getattr(w, attr).pk}


CASES = [
    # --- the generic application pages: 404 for the expert ---------------------------------------------------
    Case("applications:detail", kwargs=app, expect={**READERS, **EXPERT_404},
         note="the expert would read NGO B's name here"),
    Case("applications:attachment", kwargs=doc("blind_charter"), expect={**READERS, **EXPERT_404}),
    Case("applications:attachment", kwargs=doc("blind_budget"), expect={**READERS, **EXPERT_404},
         note="the original file name carries the organisation's name"),
    Case("applications:receipt", kwargs=app, expect=EXPERT_404, note="no receipt (made by a factory): 404 for all"),
    Case("applications:receipt_pdf", kwargs=app, expect=EXPERT_404),
    Case("applications:section", kwargs=lambda w: {**app(w), "section": "project"},
         expect={"other_ngo": "403", "official": "403", "observer": "403", "admin": "403", **EXPERT_404}),
    Case("applications:documents", kwargs=app,
         expect={"other_ngo": "403", "official": "403", "observer": "403", "admin": "403", **EXPERT_404}),
    Case("applications:check", kwargs=app,
         expect={"other_ngo": "403", "official": "403", "observer": "403", "admin": "403", **EXPERT_404}),
    Case("applications:withdraw", kwargs=app,
         expect={"other_ngo": "403", "official": "403", "observer": "403", "admin": "403", **EXPERT_404},
         note="admitted: nobody withdraws it"),
    Case("applications:submit", method="post", kwargs=app,
         expect={"other_ngo": "403", "official": "403", "observer": "403", "admin": "403", **EXPERT_404}),
    Case("applications:attachment_delete", method="post", kwargs=doc("blind_budget"),
         expect={"other_ngo": "403", "official": "403", "observer": "403", "admin": "403", **EXPERT_404},
         note="admitted: the documents are frozen"),
    Case("results:application", kwargs=app, default="404", expect=ANON_LOGIN,
         note="results not published: 404 for everyone"),
    # --- the scoring page and its documents: the expert's only way in -----------------------------------------
    Case("scoring:score", kwargs=assignment, expect={"expert": "ok", **ANON_LOGIN}, default="404"),
    Case("scoring:declare", kwargs=assignment, expect={"expert": "ok", **ANON_LOGIN}, default="404",
         note="already declared: redirected to the scoring page"),
    Case("scoring:autosave", kwargs=assignment, method="post", data=lambda w: {"version": 1, "comment": "draft"},
         expect={"expert": "ok", **ANON_LOGIN}, default="404"),
    Case("scoring:document", kwargs=review_doc("blind_budget"), expect={"expert": "ok", **ANON_LOGIN},
         default="404", note="served under a neutral name"),
    Case("scoring:document", kwargs=review_doc("blind_charter"), expect=ANON_LOGIN, default="404",
         note="an identifying type: withheld from the expert too"),
    Case("scoring:review_dashboard", expect={"expert": "ok", **ANON_LOGIN}, default="403"),
    # --- the API: no application route answers the expert ------------------------------------------------------
    Case("api:application-detail", kwargs=app, expect={**READERS, **EXPERT_404}),
    Case("api:application-list", data=lambda w: {"organization": w.blind_application.organization_id},
         expect={role: "ok" for role in ("ngo", "other_ngo", "official", "other_official", "observer", "expert",
                                         "admin")}, default="login",
         note="the expert's list is empty (tests/security/test_blind_review.py checks the rows)"),
    Case("api:application-attachments", method="post", kwargs=app, data=lambda w: {},
         expect={"other_ngo": "403", "official": "403", "observer": "403", "admin": "403", **EXPERT_404}),
    Case("api:application-submit", method="post", kwargs=app,
         expect={"other_ngo": "any", "official": "403", "observer": "403", "admin": "403", **EXPERT_404},
         note="other_ngo: 409, already admitted"),
    Case("api:application-withdraw", method="post", kwargs=app,
         expect={"other_ngo": "any", "official": "403", "observer": "403", "admin": "403", **EXPERT_404},
         note="other_ngo: 409, admitted"),
    Case("api:application-admit", method="post", kwargs=app,
         expect={"official": "any", "admin": "any", "observer": "403", "other_ngo": "403", **EXPERT_404},
         note="officials: refused for the state (the review has started)"),
    Case("api:application-return", method="post", kwargs=app, data=lambda w: {},
         expect={"official": "any", "admin": "any", "observer": "403", "other_ngo": "403", **EXPERT_404}),
    Case("api:application-reject", method="post", kwargs=app, data=lambda w: {},
         expect={"official": "any", "admin": "any", "observer": "403", "other_ngo": "403", **EXPERT_404}),
    Case("api:application-appeals", method="post", kwargs=app, data=lambda w: {},
         expect={"other_ngo": "400", "official": "403", "observer": "403", "admin": "403", **EXPERT_404}),
    Case("api:assignment-detail", kwargs=assignment,
         expect={"expert": "ok", "official": "ok", "observer": "ok", "admin": "ok"},
         note="the assignment names the application by id and registration number only"),
    Case("api:assignment-evaluation", kwargs=assignment,
         expect={"expert": "ok", "official": "ok", "admin": "ok", "observer": "403"}),
    Case("api:assignment-declare", method="post", kwargs=assignment, data=lambda w: {"conflict": "maybe"},
         expect={"expert": "400", "official": "403", "observer": "403", "admin": "403"}),
]
