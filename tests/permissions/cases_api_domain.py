"""Permission cases of the domain API (competitions, applications, review, ranking, organisations).

Actions are sent with data the allowed roles get refused for content (400) wherever possible, so that one
role's success does not change what the next role meets. 409 answers (a state that forbids the action) are
declared ``any`` with a note: the matrix only has exact outcomes for 400/403/404/405.
"""

from django.core.files.base import ContentFile

from .spec import Case

SIGNED_IN = {role: "ok" for role in ("ngo", "other_ngo", "official", "other_official", "observer", "expert",
                                      "admin")}
EVERYONE = {"anonymous": "ok", **SIGNED_IN}
BODY_A_READERS = {"official": "ok", "observer": "ok", "admin": "ok"}


def _report(world, *, done=False):
    from scoring.enums import ReportStatus
    from scoring.models import RankingSnapshot, Report

    snapshot = RankingSnapshot.objects.create(competition=world.open_competition, number=1, data={"rows": []},
                                              canonical="{}", sha256="0" * 64)
    report = Report.objects.create(snapshot=snapshot, format="pdf",
                                   status=ReportStatus.DONE if done else ReportStatus.QUEUED)
    if done:
        report.file.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return report.pk


def _appeal(world):
    from scoring.models import Appeal

    return Appeal.objects.create(application=world.submitted_application, reason="Please look again.").pk


def _rubric(world):
    from tests import factories as f

    return f.CriterionFactory(rubric=f.RubricFactory(body=world.body)).rubric_id


def pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


CASES = [
    # --- competitions ---------------------------------------------------------------------------------------
    Case("api:competition-list", expect=EVERYONE),
    Case("api:competition-detail", kwargs=pk("draft_competition"), expect=BODY_A_READERS,
         note="a draft: its body's officials and observers only; others 404"),
    Case("api:competition-publish", method="post", kwargs=pk("draft_competition"),
         expect={"official": "400", "admin": "400", "observer": "403"}, note="the draft has no rubric yet: 400"),
    Case("api:competition-extend", method="post", kwargs=pk("open_competition"), data=lambda w: {},
         expect={"official": "400", "admin": "400"}),
    Case("api:competition-cancel", method="post", kwargs=pk("draft_competition"), data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403"}),
    Case("api:competition-close", method="post", kwargs=pk("open_competition"),
         expect={"official": "400", "admin": "400"}, note="the window is still open: 400"),
    Case("api:competition-questions", kwargs=pk("open_competition"), expect=EVERYONE),
    Case("api:question-answer", method="post", kwargs=pk("clarification"), data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403"}),
    Case("api:competition-audit", kwargs=pk("open_competition"), expect=BODY_A_READERS, default="denied"),
    Case("api:competition-start-review", method="post", kwargs=pk("closed_competition"),
         expect={"official": "400", "admin": "400", "observer": "403"},
         note="an application still waits for its admission decision: 400"),
    # --- applications -------------------------------------------------------------------------------------
    Case("api:application-list", expect=SIGNED_IN, default="login"),
    Case("api:application-detail", kwargs=pk("application"), expect={"ngo": "ok", "admin": "ok"},
         note="a draft: members of the applicant (and administrators) only"),
    Case("api:application-attachments", method="post", kwargs=pk("application"), data=lambda w: {},
         expect={"ngo": "400", "admin": "403"},
         note="an administrator sees the draft but does not write an NGO's application (as on the pages)"),
    Case("api:application-submit", method="post", kwargs=pk("application"),
         expect={"ngo": "400", "admin": "403"}, note="the draft is incomplete: every problem listed, 400"),
    Case("api:application-withdraw", method="post", kwargs=pk("submitted_application"),
         expect={"ngo": "ok", "official": "403", "observer": "403", "admin": "403"}),
    Case("api:application-admit", method="post", kwargs=pk("submitted_application"),
         expect={"official": "409", "admin": "409", "observer": "403", "ngo": "403"},
         note="its competition is still open: no admission yet: a state refusal, 409"),
    Case("api:application-return", method="post", kwargs=pk("submitted_application"), data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403", "ngo": "403"}),
    Case("api:application-reject", method="post", kwargs=pk("submitted_application"), data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403", "ngo": "403"}),
    Case("api:application-appeals", method="post", kwargs=pk("submitted_application"), data=lambda w: {},
         expect={"ngo": "400", "official": "403", "observer": "403", "admin": "403"}),
    Case("api:appeal-decide", method="post", kwargs=lambda w: {"pk": _appeal(w)}, data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403", "ngo": "403"}),
    # --- review ---------------------------------------------------------------------------------------------
    Case("api:rubric-list", expect=SIGNED_IN, default="login"),
    Case("api:rubric-detail", kwargs=lambda w: {"pk": _rubric(w)}, expect={"official": "ok", "admin": "ok"}),
    Case("api:expert-list", expect={"official": "ok", "other_official": "ok", "admin": "ok"}),
    Case("api:competition-pool", kwargs=pk("open_competition"), expect=BODY_A_READERS),
    Case("api:assignment-list", expect=SIGNED_IN, default="login"),
    Case("api:assignment-detail", kwargs=pk("assignment"), expect={"expert": "ok", **BODY_A_READERS}),
    Case("api:assignment-declare", method="post", kwargs=pk("assignment"), data=lambda w: {"conflict": "maybe"},
         expect={"expert": "400", "official": "403", "observer": "403", "admin": "403"}),
    Case("api:assignment-evaluation", kwargs=pk("assignment"),
         expect={"official": "ok", "admin": "ok", "expert": "403", "observer": "403"},
         note="the expert reads it only after declaring no conflict"),
    Case("api:assignment-evaluation-submit", method="post", kwargs=pk("assignment"),
         expect={"expert": "any", "official": "403", "observer": "403", "admin": "403"},
         note="expert: 409, nothing declared or scored yet"),
    Case("api:competition-auto-assign", method="post", kwargs=pk("open_competition"),
         data=lambda w: {"seed": -1}, expect={"official": "400", "admin": "400", "observer": "403"}),
    Case("api:competition-auto-assign-confirm", method="post",
         kwargs=lambda w: {"pk": w.open_competition.pk, "proposal_id": 999999},
         expect={"official": "404", "admin": "404", "observer": "403"}),
    # --- ranking, reports, results ---------------------------------------------------------------------
    Case("api:competition-ranking", kwargs=pk("open_competition"), expect={"official": "ok", "admin": "ok"}),
    Case("api:competition-ranking-freeze", method="post", kwargs=pk("open_competition"),
         data=lambda w: {"divergence_note": "x" * 5000}, expect={"official": "400", "admin": "400"}),
    Case("api:competition-reports", method="post", kwargs=pk("open_competition"), data=lambda w: {},
         expect={"official": "400", "admin": "400"}),
    Case("api:report-detail", kwargs=lambda w: {"pk": _report(w)}, expect=BODY_A_READERS),
    Case("api:report-download", kwargs=lambda w: {"pk": _report(w, done=True)}, expect=BODY_A_READERS),
    Case("api:competition-publish-results", method="post", kwargs=pk("open_competition"),
         expect={"official": "any", "admin": "any"}, note="officials: 409, the competition is not ranked"),
    Case("api:competition-results", kwargs=pk("open_competition"), default="404",
         note="not published yet: 404 for everyone"),
    # --- organisations ------------------------------------------------------------------------------------
    Case("api:organization-list", expect=SIGNED_IN, default="login"),
    Case("api:organization-detail", kwargs=pk("organization"), expect={"ngo": "ok", "admin": "ok"}),
]
