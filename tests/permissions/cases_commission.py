"""The commission (officials manage, observers read), the public extract of its protocol, the observed draw
(officials run it; its public page and file are open to everyone)."""

from .spec import Case

EVERYONE = {role: "ok" for role in ("anonymous", "ngo", "other_ngo", "official", "other_official", "observer",
                                     "expert", "admin")}
FOLLOWERS = {"official": "ok", "observer": "ok", "admin": "ok"}


def ref(w):
    return {"reference": w.results_competition.reference}


def meeting(w):
    return {**ref(w), "pk": w.results_meeting.pk}


def review(w):
    return {"reference": w.submitted_application.competition.reference}


CASES = [
    Case("scoring:commission", kwargs=ref, expect=FOLLOWERS),
    Case("scoring:commission_quorum", kwargs=ref, method="post",
         data=lambda w: {"quorum_numerator": 2, "quorum_denominator": 3},
         expect={"official": "ok", "admin": "ok", "observer": "403"}),
    Case("scoring:commission_quorum", kwargs=ref, method="post",
         data=lambda w: {"quorum_numerator": 4, "quorum_denominator": 3},
         expect={"official": "400", "admin": "400", "observer": "403"}, note="refused beside the field"),
    Case("scoring:commission_member_add", kwargs=ref, method="post", data=lambda w: {"email": ""},
         expect={"official": "400", "admin": "400", "observer": "403"}),
    Case("scoring:meeting_schedule", kwargs=ref, method="post", data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403"}),
    Case("scoring:meeting", kwargs=meeting, expect=FOLLOWERS),
    Case("scoring:meeting_hold", kwargs=meeting, method="post", data=lambda w: {},
         expect={"official": "403", "admin": "403", "observer": "403"},
         note="results published: no longer ranked, so the rule refuses everyone (superusers included)"),
    Case("scoring:meeting_decide", kwargs=meeting, method="post", data=lambda w: {},
         expect={"official": "403", "admin": "403", "observer": "403"}),
    Case("scoring:protocol_download", kwargs=lambda w: {**meeting(w), "protocol_pk": w.results_extract.pk},
         expect=FOLLOWERS),
    Case("results:protocol_extract", kwargs=lambda w: {**ref(w), "pk": w.results_extract.pk}, expect=EVERYONE,
         note="the public extract is published with the results"),
    Case("results:draw", kwargs=review, expect=EVERYONE),
    Case("results:draw_json", kwargs=lambda w: {**review(w), "pk": w.draw.pk}, expect=EVERYONE,
         note="a committed draw shows the hashes and inputs, never the seed"),
    Case("scoring:draw_manage", kwargs=review, expect=FOLLOWERS),
    Case("scoring:draw_commit", kwargs=review, method="post", data=lambda w: {},
         expect={"official": "400", "admin": "400", "observer": "403"}, note="not under review: refused"),
    Case("scoring:draw_run", kwargs=lambda w: {**review(w), "pk": w.draw.pk}, method="post",
         expect={"official": "400", "admin": "400", "observer": "403"}),
]
