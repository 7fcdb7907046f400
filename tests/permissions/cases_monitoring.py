"""Monitoring visits and results evaluations (/projects/visits/..., /projects/evaluations/..., and the API). NGO A's
``project`` has a planned ``project_visit`` inspected by ``expert`` (who sees the visit, not the project) and an
evaluation panel with ``expert``'s seat. A visit is seen by the project's readers and its inspector; the inspector
and the body's officials fill it; the organisation answers corrective actions; the officials close them. A seat is
its expert's alone (404 for anyone else). Writes are posted empty: the allowed roles meet 400 (or the redirect of
a refused action with its message), the others 403."""

from .spec import Case

SIGNED_IN = ("ngo", "other_ngo", "official", "other_official", "observer", "expert", "admin")
SIGNED_IN_OK = {"anonymous": "login", **{role: "ok" for role in SIGNED_IN}}
VISIT_READERS = {"anonymous": "login", "ngo": "ok", "official": "ok", "observer": "ok", "expert": "ok", "admin": "ok"}
INSPECT_400 = {"anonymous": "login", "ngo": "403", "observer": "403", "official": "400", "expert": "400",
               "admin": "400"}
CURATE_400 = {"anonymous": "login", "ngo": "403", "observer": "403", "expert": "403", "official": "400",
              "admin": "400"}
ANSWER_400 = {"anonymous": "login", "ngo": "400", "observer": "403", "expert": "403", "official": "403",
              "admin": "403"}
BODY_REDIRECT = {"anonymous": "login", "ngo": "403", "observer": "403", "official": "ok", "admin": "ok"}
SEAT_ONLY = {"anonymous": "login", "expert": "ok"}


def visit(w):
    return {"pk": w.project_visit.pk}


def corrective(step):
    return lambda w: {"pk": w.project_corrective_action.pk, "step": step}


def empty(w):
    return {}


CASES = [
    Case("projects:visit_plan", kwargs=lambda w: {"pk": w.project.pk}, method="post", data=empty,
         expect={"anonymous": "login", "ngo": "403", "observer": "403", "official": "ok", "admin": "ok"}),
    Case("projects:visit", kwargs=visit, expect=VISIT_READERS),
    Case("projects:visit_record", kwargs=visit, method="post", data=lambda w: {"rating": "bad"}, expect=INSPECT_400),
    Case("projects:visit_finding", kwargs=visit, method="post", data=empty, expect=INSPECT_400),
    Case("projects:visit_action", kwargs=visit, method="post", data=empty, expect=INSPECT_400),
    Case("projects:visit_complete", kwargs=visit, method="post", data=empty, expect=INSPECT_400),
    Case("projects:corrective_action", kwargs=corrective("answer"), method="post", data=empty, expect=ANSWER_400),
    Case("projects:corrective_action", kwargs=corrective("close"), method="post", data=empty, expect=CURATE_400),
    Case("projects:corrective_action", kwargs=corrective("nothing"), method="post", data=empty,
         expect={"anonymous": "login"}, default="404"),
    Case("projects:finding_photo", kwargs=lambda w: {"pk": w.project_finding.pk}, expect=VISIT_READERS),
    Case("projects:evaluation_panel", kwargs=lambda w: {"pk": w.project.pk}, method="post", data=empty,
         expect=BODY_REDIRECT),
    Case("projects:evaluation", kwargs=lambda w: {"pk": w.project_evaluation.pk}, expect=VISIT_READERS),
    Case("projects:evaluation_step", kwargs=lambda w: {"pk": w.project_evaluation.pk, "step": "publish"},
         method="post", data=empty, expect={**BODY_REDIRECT, "expert": "403"}),
    Case("projects:evaluation_seat", kwargs=lambda w: {"pk": w.project_seat.pk}, expect=SEAT_ONLY),
    Case("projects:evaluation_seat", kwargs=lambda w: {"pk": w.project_seat.pk}, method="post", data=empty,
         expect={"anonymous": "login", "expert": "400"}),
    # API
    Case("api:project-visit-list", expect=SIGNED_IN_OK),
    Case("api:project-visit-list", method="post", data=empty,
         expect={"anonymous": "login", **{role: "400" for role in SIGNED_IN}}),
    Case("api:project-visit-detail", kwargs=visit, expect=VISIT_READERS),
    Case("api:project-visit-do", kwargs=lambda w: {"pk": w.project_visit.pk, "step": "action"}, method="post",
         data=empty, expect=INSPECT_400),
    Case("api:project-visit-action-list", expect=SIGNED_IN_OK),
    Case("api:project-visit-action-detail", kwargs=lambda w: {"pk": w.project_corrective_action.pk},
         expect=VISIT_READERS),
    Case("api:project-visit-action-do", kwargs=corrective("answer"), method="post", data=empty, expect=ANSWER_400),
    Case("api:project-evaluation-list", expect=SIGNED_IN_OK),
    Case("api:project-evaluation-detail", kwargs=lambda w: {"pk": w.project_evaluation.pk}, expect=VISIT_READERS),
    Case("api:project-evaluation-do", kwargs=lambda w: {"pk": w.project_evaluation.pk, "step": "publish"},
         method="post", data=empty, expect={**CURATE_400, "official": "409", "admin": "409"}),
    Case("api:project-evaluator-list", expect=SIGNED_IN_OK),
    Case("api:project-evaluator-detail", kwargs=lambda w: {"pk": w.project_seat.pk}, expect=SEAT_ONLY),
    Case("api:project-evaluator-do", kwargs=lambda w: {"pk": w.project_seat.pk, "step": "submit"}, method="post",
         data=empty, expect={"anonymous": "login", "expert": "409"}),  # not declared yet
]
