"""Ranking (officials), reports, public results, the applicant's results and appeals."""

from .spec import Case

EVERYONE = {role: "ok" for role in ("anonymous", "ngo", "other_ngo", "official", "other_official", "observer",
                                     "expert", "admin")}
FOLLOWERS = {"official": "ok", "observer": "ok", "admin": "ok"}


def ref(w):
    return {"reference": w.results_competition.reference}


def snap(w):
    return {"reference": w.results_competition.reference, "number": w.results_snapshot.number}


def report(w):
    return {"reference": w.results_competition.reference, "pk": w.results_report.pk}


CASES = [
    Case("results:public", kwargs=ref, expect=EVERYONE, note="published results are public"),
    Case("results:public", kwargs=lambda w: {"reference": w.open_competition.reference}, default="404",
         note="no results published yet"),
    Case("results:snapshot_json", kwargs=snap, expect=EVERYONE, note="a published snapshot is public"),
    Case("results:ranking", kwargs=ref, expect=FOLLOWERS, note="officials and observers of the body"),
    Case("results:freeze", kwargs=ref, method="post", data=lambda w: {},
         expect={"official": "403", "admin": "403", "observer": "403"},
         note="already published: nobody may freeze (the page asks the rules predicate, as the API: a superuser "
              "is no exception); observers never"),
    Case("results:reopen", kwargs=ref, method="post", data=lambda w: {"reason": "x"},
         expect={"official": "403", "admin": "403", "observer": "403"}),
    Case("results:publish", kwargs=ref, method="post", data=lambda w: {},
         expect={"official": "403", "admin": "403", "observer": "403"}),
    Case("results:snapshot", kwargs=snap, expect=FOLLOWERS),
    Case("results:report_request", kwargs=snap, method="post", data=lambda w: {"format": "csv"},
         expect={"official": "ok", "admin": "ok", "observer": "403"},
         note="idempotent: returns the existing report"),
    Case("results:report", kwargs=report, expect=FOLLOWERS),
    Case("results:report_status", kwargs=report, expect=FOLLOWERS),
    Case("results:report_download", kwargs=report, expect=FOLLOWERS),
    Case("results:report_retry", kwargs=report, method="post", data=lambda w: {},
         expect={"official": "ok", "admin": "ok", "observer": "403"}, note="a finished report is left as it is"),
    Case("results:appeal", kwargs=lambda w: {"reference": w.results_competition.reference,
                                             "pk": w.results_appeal.pk}, expect=FOLLOWERS),
    Case("results:application", kwargs=lambda w: {"pk": w.results_application.pk},
         expect={"ngo": "ok", **FOLLOWERS}, note="the applicant and the body; never other NGOs or experts"),
    Case("results:application", kwargs=lambda w: {"pk": w.application.pk}, default="denied",
         note="results not published: nobody"),
    Case("results:appeal_file", kwargs=lambda w: {"pk": w.results_application.pk}, method="post",
         data=lambda w: {"reason": "again"},
         expect={"ngo": "403", "official": "403", "observer": "403", "admin": "403"},
         note="a pending appeal already exists: no second one (the form is not offered); the body may not appeal; "
              "nor may an administrator in the NGO's name"),
]
