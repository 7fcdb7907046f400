"""The officials' and observers' dashboard panels: the body's competitions by state, with counts and the next
action each needs. Registered from ``ApplicationsConfig.ready`` because the counts span applications and
scoring (read through the related names ``applications`` and ``assignments``; nothing here imports scoring)."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from competitions.enums import CompetitionStatus
from competitions.models import Clarification, Competition
from portal import charts
from portal.dashboard import register_panel

from .admission import undecided_filter
from .enums import OUTCOMES, ApplicationStatus
from .models import Application

# scoring.enums.ACTIVE and SUBMITTED, as values (applications must not import scoring).
ACTIVE_ASSIGNMENT_STATUSES = ("offered", "accepted", "submitted", "reopened")
DONE_ASSIGNMENT_STATUS = "submitted"
RECEIVED = Q(status__in=[s for s in ApplicationStatus.values
                         if s not in (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN)])
ADMITTED = Q(status__in=[ApplicationStatus.ADMITTED, *OUTCOMES])
STATE_ORDER = [CompetitionStatus.DRAFT, CompetitionStatus.PUBLISHED, CompetitionStatus.CLOSED,
               CompetitionStatus.UNDER_REVIEW, CompetitionStatus.RANKED, CompetitionStatus.RESULTS_PUBLISHED,
               CompetitionStatus.FINAL, CompetitionStatus.CANCELLED]


def _count(queryset):
    """A correlated COUNT subquery (0 when there is no row)."""
    counted = queryset.order_by().values("competition_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _assignment_count(condition):
    counted = (Application.objects.filter(competition_id=OuterRef("pk")).order_by().values("competition_id")
               .annotate(n=Count("assignments", filter=condition)).values("n")[:1])
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def competitions_with_counts(body_ids, *, now=None):
    now = now or timezone.now()
    apps = Application.objects.filter(competition_id=OuterRef("pk"))
    return (Competition.objects.filter(body_id__in=body_ids).select_related("body")
            .annotate(
                n_received=_count(apps.filter(RECEIVED)),
                n_admitted=_count(apps.filter(ADMITTED)),
                n_undecided=_count(apps.filter(undecided_filter(now))),
                n_questions=_count(Clarification.objects.filter(competition_id=OuterRef("pk"),
                                                                answered_at__isnull=True)),
                n_evaluations_due=_assignment_count(Q(assignments__status__in=ACTIVE_ASSIGNMENT_STATUSES)),
                n_evaluations_done=_assignment_count(Q(assignments__status=DONE_ASSIGNMENT_STATUS)),
            ).order_by("closes_at", "id"))


def next_action(competition, now):
    """(text, url name) of what the competition needs next; url name None when there is nothing to do."""
    status = competition.status
    if status == CompetitionStatus.DRAFT:
        return _("Finish the settings and publish"), "manage:publish"
    if competition.n_questions:
        return ngettext("Answer %(n)s question", "Answer %(n)s questions", competition.n_questions) % {
            "n": competition.n_questions}, "manage:questions"
    if status == CompetitionStatus.PUBLISHED:
        if competition.closes_at <= now:
            return _("Close applications"), "manage:detail"
        if competition.opens_at > now:
            return _("Wait for the window to open"), None
        return _("Wait for the deadline"), None
    if status == CompetitionStatus.CLOSED:
        if competition.n_undecided:
            return ngettext("Run the admission check: %(n)s application undecided",
                            "Run the admission check: %(n)s applications undecided",
                            competition.n_undecided) % {"n": competition.n_undecided}, "manage_applications:admission"
        return _("Start the expert review"), "manage_applications:admission"
    if status == CompetitionStatus.UNDER_REVIEW:
        if competition.n_evaluations_due == 0:
            return _("Assign experts"), "scoring:review_overview"
        if competition.n_evaluations_done < competition.n_evaluations_due:
            return _("Follow the scoring"), "scoring:review_overview"
        return _("Compute and freeze the ranking"), "results:ranking"
    if status == CompetitionStatus.RANKED:
        return _("Publish the results"), "results:ranking"
    if status == CompetitionStatus.RESULTS_PUBLISHED:
        return _("Decide appeals, then finalise"), "results:ranking"
    return "", None


def panel_context(body_ids, *, read_only):
    now = timezone.now()
    competitions = list(competitions_with_counts(body_ids, now=now))
    groups = []
    for status in STATE_ORDER:
        rows = [c for c in competitions if c.status == status]
        if not rows:
            continue
        for c in rows:
            c.next_action, c.next_action_url = next_action(c, now)
        groups.append({"status": status, "label": CompetitionStatus(status).label, "competitions": rows})
    counts = [(group["label"], len(group["competitions"])) for group in groups]
    chart = {"svg": charts.count_bars(counts, title=_("Competitions by state")), "rows": counts,
             "headers": (_("State"), _("Competitions")),
             "caption": _("Competitions by state: %(total)s in all.") % {"total": len(competitions)}}
    return {"groups": groups, "read_only": read_only, "total": len(competitions), "chart": chart}


def register():
    register_panel(
        key="official_competitions", order=30, template="manage/dashboard_panel.html",
        applies=lambda roles: roles.is_official,
        context=lambda request, roles: panel_context(roles.official_body_ids, read_only=False))
    register_panel(
        key="observer_competitions", order=40, template="manage/dashboard_panel.html",
        applies=lambda roles: roles.is_observer,
        context=lambda request, roles: panel_context(roles.observer_body_ids - roles.official_body_ids,
                                                     read_only=True))

