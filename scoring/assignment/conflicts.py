"""Automatic conflict-of-interest detection between experts and applications.

Hard conflicts (never assigned): the expert is a member of the applicant organisation, or lists it by
BIN among affiliations (any kind, relatives' organisations included) active within the last 12 months.

Potential conflicts (shown to the official, who confirms them, which then blocks the pair like a hard
one, or dismisses them; both audited): the expert's e-mail domain is the applicant's (a member's or the
organisation's contact address) and is not a public mail provider; the expert works in the applicant's
region while the competition requires outside-region experts.

Everything is computed in bulk (a few queries for any number of pairs) so the solver can use it.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import ExpertAffiliation, Membership

from ..models import PotentialConflictDecision

PUBLIC_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "mail.ru", "yandex.ru", "yandex.kz", "ya.ru", "inbox.ru", "list.ru", "bk.ru",
    "internet.ru", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com", "proton.me",
    "protonmail.com", "rambler.ru", "mail.kz", "example.kz", "example.com",
})
AFFILIATION_LOOKBACK = timedelta(days=365)

HARD_MEMBER = "member"
HARD_AFFILIATION = "affiliation"
POTENTIAL_DOMAIN = "same_domain"
POTENTIAL_REGION = "same_region"

SIGNAL_LABELS = {
    HARD_MEMBER: _("member of the applicant organisation"),
    HARD_AFFILIATION: _("affiliated with the applicant (by BIN) within the last 12 months"),
    POTENTIAL_DOMAIN: _("same e-mail domain as the applicant"),
    POTENTIAL_REGION: _("works in the applicant's region (outside-region expert required)"),
}


def email_domain(address):
    address = (address or "").strip().lower()
    return address.rsplit("@", 1)[-1] if "@" in address else ""


def is_private_domain(domain):
    return bool(domain) and domain not in PUBLIC_MAIL_DOMAINS


@dataclass
class ConflictIndex:
    hard: dict = field(default_factory=dict)  # (expert_id, application_id) -> [codes]
    potential: dict = field(default_factory=dict)  # (expert_id, application_id) -> [codes]
    decisions: dict = field(default_factory=dict)  # (expert_id, application_id) -> "confirmed" | "dismissed"

    def forbidden(self):
        """Pairs the solver must not use: hard conflicts and confirmed potential ones."""
        confirmed = {pair for pair, decision in self.decisions.items() if decision == "confirmed"}
        return set(self.hard) | confirmed

    def blocking_reasons(self, expert_id, application_id):
        codes = list(self.hard.get((expert_id, application_id), ()))
        if self.decisions.get((expert_id, application_id)) == "confirmed":
            codes.append("confirmed")
        return codes

    def open_potential(self, expert_id, application_id):
        """Potential signals not yet decided by an official."""
        pair = (expert_id, application_id)
        return [] if pair in self.decisions else list(self.potential.get(pair, ()))


def conflict_index(*, experts, applications, require_outside_region=False, today=None):
    """Bulk conflict check. ``experts``: ExpertProfile objects with ``user`` loaded (``regions`` prefetched
    when ``require_outside_region``); ``applications``: Application objects with ``organization`` loaded."""
    today = today or timezone.localdate()
    index = ConflictIndex()
    experts, applications = list(experts), list(applications)
    if not experts or not applications:
        return index
    expert_by_user = {e.user_id: e.pk for e in experts}
    apps_by_org, apps_by_bin = {}, {}
    for application in applications:
        apps_by_org.setdefault(application.organization_id, []).append(application)
        apps_by_bin.setdefault(application.organization.bin, []).append(application)

    def add(bucket, expert_id, application_id, code):
        codes = bucket.setdefault((expert_id, application_id), [])
        if code not in codes:
            codes.append(code)

    for user_id, organization_id in Membership.objects.filter(
            user_id__in=expert_by_user, organization_id__in=apps_by_org).values_list("user_id", "organization_id"):
        for application in apps_by_org[organization_id]:
            add(index.hard, expert_by_user[user_id], application.pk, HARD_MEMBER)

    since = today - AFFILIATION_LOOKBACK
    affiliations = ExpertAffiliation.objects.filter(
        expert_id__in=[e.pk for e in experts], organization_bin__in=apps_by_bin,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since)).filter(
        Q(started_on__isnull=True) | Q(started_on__lte=today))
    for expert_id, organization_bin in affiliations.values_list("expert_id", "organization_bin"):
        for application in apps_by_bin[organization_bin]:
            add(index.hard, expert_id, application.pk, HARD_AFFILIATION)

    # Potential: shared private e-mail domain with any member or the organisation's contact address.
    experts_by_domain = {}
    for expert in experts:
        domain = email_domain(expert.user.email)
        if is_private_domain(domain):
            experts_by_domain.setdefault(domain, []).append(expert.pk)
    if experts_by_domain:
        org_domains = {}
        for organization_id, address in Membership.objects.filter(
                organization_id__in=apps_by_org).values_list("organization_id", "user__email"):
            org_domains.setdefault(organization_id, set()).add(email_domain(address))
        for application in applications:
            domains = org_domains.get(application.organization_id, set()) | {
                email_domain(application.organization.contact_email)}
            for domain in domains:
                for expert_id in experts_by_domain.get(domain, ()):
                    if (expert_id, application.pk) not in index.hard:
                        add(index.potential, expert_id, application.pk, POTENTIAL_DOMAIN)

    if require_outside_region:
        for expert in experts:
            regions = {r.pk for r in expert.regions.all()}
            for application in applications:
                if application.organization.region_id in regions:
                    add(index.potential, expert.pk, application.pk, POTENTIAL_REGION)

    for expert_id, application_id, decision in PotentialConflictDecision.objects.filter(
            expert_id__in=[e.pk for e in experts], application_id__in=[a.pk for a in applications],
    ).values_list("expert_id", "application_id", "decision"):
        index.decisions[(expert_id, application_id)] = decision
    return index


def hard_conflicts_for_pair(*, expert, application, today=None):
    """The codes that forbid assigning ``expert`` to ``application`` (hard and confirmed potential)."""
    index = conflict_index(experts=[expert], applications=[application], today=today)
    return index.blocking_reasons(expert.pk, application.pk)
