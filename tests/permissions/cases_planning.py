"""Plans of topics: public pages (/plans/), the body's pages (/manage/plans/), the competition from a plan item.

Public plans are read by everyone; a draft by body A's official and observer (its council's secretary) and
administrators (others 404). Proposals and comments: anyone signed in but body A's officials (they get 403),
while the window is open. The body's pages: lists for the official, the observer and administrators; every
form (GET and POST) for the official and administrators only (the observer 403, body B's official 404).
POSTs send empty forms: allowed roles meet 400 (the message beside each field), so no case changes the world.
"""

from .spec import Case

SIGNED_IN = ("ngo", "other_ngo", "official", "other_official", "observer", "expert", "admin")
EVERYONE = {"anonymous": "ok", **{role: "ok" for role in SIGNED_IN}}
READ = {"official": "ok", "observer": "ok", "admin": "ok", "other_official": "404"}
ACT = {"official": "ok", "admin": "ok", "observer": "403", "other_official": "404"}
ACT_POST = {"official": "400", "admin": "400", "observer": "403", "other_official": "404"}
OUTSIDERS = {"anonymous": "login", "ngo": "ok", "other_ngo": "ok", "other_official": "ok", "observer": "ok",
             "expert": "ok", "admin": "ok", "official": "403"}
OUTSIDERS_POST = {**{role: "400" for role in OUTSIDERS if role not in ("anonymous", "official")},
                  "anonymous": "login", "official": "403"}


def plan(attribute):
    return lambda w: {"pk": getattr(w, attribute).pk}


def child(plan_attribute, name, attribute):
    return lambda w: {"pk": getattr(w, plan_attribute).pk, name: getattr(w, attribute).pk}


CASES = [
    # --- public ---------------------------------------------------------------------------------------------
    Case("planning:list", expect=EVERYONE),
    Case("planning:detail", kwargs=plan("plan_proposals"), expect=EVERYONE),
    Case("planning:detail", kwargs=plan("plan_draft"), expect=READ, note="a draft: the body and its council"),
    Case("planning:detail", kwargs=plan("plan_approved"), expect=EVERYONE),
    Case("planning:evidence", kwargs=child("plan_draft", "evidence_pk", "draft_evidence"), expect=READ),
    Case("planning:evidence", kwargs=child("plan_proposals", "evidence_pk", "topic_proposal_evidence"),
         expect={"ngo": "ok", "official": "ok", "observer": "ok", "admin": "ok"},
         note="an undecided proposal's file: its author and the body only"),
    Case("planning:evidence", kwargs=child("plan_approved", "evidence_pk", "approved_evidence"),
         default="404", note="a link, not a file: nothing to download"),
    Case("planning:propose", kwargs=plan("plan_proposals"), expect=OUTSIDERS),
    Case("planning:propose", kwargs=plan("plan_proposals"), method="post", data=lambda w: {},
         expect=OUTSIDERS_POST),
    Case("planning:propose", kwargs=plan("plan_discussion"), default="403", expect={"anonymous": "login"},
         note="the proposal window is over"),
    Case("planning:comment", kwargs=plan("plan_discussion"), expect=OUTSIDERS),
    Case("planning:comment", kwargs=plan("plan_discussion"), method="post", data=lambda w: {},
         expect=OUTSIDERS_POST),
    Case("planning:comment", kwargs=plan("plan_approved"), default="403", expect={"anonymous": "login"}),
    Case("planning:versions", kwargs=plan("plan_approved"), expect=EVERYONE),
    Case("planning:execution", kwargs=plan("plan_approved"), expect=EVERYONE),
    # --- the body's pages -----------------------------------------------------------------------------------
    Case("manage_planning:list", expect={"official": "ok", "other_official": "ok", "observer": "ok", "admin": "ok"}),
    Case("manage_planning:create", expect={"official": "ok", "other_official": "ok", "admin": "ok"}),
    Case("manage_planning:create", method="post", data=lambda w: {},
         expect={"official": "400", "other_official": "400", "admin": "400"}),
    Case("manage_planning:detail", kwargs=plan("plan_draft"), expect=READ),
    Case("manage_planning:execution", kwargs=plan("plan_approved"), expect=READ,
         note="the body's view of the execution: its officials, observers and administrators"),
    Case("manage_planning:detail", kwargs=plan("plan_discussion"), expect=READ),
    Case("manage_planning:edit", kwargs=plan("plan_draft"), expect=ACT),
    Case("manage_planning:edit", kwargs=plan("plan_approved"), method="post", data=lambda w: {},
         expect={"official": "any", "admin": "any", "observer": "403", "other_official": "404"},
         note="an approved plan keeps its header: 409 with the reason"),
    Case("manage_planning:open_proposals", kwargs=plan("plan_draft"), expect=ACT),
    Case("manage_planning:open_proposals", kwargs=plan("plan_draft"), method="post", data=lambda w: {},
         expect=ACT_POST),
    Case("manage_planning:start_discussion", kwargs=plan("plan_proposals"), expect=ACT),
    Case("manage_planning:start_discussion", kwargs=plan("plan_proposals"), method="post", data=lambda w: {},
         expect=ACT_POST),
    Case("manage_planning:approve", kwargs=plan("plan_discussion"), expect=ACT),
    Case("manage_planning:approve", kwargs=plan("plan_discussion"), method="post", data=lambda w: {},
         expect=ACT_POST),
    Case("manage_planning:item_new", kwargs=plan("plan_draft"), expect=ACT),
    Case("manage_planning:item_new", kwargs=plan("plan_draft"), method="post", data=lambda w: {},
         expect=ACT_POST),
    Case("manage_planning:item_edit", kwargs=child("plan_draft", "item_pk", "draft_item"), expect=ACT),
    Case("manage_planning:item_edit", kwargs=child("plan_approved", "item_pk", "approved_item"), method="post",
         data=lambda w: {}, expect=ACT_POST),
    Case("manage_planning:item_withdraw", kwargs=child("plan_approved", "item_pk", "approved_item"), expect=ACT),
    Case("manage_planning:item_withdraw", kwargs=child("plan_approved", "item_pk", "approved_item"),
         method="post", data=lambda w: {}, expect=ACT_POST),
    Case("manage_planning:item_delete", kwargs=child("plan_draft", "item_pk", "draft_item"), method="post",
         expect={"official": "ok", "admin": "404", "observer": "403", "other_official": "404"},
         note="after the official deleted it, the item is gone"),
    Case("manage_planning:evidence", kwargs=child("plan_draft", "item_pk", "draft_item"), expect=READ),
    Case("manage_planning:evidence", kwargs=child("plan_draft", "item_pk", "draft_item"), method="post",
         data=lambda w: {}, expect=ACT_POST),
    Case("manage_planning:evidence_delete", kwargs=child("plan_draft", "evidence_pk", "draft_evidence"),
         method="post", expect={"official": "ok", "admin": "404", "observer": "403", "other_official": "404"}),
    Case("manage_planning:proposals", kwargs=plan("plan_proposals"), expect=READ),
    Case("manage_planning:decide", kwargs=child("plan_proposals", "proposal_pk", "topic_proposal"), expect=ACT),
    Case("manage_planning:decide", kwargs=child("plan_proposals", "proposal_pk", "topic_proposal"), method="post",
         data=lambda w: {}, expect=ACT_POST),
    Case("manage_planning:comments", kwargs=plan("plan_discussion"), expect=READ),
    Case("manage_planning:moderate", kwargs=child("plan_discussion", "comment_pk", "waiting_comment"), expect=ACT),
    Case("manage_planning:moderate", kwargs=child("plan_discussion", "comment_pk", "waiting_comment"),
         method="post", data=lambda w: {}, expect=ACT_POST),
    Case("manage_planning:answer", kwargs=child("plan_discussion", "comment_pk", "published_comment"), expect=ACT),
    Case("manage_planning:answer", kwargs=child("plan_discussion", "comment_pk", "published_comment"),
         method="post", data=lambda w: {}, expect=ACT_POST),
    # --- a competition from a plan item (competitions/manage) ---------------------------------------------------
    Case("manage:create_from_plan_item", kwargs=lambda w: {"pk": w.approved_item.pk},
         expect={"official": "ok", "admin": "ok", "other_official": "404", "observer": "404"},
         note="only officials of the plan's body (and administrators) create competitions from its items"),
    Case("manage:create_from_plan_item", kwargs=lambda w: {"pk": w.approved_item.pk}, method="post",
         data=lambda w: {}, expect={"official": "400", "admin": "400", "other_official": "404", "observer": "404"}),
    Case("manage:create_from_plan_item", kwargs=lambda w: {"pk": w.draft_item.pk}, default="denied",
         note="an item of a plan not yet approved: 404 for everyone"),
]
