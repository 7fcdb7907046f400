import hashlib
from decimal import Decimal

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from competitions.enums import CompetitionStatus, DocumentType
from competitions.models import Competition
from competitions.services import competition_close_if_due, competition_transition, end_of_local_day
from portal import audit
from portal.accounts.models import Organization
from portal.audit.phrases import system_reason
from portal.canonical import canonical_json
from portal.errors import DomainError, StaleVersionError, check_transition
from portal.notifications.services import notify
from portal.reference.calendar import add_working_days
from portal.reference.services import sequence_next
from portal.signatures.base import SignatureRefused
from portal.signatures.enums import SignatureKind
from portal.signatures.selectors import valid_signature
from portal.signatures.services import signature_attach, signing_required

from .admission import admission_checks, passes_all, undecided_filter, with_admission_data
from .availability import competition_cancelled, start_refusal, withdraw_refusal
from .enums import APPLICATION_TRANSITIONS, EDITABLE, ApplicationStatus
from .errors import NotEditable, NotEligible, SubmissionRefused
from .models import Activity, Application, Attachment, BudgetLine, Indicator
from .receipts.services import receipt_request
from .sections import SECTIONS_BY_KEY
from .uploads import check_upload
from .validators import Problem, budget_totals, eligibility_problems, submission_problems


@transaction.atomic
def application_transition(*, application, to, actor, reason="", now=None, extra_after=None):
    """The only writer of ``Application.status``."""
    now = now or timezone.now()
    before = application.status
    check_transition(table=APPLICATION_TRANSITIONS, kind="application", current=before, to=to)
    application.status = to
    application.status_changed_at = now
    application.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit.record(actor=actor, action=f"application.{to}", target=application,
                 competition_id=application.competition_id,
                 before={"status": before}, after={"status": to, **(extra_after or {})}, reason=reason)
    return application


# ---------------------------------------------------------------------------------------------------------------------
# Applicant side (helper "application"): start, save a section, attachments, submit, withdraw.
# ---------------------------------------------------------------------------------------------------------------------
ROW_MODELS = {"activities": Activity, "indicators": Indicator, "budget_lines": BudgetLine}
_lazy_format = lazy(lambda template, params: gettext(template) % params, str)


def _members(organization):
    return [m.user for m in organization.memberships.select_related("user") if m.user.is_active]


@transaction.atomic
def application_start(*, competition, organization, actor, now=None):
    """Open a draft for ``organization``: the competition must be open, the organisation eligible and below
    the competition's number of applications per organisation (withdrawn ones do not count)."""
    now = now or timezone.now()
    organization = Organization.objects.select_for_update().get(pk=organization.pk)  # one start at a time
    if not organization.memberships.filter(user=actor).exists():
        raise DomainError(_("You are not a member of this organisation."), code="not_member")
    if not competition.is_open_at(now):
        raise DomainError(_("This competition is not accepting applications now."), code="not_open")
    problems = eligibility_problems(organization, competition)
    if problems:
        raise NotEligible(problems)
    active = Application.objects.filter(competition=competition, organization=organization).exclude(
        status=ApplicationStatus.WITHDRAWN).count()
    if refusal := start_refusal(competition=competition, organization=organization, active_count=active, now=now):
        raise DomainError(refusal.message, code=refusal.code)
    application = Application.objects.create(competition=competition, organization=organization, created_by=actor)
    audit.record(actor=actor, action="application.created", target=application, competition_id=competition.pk,
                 after={"status": application.status, "organization_id": organization.pk})
    return application


def _lock_editable(application, *, version=None):
    locked = Application.objects.select_for_update().select_related("competition").get(pk=application.pk)
    if locked.status not in EDITABLE:
        raise NotEditable()
    if cancelled := competition_cancelled(locked.competition):
        error = DomainError(cancelled.message, code=cancelled.code)
        error.status_code = 403
        raise error
    if version is not None and int(version) != locked.version:
        error = StaleVersionError()
        error.current_version = locked.version
        raise error
    return locked


def _recompute_amount(application):
    total, _admin, _direct = budget_totals(list(application.budget_lines.all()))
    application.requested_amount = total
    return total


@transaction.atomic
def application_save_section(*, application, section, data, version, actor):
    """Save one section of a draft (or a returned application). ``data`` is the section form's cleaned data:
    field values, or ``{"rows": [...]}`` for activities, indicators and budget lines (the lines are replaced).

    Optimistic locking: ``version`` is the version the form was read at; a different current version raises
    StaleVersionError and nothing is written. The requested amount is always recomputed from the budget lines.
    """
    section = SECTIONS_BY_KEY[section]
    locked = _lock_editable(application, version=version)
    update_fields = ["version", "requested_amount", "updated_at"]
    if section.is_rows:
        model = ROW_MODELS[section.rows]
        model.objects.filter(application=locked).delete()
        model.objects.bulk_create([model(application=locked, order=index, **row)
                                   for index, row in enumerate(data.get("rows", []))])
    else:
        for field in section.fields:
            if field in data:
                value = data[field]
                if field == "co_financing" and value is None:
                    value = Decimal("0")
                if isinstance(value, str):
                    value = value.strip()
                setattr(locked, field, value)
                update_fields.append(field)
    _recompute_amount(locked)
    locked.version += 1
    locked.save(update_fields=update_fields)
    return locked


@transaction.atomic
def attachment_add(*, application, document_type, uploaded, actor):
    """Store one attachment after checking its content type, its size and the application's total size."""
    locked = _lock_editable(application)
    if document_type not in DocumentType.values:
        raise DomainError(_("Choose a document type from the list."), code="document_type")
    used = sum(a.size for a in locked.attachments.all())
    checked = check_upload(uploaded, used_bytes=used)
    uploaded.seek(0)
    attachment = Attachment(application=locked, document_type=document_type, original_name=checked.display_name,
                            content_type=checked.kind.content_type, size=checked.size, sha256=checked.sha256,
                            uploaded_by=actor)
    attachment.file.save(checked.display_name, uploaded, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment, actor):
    _lock_editable(attachment.application)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def _money(value):
    return str(Decimal(value).quantize(Decimal("0.01")))


def application_snapshot(application, *, submitted_at):
    """Everything that was submitted, as plain JSON (strings, numbers, lists): what the hash covers."""
    lines = list(application.budget_lines.all())
    total, administrative, direct = budget_totals(lines)
    organization, competition = application.organization, application.competition
    return {
        "format": 1,
        "registration_number": application.registration_number,
        "competition": {"id": competition.pk, "reference": competition.reference},
        "organization": {"id": organization.pk, "name": organization.name, "bin": organization.bin},
        "created_at": application.created_at.isoformat(),
        "submitted_at": submitted_at.isoformat(),
        "version": application.version,
        "fields": {
            "title": application.title,
            "summary": application.summary,
            "problem": application.problem,
            "goals": application.goals,
            "target_group": application.target_group,
            "beneficiaries_count": application.beneficiaries_count,
            "team": application.team,
            "sustainability": application.sustainability,
            "co_financing": _money(application.co_financing),
            "requested_amount": _money(total),
        },
        "activities": [
            {"title": a.title, "description": a.description, "expected_result": a.expected_result,
             "starts_on": a.starts_on.isoformat() if a.starts_on else None,
             "ends_on": a.ends_on.isoformat() if a.ends_on else None}
            for a in application.activities.all()
        ],
        "indicators": [
            {"name": i.name, "unit": i.unit, "baseline": str(i.baseline), "target": str(i.target)}
            for i in application.indicators.all()
        ],
        "budget_lines": [
            {"category": b.category, "description": b.description, "quantity": str(b.quantity),
             "unit_cost": _money(b.unit_cost), "amount": _money(b.amount), "year": b.year}
            for b in lines
        ],
        "budget_totals": {"total": _money(total), "administrative": _money(administrative), "direct": _money(direct)},
        "attachments": [
            {"document_type": a.document_type, "name": a.original_name, "sha256": a.sha256, "size": a.size}
            for a in application.attachments.all()
        ],
    }


def snapshot_hash(snapshot):
    return hashlib.sha256(canonical_json(snapshot).encode()).hexdigest()


# What the applicant signs with EDS before submitting: the content alone, without what submission adds.
NOT_SIGNED_KEYS = ("registration_number", "submitted_at", "version")


def application_content_sha256(application):
    """SHA-256 of the application's content as it would be submitted now (the EDS signs this hash)."""
    snapshot = application_snapshot(application, submitted_at=application.created_at)
    return snapshot_hash({k: v for k, v in snapshot.items() if k not in NOT_SIGNED_KEYS})


def _signature_problems(application, *, actor, now, signature):
    """Attach the EDS signature given with the submission; a missing one is a problem when signing is required."""
    content_sha256 = application_content_sha256(application)
    if signature and signature.get("cms"):
        try:
            signature_attach(target=application, kind=SignatureKind.APPLICATION, actor=actor, now=now,
                             document_sha256=signature.get("document_sha256") or content_sha256,
                             cms=signature["cms"])
        except SignatureRefused as refused:
            return content_sha256, [Problem(refused.code, "signature", "", refused.message)]
    signed = valid_signature(application, kind=SignatureKind.APPLICATION, document_sha256=content_sha256)
    if signed is None and signing_required(SignatureKind.APPLICATION):
        return content_sha256, [Problem("signature_required", "signature", "", _(
            "Sign the application with the EDS of the organisation's head or an authorised person (NCALayer) "
            "before submitting it."))]
    return content_sha256, []
def _share_lock_competition(competition_id):
    """FOR SHARE on the competition's row: submissions to it run side by side, while closing, extending or
    cancelling it (which lock it FOR UPDATE) waits for the submissions in flight, and they for it. Taken before
    the application's lock, in the same order as those writers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT 1 FROM "{Competition._meta.db_table}" WHERE id = %s FOR SHARE', [competition_id])


@transaction.atomic
def application_submit(*, application, actor, now=None, signature=None):
    """Submit a draft or a returned application: every problem at once, or a registration number, a frozen
    snapshot with its SHA-256 and a receipt to every member of the organisation. A second click is a no-op.

    ``signature``: ``{"cms": base64, "document_sha256": hex}``, the EDS signature over
    ``application_content_sha256`` made in the browser; required when ``SIGNATURE_REQUIRED["application"]``."""
    now = now or timezone.now()
    _share_lock_competition(application.competition_id)
    # Only the application's row is locked (``of``): a plain FOR UPDATE with the joins would lock the competition's
    # row too and line up every submission of a competition behind one another. The content is read once here.
    locked = (Application.objects.select_for_update(of=("self",)).select_related("competition", "organization")
              .prefetch_related("budget_lines", "activities", "indicators", "attachments").get(pk=application.pk))
    if locked.status == ApplicationStatus.SUBMITTED:
        return locked
    if locked.status not in EDITABLE:
        raise NotEditable()
    problems = submission_problems(locked, now=now)
    if problems:
        raise SubmissionRefused(problems)
    # signature_attach is atomic on its own: a refused signature leaves nothing behind (the IIN binding included)
    content_sha256, problems = _signature_problems(locked, actor=actor, now=now, signature=signature)
    if problems:
        raise SubmissionRefused(problems)
    competition = locked.competition
    before_status = locked.status
    _recompute_amount(locked)
    if not locked.registration_number:
        # The competition's counter stays locked until the commit: keep what follows it short.
        number = sequence_next(key=f"application:{competition.pk}")
        locked.registration_number = f"{competition.reference}-{number:03d}"
    locked.snapshot = application_snapshot(locked, submitted_at=now)
    locked.snapshot["content_sha256"] = content_sha256
    locked.snapshot_sha256 = snapshot_hash(locked.snapshot)
    locked.submitted_at = now
    locked.save(update_fields=["registration_number", "requested_amount", "snapshot", "snapshot_sha256",
                               "submitted_at", "updated_at"])
    application_transition(application=locked, to=ApplicationStatus.SUBMITTED, actor=actor, now=now,
                           extra_after={"registration_number": locked.registration_number,
                                        "snapshot_sha256": locked.snapshot_sha256,
                                        "resubmission": before_status == ApplicationStatus.RETURNED})
    params = {"number": locked.registration_number, "competition": competition.reference,
              "received": date_format(timezone.localtime(now), "d.m.Y H:i:s"), "hash": locked.snapshot_sha256,
              "title": locked.title}
    notify(
        users=_members(locked.organization),
        subject=_lazy_format(gettext_noop("Application %(number)s received"), params),
        body=_lazy_format(gettext_noop(
            "Your application “%(title)s” to competition %(competition)s was received.\n"
            "Registration number: %(number)s\n"
            "Received at: %(received)s (Astana time)\n"
            "SHA-256 of the submitted content: %(hash)s\n"
            "Keep this receipt; the hash proves what was submitted."), params),
        url=reverse("applications:receipt", kwargs={"pk": locked.pk}),
    )
    receipt_request(application=locked)  # the PDF (kk and ru) is rendered once, by a worker
    return locked


@transaction.atomic
def application_withdraw(*, application, actor, reason="", now=None):
    """Withdraw a submitted application; only before the competition's deadline."""
    now = now or timezone.now()
    locked = Application.objects.select_for_update().select_related("competition", "organization").get(
        pk=application.pk)
    if locked.status == ApplicationStatus.WITHDRAWN:
        return locked
    if refusal := withdraw_refusal(locked, now=now):
        raise DomainError(refusal.message, code=refusal.code)
    application_transition(application=locked, to=ApplicationStatus.WITHDRAWN, actor=actor, now=now, reason=reason)
    params = {"number": locked.registration_number}
    notify(users=_members(locked.organization),
           subject=_lazy_format(gettext_noop("Application %(number)s withdrawn"), params),
           body=_lazy_format(gettext_noop("Application %(number)s was withdrawn and will not be reviewed."), params),
           url=reverse("applications:detail", kwargs={"pk": locked.pk}))
    return locked


# ------------------------------------------------- end of applicant side -------------------------------------------


# ---------------------------------------------------------------------------------------------------------------------
# Admission (helper "officials"): admit, return for correction, reject, bulk admit, start the expert review.
# ---------------------------------------------------------------------------------------------------------------------
class AdmissionRefused(DomainError):
    """The decision cannot be taken as asked; ``problems`` is a list of ``(field, message)``."""

    def __init__(self, problems, *, code="admission_refused"):
        self.problems = list(problems)
        super().__init__("; ".join(str(message) for _field, message in self.problems), code=code)


def _lock_for_decision(application, *, allowed=(ApplicationStatus.SUBMITTED,)):
    locked = Application.objects.select_for_update().select_related("competition", "organization").get(
        pk=application.pk)
    competition_close_if_due(competition=locked.competition)  # the deadline passed before the beat task ran
    if locked.competition.status != CompetitionStatus.CLOSED:
        raise DomainError(_("Admission decisions are taken after the application window has closed and before the "
                            "expert review starts."), code="admission_not_open")
    if locked.status not in allowed:
        raise DomainError(_("Application %(number)s is “%(status)s”: there is no admission decision to take.")
                          % {"number": locked.registration_number, "status": locked.get_status_display()},
                          code="already_decided")
    return locked


def _notify_decision(application, subject, body):
    notify(users=_members(application.organization), subject=subject, body=body,
           url=reverse("applications:detail", kwargs={"pk": application.pk}))


@transaction.atomic
def application_admit(*, application, actor, now=None):
    """Admit a submitted application to expert review."""
    locked = _lock_for_decision(application)
    application_transition(application=locked, to=ApplicationStatus.ADMITTED, actor=actor, now=now)
    params = {"number": locked.registration_number, "competition": locked.competition.reference}
    _notify_decision(locked, _lazy_format(gettext_noop("Application %(number)s admitted to expert review"), params),
                     _lazy_format(gettext_noop("Your application %(number)s to competition %(competition)s passed "
                                               "the admission check and goes to expert review."), params))
    return locked


def correction_deadline_from(*, today, working_days):
    """The end (23:59:59 Astana time) of the day ``working_days`` working days after ``today``."""
    return end_of_local_day(add_working_days(today, working_days))


@transaction.atomic
def application_return(*, application, reasons, working_days=3, actor, now=None):
    """Return for correction with a reason per item; the NGO may resubmit until the correction deadline."""
    now = now or timezone.now()
    reasons = [{"item": str(r.get("item", "")).strip(), "reason": str(r.get("reason", "")).strip()}
               for r in reasons or [] if str(r.get("reason", "")).strip()]
    problems = []
    if not reasons:
        problems.append(("reasons", _("Give at least one reason: what must be corrected.")))
    if working_days is None or not 1 <= int(working_days) <= 30:
        problems.append(("working_days", _("The correction period is 1 to 30 working days.")))
    if problems:
        raise AdmissionRefused(problems)
    locked = _lock_for_decision(application)
    deadline = correction_deadline_from(today=timezone.localdate(now), working_days=int(working_days))
    locked.return_reasons = reasons
    locked.correction_deadline = deadline
    locked.save(update_fields=["return_reasons", "correction_deadline", "updated_at"])
    application_transition(application=locked, to=ApplicationStatus.RETURNED, actor=actor, now=now,
                           reason="; ".join((f"{r['item']}: {r['reason']}" if r["item"] else r["reason"]).rstrip(".;")
                                            for r in reasons) + ".",
                           extra_after={"return_reasons": reasons, "correction_deadline": deadline.isoformat()})
    listed = "\n".join(f"- {r['item']}: {r['reason']}" if r["item"] else f"- {r['reason']}" for r in reasons)
    params = {"number": locked.registration_number, "reasons": listed,
              "deadline": date_format(timezone.localtime(deadline), "d.m.Y H:i")}
    _notify_decision(locked, _lazy_format(gettext_noop("Application %(number)s returned for correction"), params),
                     _lazy_format(gettext_noop("Your application %(number)s was returned for correction:\n"
                                               "%(reasons)s\n\nCorrect it and submit it again by %(deadline)s "
                                               "(Astana time)."), params))
    return locked


@transaction.atomic
def application_reject(*, application, reason, actor, now=None):
    """Not admitted, with the reason (stored in ``decision_reason``)."""
    reason = (reason or "").strip()
    if not reason:
        raise AdmissionRefused([("reason", _("Give the reason: the applicant reads it."))])
    locked = _lock_for_decision(application, allowed=(ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED))
    locked.decision_reason = reason
    locked.save(update_fields=["decision_reason", "updated_at"])
    application_transition(application=locked, to=ApplicationStatus.REJECTED, actor=actor, now=now, reason=reason)
    params = {"number": locked.registration_number, "reason": reason}
    _notify_decision(locked, _lazy_format(gettext_noop("Application %(number)s not admitted"), params),
                     _lazy_format(gettext_noop("Your application %(number)s was not admitted to expert review.\n"
                                               "Reason: %(reason)s"), params))
    return locked


@transaction.atomic
def applications_admit_passing(*, competition, actor, application_ids=None, now=None):
    """Bulk admit: every submitted application (of ``application_ids`` if given) that passes every check.
    Returns the admitted applications; the others are left for a decision one by one."""
    queryset = Application.objects.filter(competition=competition, status=ApplicationStatus.SUBMITTED)
    if application_ids is not None:
        queryset = queryset.filter(pk__in=list(application_ids))
    admitted = []
    for application in with_admission_data(queryset.order_by("registration_number")):
        if passes_all(admission_checks(application)):
            admitted.append(application_admit(application=application, actor=actor, now=now))
    return admitted


@transaction.atomic
def competition_start_review(*, competition, actor, now=None):
    """Close the admission: ``closed -> under_review`` once no application is left undecided."""
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    competition_close_if_due(competition=competition, now=now)  # the deadline passed before the beat task ran
    if competition.status != CompetitionStatus.CLOSED:
        raise DomainError(_("The expert review starts from a closed competition."), code="not_closed")
    undecided = Application.objects.filter(undecided_filter(now), competition=competition).count()
    if undecided:
        raise DomainError(_("%(count)s application(s) still wait for an admission decision (submitted, or returned "
                            "and within the correction deadline).") % {"count": undecided}, code="undecided_left")
    admitted = Application.objects.filter(competition=competition, status=ApplicationStatus.ADMITTED).count()
    return competition_transition(competition=competition, to=CompetitionStatus.UNDER_REVIEW, actor=actor, now=now,
                                  reason=system_reason("admission_closed", admitted=admitted))


# ------------------------------------------------- end of admission (officials) --------------------------------------
