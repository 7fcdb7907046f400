"""Projects after the award (/projects/ and /api/v1/projects/...). NGO A's ``project`` (in progress) is seen by
NGO A, body A's official and observer, and administrators; for anyone else it does not exist (404). Actions
are posted empty (the allowed roles meet 400 and nothing changes); organisation actions are the NGO's alone,
body actions the officials' and administrators'."""

from .spec import Case

SIGNED_IN = ("ngo", "other_ngo", "official", "other_official", "observer", "expert", "admin")
EVERYONE = {"anonymous": "ok", **{role: "ok" for role in SIGNED_IN}}
SIGNED_IN_OK = {"anonymous": "login", **{role: "ok" for role in SIGNED_IN}}
READERS = {"anonymous": "login", "ngo": "ok", "official": "ok", "observer": "ok", "admin": "ok"}
BODY_ACTION = {"anonymous": "login", "ngo": "403", "observer": "403", "official": "400", "admin": "400"}
NGO_ACTION = {"anonymous": "login", "ngo": "400", "observer": "403", "official": "403", "admin": "403"}


def project(w):
    return {"pk": w.project.pk}


def project_action(name):
    return lambda w: {"pk": w.project.pk, "action": name}


def tranche_action(name):
    return lambda w: {"pk": w.project_tranche.pk, "action": name}


def empty(w):
    return {}


CASES = [
    Case("projects:list", expect=SIGNED_IN_OK),
    Case("projects:detail", kwargs=project, expect=READERS),
    Case("projects:action", kwargs=project_action("terminate"), method="post", data=empty, expect=BODY_ACTION),
    Case("projects:action", kwargs=project_action("declare-unspent"), method="post", data=empty, expect=NGO_ACTION),
    Case("projects:action", kwargs=project_action("no-such-action"), method="post", data=empty,
         expect={"anonymous": "login"}, default="404"),
    Case("projects:action", kwargs=project_action("terminate"), expect={"anonymous": "login"}, default="405"),
    Case("projects:tranche_action", kwargs=tranche_action("withhold"), method="post", data=empty,
         expect=BODY_ACTION),
    Case("projects:agreement_pdf", kwargs=lambda w: {"pk": w.project_version.pk, "language": "kk-ru"},
         expect=READERS),
    Case("projects:revised_budget", kwargs=project, expect=READERS),
    Case("projects:revised_budget", kwargs=project, method="post", data=empty,  # no lower amount: refused
         expect={"anonymous": "login", "ngo": "409", "observer": "403", "official": "403", "admin": "403"}),
    Case("projects:action", kwargs=project_action("budget-revise"), method="post", data=empty, expect=NGO_ACTION),
    Case("projects:action", kwargs=project_action("budget-accept"), method="post", data=empty, expect=BODY_ACTION),
    Case("projects:portfolio", expect={"anonymous": "login", "official": "ok", "other_official": "ok",
                                       "observer": "ok", "admin": "ok"}),
    Case("projects:public_list", expect=EVERYONE),
    Case("projects:public_detail", kwargs=project, expect=EVERYONE),
    # API
    Case("api:project-list", expect=SIGNED_IN_OK),
    Case("api:project-detail", kwargs=project, expect=READERS),
    Case("api:project-do", kwargs=lambda w: {"pk": w.project.pk, "action_name": "terminate"}, method="post",
         data=empty, expect=BODY_ACTION),
    Case("api:project-do", kwargs=lambda w: {"pk": w.project.pk, "action_name": "declare-unspent"}, method="post",
         data=empty, expect=NGO_ACTION),
    Case("api:project-tranche-list", expect=SIGNED_IN_OK),
    Case("api:project-tranche-detail", kwargs=lambda w: {"pk": w.project_tranche.pk}, expect=READERS),
    Case("api:project-tranche-do", kwargs=lambda w: {"pk": w.project_tranche.pk, "action_name": "withhold"},
         method="post", data=empty, expect=BODY_ACTION),
    Case("api:project-report-list", expect=SIGNED_IN_OK),
    Case("api:project-report-detail", kwargs=lambda w: {"pk": w.project_report.pk}, expect=READERS),
    Case("api:project-report-do", kwargs=lambda w: {"pk": w.project_report.pk, "action_name": "save"},
         method="post", data=empty, expect={**NGO_ACTION, "ngo": "ok"}, note="an empty save is a valid draft"),
    Case("api:public-project-list", expect=EVERYONE),
    Case("api:public-project-detail", kwargs=project, expect=EVERYONE),
]
