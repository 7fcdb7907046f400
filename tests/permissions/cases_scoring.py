"""Rubrics, the expert register, review management and the expert's review pages.

Rules pinned here: an expert sees only assigned applications and only after declaring no conflict (404
before); never another expert's draft; NGOs never reach review pages (so never see who scored them).
"""

from .spec import Case

OFFICIALS = {"official": "ok", "other_official": "ok", "admin": "ok"}
BODY_A = {"official": "ok", "admin": "ok"}
ANON_LOGIN = {"anonymous": "login"}
EXPERT_ONLY = {"expert": "ok", "anonymous": "login"}
FOLLOWERS = {"official": "ok", "observer": "ok", "admin": "ok"}


def review(w):
    return {"reference": w.submitted_application.competition.reference}


def review_pk(attr):
    return lambda w: {**review(w), "pk": getattr(w, attr).pk}


def token(w):
    from scoring.experts.services import expert_invitation_token

    return {"token": expert_invitation_token(w.expert_invitation)}


CASES = [
    # Rubric builder.
    Case("scoring:rubric_list", expect=OFFICIALS),
    Case("scoring:rubric_create", expect=OFFICIALS),
    Case("scoring:rubric_create", method="post", data=lambda w: {"name": ""}, expect={
        "official": "400", "other_official": "400", "admin": "400"}, note="an empty form is refused beside fields"),
    Case("scoring:rubric_detail", kwargs=lambda w: {"pk": w.scoring_rubric.pk}, expect=BODY_A),
    Case("scoring:rubric_edit", kwargs=lambda w: {"pk": w.scoring_rubric.pk}, expect=BODY_A),
    Case("scoring:rubric_new_version", kwargs=lambda w: {"pk": w.scoring_rubric.pk}, method="post", expect=BODY_A),
    Case("scoring:competition_rubric", kwargs=lambda w: {"reference": w.draft_competition.reference},
         expect=BODY_A, note="an official of the body chooses the rubric of a draft"),
    # Expert register.
    Case("scoring:expert_register", expect=OFFICIALS),
    Case("scoring:expert_invite", expect=OFFICIALS),
    Case("scoring:invitation_accept", kwargs=token, default="ok", note="a signed link; anyone holding it sees it"),
    Case("scoring:invitation_accept", kwargs=lambda w: {"token": "forged"}, default="404"),
    Case("scoring:expert_profile", expect={"expert": "ok"}),
    # Review management: officials act, observers read.
    Case("scoring:review_overview", kwargs=review, expect=FOLLOWERS),
    Case("scoring:review_pool", kwargs=review, expect=BODY_A),
    Case("scoring:review_auto", kwargs=review, method="post", data=lambda w: {"seed": 1, "max_load": 3},
         expect=BODY_A, note="refused with a message while not under review, never a 500"),
    Case("scoring:review_fill", kwargs=review, method="post", expect=BODY_A),
    Case("scoring:review_proposal", kwargs=review_pk("proposal"), expect=FOLLOWERS),
    Case("scoring:review_application", kwargs=review_pk("submitted_application"), expect=FOLLOWERS),
    Case("scoring:review_assign_add", kwargs=review_pk("submitted_application"), method="post",
         data=lambda w: {"expert": w.expert_profile.pk}, expect=BODY_A),
    Case("scoring:review_potential_conflict", kwargs=review_pk("submitted_application"), method="post",
         data=lambda w: {"expert": w.expert_profile.pk, "decision": "dismissed", "note": "x"}, expect=BODY_A),
    Case("scoring:review_divergence_add", kwargs=review_pk("submitted_application"), method="post", expect=BODY_A),
    Case("scoring:review_assignment_remove", kwargs=review_pk("submitted_assignment"), method="post",
         expect=BODY_A, note="a submitted assignment cannot be removed: refused with a message"),
    Case("scoring:review_assignment_reopen", kwargs=review_pk("submitted_assignment"), method="post",
         data=lambda w: {"reason": "Check criterion 2"}, expect=BODY_A),
    Case("scoring:review_assignment_override", kwargs=review_pk("assignment"), method="post",
         data=lambda w: {"action": "dismiss_conflict", "reason": "x"}, expect=BODY_A),
    # The expert's side.
    Case("scoring:review_dashboard", expect={"expert": "ok", "anonymous": "login"}, default="403",
         note="experts only: an administrator is not thereby an expert"),
    Case("scoring:declare", kwargs=lambda w: {"pk": w.assignment.pk}, expect=EXPERT_ONLY, default="404",
         note="only the assigned expert declares"),
    Case("scoring:score", kwargs=lambda w: {"pk": w.assignment.pk}, expect=ANON_LOGIN, default="404",
         note="offered: the full application stays closed (404) until the expert declares no conflict"),
    Case("scoring:score", kwargs=lambda w: {"pk": w.accepted_assignment.pk}, expect=EXPERT_ONLY, default="404",
         note="after declaring no conflict; the applicant NGO (other_ngo) never sees who scores it"),
    Case("scoring:score", kwargs=lambda w: {"pk": w.submitted_assignment.pk}, expect=ANON_LOGIN, default="404",
         note="never another expert's evaluation"),
    Case("scoring:autosave", kwargs=lambda w: {"pk": w.accepted_assignment.pk}, method="post",
         data=lambda w: {"version": 1, "comment": "draft"}, expect=EXPERT_ONLY, default="404"),
    Case("scoring:autosave", kwargs=lambda w: {"pk": w.assignment.pk}, method="post",
         data=lambda w: {"version": 1}, expect=ANON_LOGIN, default="404", note="no autosave before the declaration"),
]
