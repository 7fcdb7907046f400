"""Applying the registers to organisations: what registration, the beat re-check and administrators call.

The register is authoritative for the eligibility facts (registration date, NGO-database entry, bankruptcy,
liquidation): when it answers, its values replace what the applicant typed and ``verified_at`` is stamped.
When it does not answer, the organisation keeps the applicant's word and stays "unverified" until the beat
task (``registers.recheck_unverified``) reaches the register. A re-check that finds the applicant's earlier
word different from the register marks the organisation "mismatch" and keeps the differences for officials.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal import audit
from portal.accounts.models import Organization, VerificationStatus

from .base import RegisterUnavailable, get_register

log = logging.getLogger(__name__)
ELIGIBILITY_FIELDS = ("registered_on", "in_ngo_database", "ngo_database_registered_on", "is_bankrupt",
                      "in_liquidation")
REGISTER_FIELDS = ("name_kk", "name_ru", "head_name", "register_status")
STATE_FIELDS = ("verification_status", "verified_at", "verification_checked_at", "verification_notes")
REVERIFY_AFTER = timedelta(days=30)
BATCH = 200


def lookup(bin_):
    """The register's record for ``bin_``, or None when the register is down (the caller degrades)."""
    try:
        return get_register().lookup(bin_)
    except RegisterUnavailable:
        return None


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def apply_record(organization, record, *, now):
    """Set the register's answer on ``organization`` (not saved). ``record`` None: the register was down."""
    organization.verification_checked_at = now
    if record is None:
        if organization.verification_status != VerificationStatus.VERIFIED:
            organization.verification_status = VerificationStatus.UNVERIFIED
        return
    if not record.found:
        organization.verification_status = VerificationStatus.NOT_FOUND
        return
    declared = organization.pk is not None and organization.verification_status in (
        VerificationStatus.UNVERIFIED, VerificationStatus.NOT_FOUND)
    values = {"registered_on": record.registered_on, "in_ngo_database": record.in_ngo_database,
              "ngo_database_registered_on": record.ngo_database_registered_on if record.in_ngo_database else None,
              "is_bankrupt": record.is_bankrupt, "in_liquidation": record.in_liquidation}
    differences = {name: {"declared": _plain(getattr(organization, name)), "register": _plain(value)}
                   for name, value in values.items() if getattr(organization, name) != value}
    for name, value in values.items():
        setattr(organization, name, value)
    organization.name_kk, organization.name_ru = record.name_kk, record.name_ru
    organization.head_name, organization.register_status = record.head_name, record.status
    if not organization.address and record.address:
        organization.address = record.address
    organization.verified_at = now
    if declared and differences:
        organization.verification_status = VerificationStatus.MISMATCH
        organization.verification_notes = differences
    elif organization.verification_status != VerificationStatus.MISMATCH:
        organization.verification_status = VerificationStatus.VERIFIED


def snapshot(organization):
    return {name: _plain(getattr(organization, name))
            for name in (*ELIGIBILITY_FIELDS, *REGISTER_FIELDS, *STATE_FIELDS)}


@transaction.atomic
def organization_verify(*, organization, actor=None, record=..., now=None):
    """Ask the register about ``organization`` again and apply the answer, with an audit row when it changed
    anything. ``record`` may be given when the caller has just looked it up (outside the transaction)."""
    now = now or timezone.now()
    if record is ...:
        record = lookup(organization.bin)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = snapshot(organization)
    apply_record(organization, record, now=now)
    organization.save()
    after = snapshot(organization)
    changed = sorted(k for k in after if after[k] != before[k] and k != "verification_checked_at")
    if changed:
        audit.record(actor=actor, action="organization.register_check", target=organization,
                     before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return organization


def organizations_to_recheck(now=None):
    """Unverified and not-found organisations, and verified ones last confirmed over 30 days ago."""
    now = now or timezone.now()
    return (Organization.objects.filter(
        Q(verification_status__in=[VerificationStatus.UNVERIFIED, VerificationStatus.NOT_FOUND])
        | Q(verified_at__lt=now - REVERIFY_AFTER))
        .order_by("verification_checked_at", "pk"))


def organizations_recheck(*, now=None, limit=BATCH):
    """The beat task's work: re-check a batch; stops at the first outage (the next run tries again)."""
    checked = 0
    for organization in organizations_to_recheck(now)[:limit]:
        record = lookup(organization.bin)
        if record is None:
            log.info("register still unavailable; %s organisation(s) re-checked", checked)
            break
        organization_verify(organization=organization, record=record, now=now)
        checked += 1
    return checked
