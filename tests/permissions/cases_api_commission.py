"""Permission cases of the commission and observed-draw API."""

from .spec import Case

SIGNED_IN = {role: "ok" for role in ("ngo", "other_ngo", "official", "other_official", "observer", "expert",
                                      "admin")}
EVERYONE = {"anonymous": "ok", **SIGNED_IN}
BODY_A_READERS = {"official": "ok", "observer": "ok", "admin": "ok"}


def results(w):
    return {"pk": w.results_competition.pk}


def meeting(w):
    return {"pk": w.results_competition.pk, "meeting_pk": w.results_meeting.pk}


def review(w):
    return {"pk": w.submitted_application.competition_id}


CASES = [
    Case("api:competition-commission", kwargs=results, expect=BODY_A_READERS, default="denied",
         note="anonymous: 401/403"),
    Case("api:competition-commission", method="put", kwargs=results,
         data=lambda w: {"quorum_numerator": 4, "quorum_denominator": 3},
         expect={"official": "400", "admin": "400", "observer": "403"}, note="refused beside the field"),
    Case("api:competition-commission-members", method="post", kwargs=results, data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403"}, note="user is required"),
    Case("api:competition-commission-meetings", method="post", kwargs=results, data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403"}, note="held_at is required"),
    Case("api:competition-commission-attendance", method="post", kwargs=meeting, data=lambda w: {"present": []},
         expect={"admin": "403", "official": "403", "observer": "403"},
         note="results published: the meeting can no longer be held"),
    Case("api:competition-commission-decision", method="post", kwargs=meeting, data=lambda w: {},
         expect={"admin": "403", "official": "403", "observer": "403"}),
    Case("api:competition-draws", kwargs=review, expect=EVERYONE),
    Case("api:competition-draws", method="post", kwargs=review, data=lambda w: {"seed": "short"},
         expect={"official": "400", "admin": "400", "observer": "403"}, note="refused beside the field"),
    Case("api:competition-draw-run", method="post", kwargs=lambda w: {**review(w), "draw_pk": w.draw.pk},
         expect={"official": "409", "admin": "409", "observer": "403"}, note="not under review: a state refusal"),
    Case("api:competition-draw-file", kwargs=lambda w: {**review(w), "draw_pk": w.draw.pk}, expect=EVERYONE),
]

# The open register, calibration, track records and fees.
CASES += [
    Case("api:expert-applications", expect=SIGNED_IN, default="denied", note="officials all, others their own"),
    Case("api:expert-applications", method="post", data=lambda w: {}, default="denied",
         expect={role: "400" for role in SIGNED_IN}, note="an empty application names every missing field"),
    Case("api:expert-application-decide", method="post", kwargs=lambda w: {"pk": w.expert_application.pk},
         data=lambda w: {}, expect={"official": "400", "other_official": "400", "admin": "400"}),
    Case("api:calibration-attempts", method="post", kwargs=lambda w: {"pk": w.calibration_exercise.pk},
         data=lambda w: {"scores": {"1": "99"}}, expect={"expert": "400", "ngo": "403", "other_ngo": "403",
                                                        "official": "403", "other_official": "403",
                                                        "observer": "403", "admin": "403"},
         note="experts only; a score out of the scale is refused beside the criterion"),
    Case("api:expert-course", expect=SIGNED_IN, default="denied"),
    Case("api:expert-course", method="post", data=lambda w: {"answers": {"x": 0}},
         expect={"expert": "409", **{role: "403" for role in SIGNED_IN if role != "expert"}},
         note="experts only; the world's course has no quiz yet: a state refusal"),
    Case("api:competition-pool-track-records", kwargs=review, expect={"official": "ok", "admin": "ok",
                                                                        "observer": "403"}),
    Case("api:competition-completion-acts", kwargs=results, expect=BODY_A_READERS),
    Case("api:competition-completion-acts", method="post", kwargs=results, data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403"}),
]
