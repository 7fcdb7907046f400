"""Permission cases of the plans and councils API (/api/v1/plans/..., /api/v1/councils/...).

Reads follow the pages: public plans and every council document for everyone; a draft plan for body A's
official, observer and administrators (others 404). Actions are sent empty, so allowed roles meet 400 and the
world stays as built. Anonymous writes: 401 (``login``)."""

from .spec import Case

SIGNED_IN = ("ngo", "other_ngo", "official", "other_official", "observer", "expert", "admin")
EVERYONE = {"anonymous": "ok", **{role: "ok" for role in SIGNED_IN}}
BODY_A_READERS = {"official": "ok", "observer": "ok", "admin": "ok"}
MANAGE_PUBLIC = {"official": "400", "admin": "400", "anonymous": "login", **{
    role: "403" for role in ("ngo", "other_ngo", "other_official", "observer", "expert")}}
MANAGE_DRAFT = {"official": "400", "admin": "400", "observer": "403"}
OUTSIDERS_POST = {"anonymous": "login", "official": "403", **{
    role: "400" for role in ("ngo", "other_ngo", "other_official", "observer", "expert", "admin")}}


def pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


CASES = [
    Case("api:plan-list", expect=EVERYONE),
    Case("api:plan-list", method="post", data=lambda w: {},
         expect={"official": "400", "other_official": "400", "admin": "400", "anonymous": "login",
                 **{role: "403" for role in ("ngo", "other_ngo", "observer", "expert")}},
         note="only officials draft plans"),
    Case("api:plan-detail", kwargs=pk("plan_draft"), expect=BODY_A_READERS),
    Case("api:plan-detail", kwargs=pk("plan_approved"), expect=EVERYONE),
    Case("api:plan-detail", kwargs=pk("plan_draft"), method="patch", data=lambda w: {},
         expect={"official": "ok", "admin": "ok", "observer": "403"}),
    Case("api:plan-open-proposals", kwargs=pk("plan_draft"), method="post", data=lambda w: {},
         expect=MANAGE_DRAFT),
    Case("api:plan-start-discussion", kwargs=pk("plan_proposals"), method="post", data=lambda w: {},
         expect=MANAGE_PUBLIC),
    Case("api:plan-approve", kwargs=pk("plan_discussion"), method="post", data=lambda w: {}, expect=MANAGE_PUBLIC),
    Case("api:plan-items", kwargs=pk("plan_approved"), expect=EVERYONE),
    Case("api:plan-items", kwargs=pk("plan_draft"), method="post", data=lambda w: {}, expect=MANAGE_DRAFT),
    Case("api:plan-item-detail", kwargs=pk("approved_item"), expect=EVERYONE),
    Case("api:plan-item-detail", kwargs=pk("draft_item"), method="patch", data=lambda w: {},
         expect={"official": "ok", "admin": "ok", "observer": "403"}),
    Case("api:plan-item-withdraw", kwargs=pk("approved_item"), method="post", data=lambda w: {},
         expect=MANAGE_PUBLIC),
    Case("api:plan-item-evidence", kwargs=pk("draft_item"), method="post", data=lambda w: {}, expect=MANAGE_DRAFT),
    Case("api:plan-proposals", kwargs=pk("plan_proposals"), expect=EVERYONE),
    Case("api:plan-proposals", kwargs=pk("plan_proposals"), method="post", data=lambda w: {},
         expect=OUTSIDERS_POST),
    Case("api:plan-proposal-decide", kwargs=pk("topic_proposal"), method="post", data=lambda w: {},
         expect=MANAGE_PUBLIC),
    Case("api:plan-comments", kwargs=pk("plan_discussion"), expect=EVERYONE),
    Case("api:plan-comments", kwargs=pk("plan_discussion"), method="post", data=lambda w: {},
         expect=OUTSIDERS_POST),
    Case("api:plan-comment-moderate", kwargs=pk("waiting_comment"), method="post", data=lambda w: {},
         expect=MANAGE_PUBLIC),
    Case("api:plan-comment-answer", kwargs=pk("published_comment"), method="post", data=lambda w: {},
         expect=MANAGE_PUBLIC),
    Case("api:plan-versions", kwargs=pk("plan_approved"), expect=EVERYONE),
    Case("api:plan-execution", kwargs=pk("plan_approved"), expect=EVERYONE),
    Case("api:plan-execution", kwargs=pk("plan_draft"), expect=BODY_A_READERS, note="a draft: empty list"),
    # --- councils -----------------------------------------------------------------------------------------------
    Case("api:council-list", expect=EVERYONE),
    Case("api:council-detail", kwargs=pk("council"), expect=EVERYONE),
    Case("api:council-documents", kwargs=pk("council"), method="post", data=lambda w: {}, default="403",
         expect={"anonymous": "login", "observer": "400"}, note="the council's secretary files"),
    Case("api:council-document-list", expect=EVERYONE),
    Case("api:council-document-detail", kwargs=pk("council_document"), expect=EVERYONE),
    Case("api:council-document-answer", kwargs=pk("council_document"), method="post", data=lambda w: {},
         default="403", expect={"anonymous": "login", "official": "400"}),
]
