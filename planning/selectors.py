"""Every read of planning. Views, the API and the competitions app start from these."""

import rules
from django.db.models import Count, F, Prefetch, Q

from portal.accounts.selectors import roles_for_user

from .enums import PUBLIC_PLAN_STATUSES, CommentStatus, PlanStatus, ProposalStatus
from .models import DiscussionComment, Evidence, Plan, PlanItem, PlanVersion, TopicProposal

ACTIVE_ITEMS = Q(items__withdrawn_at__isnull=True)


def _with_counts(qs):
    return qs.select_related("body").annotate(n_items=Count("items", filter=ACTIVE_ITEMS, distinct=True))


def plans_for_user(user):
    """Every plan the user may read: all out of draft, plus drafts of the bodies they follow (admins: all)."""
    roles = roles_for_user(user)
    qs = _with_counts(Plan.objects.all())
    if roles.is_admin:
        return qs
    return qs.filter(Q(status__in=PUBLIC_PLAN_STATUSES) | Q(body_id__in=roles.followed_body_ids))


def plans_followed_by(user):
    """The officials' and observers' side: plans of the bodies the user works for or observes (admins: all)."""
    roles = roles_for_user(user)
    qs = _with_counts(Plan.objects.all()).annotate(
        n_undecided=Count("proposals", filter=Q(proposals__status=ProposalStatus.SUBMITTED), distinct=True),
        n_unmoderated=Count("comments", filter=Q(comments__status=CommentStatus.SUBMITTED), distinct=True),
        n_unanswered=Count("comments", filter=Q(comments__status=CommentStatus.PUBLISHED,
                                                 comments__answered_at__isnull=True), distinct=True))
    return qs if roles.is_admin else qs.filter(body_id__in=roles.followed_body_ids)


def plan_items(plan):
    evidence = Evidence.objects.order_by("added_at", "id")
    return (PlanItem.objects.filter(plan=plan).select_related("priority_area")
            .prefetch_related("regions", Prefetch("evidence", queryset=evidence)).order_by("number"))


def proposals_public(plan):
    """Decided proposals: their topic, the organisation (citizens stay anonymous), the decision and its reason."""
    return (TopicProposal.objects.filter(plan=plan).exclude(status=ProposalStatus.SUBMITTED)
            .select_related("organization", "item", "priority_area").order_by("submitted_at", "id"))


def proposals_for_body(plan):
    return (TopicProposal.objects.filter(plan=plan).select_related("organization", "item", "priority_area", "author")
            .prefetch_related("regions", "evidence")
            .order_by(F("decided_at").asc(nulls_first=True), "submitted_at", "id"))


def published_comments(plan):
    return (DiscussionComment.objects.filter(plan=plan, status=CommentStatus.PUBLISHED)
            .select_related("item", "organization", "council").order_by("submitted_at", "id"))


def comments_for_body(plan):
    """All comments, those waiting for moderation first, then those waiting for an answer."""
    return (DiscussionComment.objects.filter(plan=plan).select_related("item", "organization", "council", "author")
            .order_by("status", F("answered_at").asc(nulls_first=True), "submitted_at", "id"))


def hidden_comment_count(plan):
    return DiscussionComment.objects.filter(plan=plan, status=CommentStatus.HIDDEN).count()


def own_proposals(user, plan):
    if not getattr(user, "is_authenticated", False):
        return TopicProposal.objects.none()
    return TopicProposal.objects.filter(plan=plan, author=user).select_related("item").order_by("submitted_at", "id")


def own_comments(user, plan):
    if not getattr(user, "is_authenticated", False):
        return DiscussionComment.objects.none()
    return (DiscussionComment.objects.filter(plan=plan, author=user).select_related("item")
            .order_by("submitted_at", "id"))


def plan_versions(plan):
    return PlanVersion.objects.filter(plan=plan).select_related("created_by").order_by("number")


def evidence_for_user(user, plan, pk):
    """One evidence of ``plan`` the user may download: an item's (anyone who reads the plan), a decided proposal's
    (the same), an undecided proposal's (its author and the body's people)."""
    qs = Evidence.objects.filter(Q(item__plan=plan) | Q(proposal__plan=plan)).exclude(file="")
    if not rules.has_perm("planning.view_plan_internal", user, plan):
        visible = Q(proposal__isnull=True) | ~Q(proposal__status=ProposalStatus.SUBMITTED)
        if getattr(user, "is_authenticated", False):
            visible |= Q(proposal__author=user)
        qs = qs.filter(visible)
    return qs.filter(pk=pk).first()


def plan_items_for_competition(user):
    """Items a competition may be created from by this user: approved plans of their bodies, not withdrawn."""
    roles = roles_for_user(user)
    qs = (PlanItem.objects.filter(plan__status=PlanStatus.APPROVED, withdrawn_at__isnull=True)
          .select_related("plan", "plan__body", "priority_area").prefetch_related("regions"))
    return qs if roles.is_admin else qs.filter(plan__body_id__in=roles.official_body_ids)


def plan_snapshot(plan):
    """The approved plan as plain JSON: what a version freezes (and its sha256 covers)."""
    items = []
    for item in plan_items(plan):
        items.append({
            "number": item.number, "topic_kk": item.topic_kk, "topic_ru": item.topic_ru, "topic_en": item.topic_en,
            "priority_area": item.priority_area.code, "target_group": item.target_group,
            "regions": sorted(region.code for region in item.regions.all()), "amount": str(item.amount),
            "term_years": item.term_years, "expected_results": item.expected_results, "indicators": item.indicators,
            "legal_act": item.legal_act, "legal_act_number": item.legal_act_number,
            "legal_act_date": item.legal_act_date.isoformat() if item.legal_act_date else None,
            "withdrawn": item.is_withdrawn, "withdrawal_reason": item.withdrawal_reason,
            "evidence": [{"kind": e.kind, "title": e.title, "url": e.url, "sha256": e.sha256}
                         for e in item.evidence.all()],
        })
    comments = [{"id": c.pk, "item": c.item.number if c.item else None, "text": c.text,
                 "answer": c.answer_outcome, "answer_text": c.answer_text} for c in published_comments(plan)]
    return {
        "plan": {"id": plan.pk, "body_bin": plan.body.bin, "year": plan.year, "title_kk": plan.title_kk,
                 "title_ru": plan.title_ru, "title_en": plan.title_en,
                 "discussion": [str(plan.discussion_starts_on), str(plan.discussion_ends_on)]},
        "items": items,
        "discussion": {"comments": comments, "hidden": hidden_comment_count(plan)},
    }
