"""The public discussion: comments (council members' marked), moderation with a reason shown to the author,
and the body's answer to each published comment (accepted / partly / not accepted, with a reason)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.accounts.models import Membership
from portal.councils.selectors import council_of_member
from portal.errors import check_transition
from portal.notifications.services import later, notify

from ..enums import COMMENT_TRANSITIONS, AnswerOutcome, CommentStatus, PlanStatus
from ..models import DiscussionComment, Plan
from ..validators import text_problems
from .common import NotForTheBody, StateRefused, clean_text, local_today, plan_url, refuse_if


@transaction.atomic
def comment_submit(*, plan, text, actor, item=None, organization=None, now=None):
    """A comment during the discussion window; it is public once moderated."""
    now = now or timezone.now()
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    today = local_today(now)
    if (plan.status != PlanStatus.IN_DISCUSSION or plan.discussion_ends_on is None
            or not plan.discussion_starts_on <= today <= plan.discussion_ends_on):
        raise StateRefused(_("The plan is not open for comments now."), code="discussion_closed")
    if actor.official_memberships.filter(body_id=plan.body_id).exists():
        raise NotForTheBody(_("Officials of the body answer comments; they do not comment."), code="official_comments")
    problems = text_problems("text", text, empty_message=_("Write your comment."))
    if item is not None and item.plan_id != plan.pk:
        problems.append(("item", _("Choose an item of this plan.")))
    if organization is not None and not Membership.objects.filter(user=actor, organization=organization).exists():
        problems.append(("organization", _("You can comment only on behalf of your own organisation.")))
    refuse_if(problems, code="comment_refused")
    comment = DiscussionComment.objects.create(
        plan=plan, item=item, author=actor, organization=organization, text=clean_text(text), submitted_at=now,
        status_changed_at=now, council=council_of_member(actor, body_id=plan.body_id))
    audit.record(actor=actor, action="comment.submitted", target=comment,
                 after={"plan_id": plan.pk, "item": item.number if item else None, "council_id": comment.council_id})
    return comment


@transaction.atomic
def comment_transition(*, comment, to, actor, reason="", now=None):
    """The only writer of ``DiscussionComment.status``."""
    now = now or timezone.now()
    before = comment.status
    check_transition(table=COMMENT_TRANSITIONS, kind="comment", current=before, to=to)
    comment.status, comment.status_changed_at = to, now
    comment.save(update_fields=["status", "status_changed_at"])
    audit.record(actor=actor, action=f"comment.{to}", target=comment, before={"status": before},
                 after={"status": to}, reason=reason)
    return comment


def _open_discussion(comment):
    plan = Plan.objects.select_for_update().get(pk=comment.plan_id)
    if plan.status != PlanStatus.IN_DISCUSSION:
        raise StateRefused(_("Comments are moderated and answered until the plan is approved."), code="plan_state")
    return plan


@transaction.atomic
def comment_moderate(*, comment, decision, reason, actor, now=None):
    """Publish or hide a comment; hiding needs a reason. The author reads the outcome and the reason."""
    now = now or timezone.now()
    plan = _open_discussion(comment)
    comment = DiscussionComment.objects.select_for_update().get(pk=comment.pk)
    check_transition(table=COMMENT_TRANSITIONS, kind="comment", current=comment.status, to=decision)
    reason = clean_text(reason)
    if decision == CommentStatus.HIDDEN:
        refuse_if(text_problems("reason", reason, empty_message=_("Give the reason for hiding the comment; its "
                                                                  "author reads it."), limit=2000))
    comment.moderation_reason, comment.moderated_by, comment.moderated_at = reason, actor, now
    comment.save(update_fields=["moderation_reason", "moderated_by", "moderated_at"])
    comment_transition(comment=comment, to=decision, actor=actor, reason=reason, now=now)
    subject = (_("Your comment on %(plan)s is published") if decision == CommentStatus.PUBLISHED
               else _("Your comment on %(plan)s is hidden"))
    notify(users=[comment.author], url=plan_url(plan, "your-comments"), subject=later(subject, plan=plan.title),
           body=reason)
    return comment


@transaction.atomic
def comment_answer(*, comment, outcome, text, actor, now=None):
    """The body's answer to a published comment; it may be revised until approval (the audit keeps each)."""
    now = now or timezone.now()
    plan = _open_discussion(comment)
    comment = DiscussionComment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != CommentStatus.PUBLISHED:
        raise StateRefused(_("Only a published comment is answered."), code="comment_not_published")
    problems = text_problems("answer_text", text, empty_message=_("Give the reason for the answer."), limit=4000)
    if outcome not in AnswerOutcome.values:
        problems.append(("answer_outcome", _("Choose whether the comment is accepted, partly accepted or not.")))
    refuse_if(problems, code="answer_refused")
    before = {"answer": comment.answer_outcome, "answer_text": comment.answer_text} if comment.is_answered else {}
    text = clean_text(text)
    if before == {"answer": outcome, "answer_text": text}:
        return comment
    comment.answer_outcome, comment.answer_text, comment.answered_by = outcome, text, actor
    comment.answered_at = now
    comment.save(update_fields=["answer_outcome", "answer_text", "answered_by", "answered_at"])
    audit.record(actor=actor, action="comment.answer_edited" if before else "comment.answered", target=comment,
                 before=before, after={"answer": outcome, "answer_text": text})
    notify(users=[comment.author], url=plan_url(plan, "your-comments"),
           subject=later(_("The body answered your comment on %(plan)s: %(outcome)s"), plan=plan.title,
                         outcome=AnswerOutcome(outcome).label),
           body=text)
    return comment
