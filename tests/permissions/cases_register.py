"""The open expert register (anyone signed in applies; officials vet and renew), calibration (experts), fees and
acts of completed work (officials of the body act; the expert and the body's followers download acts)."""

from .spec import Case

SIGNED_IN = {role: "ok" for role in ("ngo", "other_ngo", "official", "other_official", "observer", "expert",
                                      "admin")}
OFFICIALS = {"official": "ok", "other_official": "ok", "admin": "ok"}
FOLLOWERS = {"official": "ok", "observer": "ok", "admin": "ok"}


def application(w):
    return {"pk": w.expert_application.pk}


def review(w):
    return {"reference": w.submitted_application.competition.reference}


CASES = [
    Case("scoring:expert_apply", expect=SIGNED_IN, default="login"),
    Case("scoring:expert_apply", method="post", data=lambda w: {}, default="login",
         expect={role: "400" for role in SIGNED_IN}, note="an empty application is refused beside its fields"),
    Case("scoring:expert_applications", expect=OFFICIALS),
    Case("scoring:expert_application", kwargs=application, expect=OFFICIALS),
    Case("scoring:expert_application", kwargs=application, method="post", data=lambda w: {},
         expect={"official": "400", "other_official": "400", "admin": "400"}),
    Case("scoring:expert_application_renew", kwargs=application, method="post", data=lambda w: {},
         expect={"official": "400", "other_official": "400", "admin": "400"}),
    Case("scoring:expert_application_cv", kwargs=application, expect=OFFICIALS),
    Case("scoring:calibration", expect={"expert": "ok"}, note="active experts only (404 otherwise)"),
    Case("scoring:calibration_exercise", kwargs=lambda w: {"pk": w.calibration_exercise.pk},
         expect={"expert": "ok"}),
    Case("scoring:expert_course", expect={"expert": "ok"}, note="experts (404 otherwise)"),
    Case("scoring:expert_course", method="post", data=lambda w: {}, expect={"expert": "400"},
         note="no quiz in the world: refused, the page shown again"),
    Case("scoring:act_download", kwargs=lambda w: {"pk": w.act.pk, "language": "kk-ru"},
         expect={"expert": "ok", **FOLLOWERS}, note="the expert's own act; the body's officials and observers"),
    Case("scoring:competition_fees", kwargs=review, expect=FOLLOWERS),
    Case("scoring:competition_fees", kwargs=review, method="post", data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403"}),
]
