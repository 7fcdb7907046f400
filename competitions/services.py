import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from planning.models import PlanItem
from planning.validators import plan_item_competition_problems
from portal import audit
from portal.accounts.models import Membership, ObserverMembership, OfficialMembership, User
from portal.audit.phrases import system_reason
from portal.errors import DomainError, check_transition
from portal.notifications.services import later, notify
from portal.reference.services import sequence_next
from portal.uploads import UploadProblem, inspect_upload

from .enums import COMPETITION_TRANSITIONS, CompetitionStatus
from .models import Clarification, Competition, CompetitionDocument, RequiredDocument
from .publication import announce_publication
from .signals import (
    competition_cancelled,
    competition_deadline_extended,
    competition_publishing,
    competition_status_changed,
)
from .validators import configuration_problems, publication_problems

STATUS_TIMESTAMPS = {
    CompetitionStatus.PUBLISHED: "published_at",
    CompetitionStatus.CLOSED: "closed_at",
    CompetitionStatus.RESULTS_PUBLISHED: "results_published_at",
}


@transaction.atomic
def competition_transition(*, competition, to, actor, reason="", now=None):
    """The only writer of ``Competition.status``."""
    now = now or timezone.now()
    before = competition.status
    check_transition(table=COMPETITION_TRANSITIONS, kind="competition", current=before, to=to)
    competition.status = to
    competition.status_changed_at = now
    fields = ["status", "status_changed_at", "updated_at"]
    if to in STATUS_TIMESTAMPS:
        setattr(competition, STATUS_TIMESTAMPS[to], now)
        fields.append(STATUS_TIMESTAMPS[to])
    if to == CompetitionStatus.CANCELLED:
        competition.cancellation_reason = reason
        fields.append("cancellation_reason")
    competition.save(update_fields=fields)
    audit.record(actor=actor, action=f"competition.{to}", target=competition, competition_id=competition.pk,
                 before={"status": before}, after={"status": to}, reason=reason)
    competition_status_changed.send(sender=Competition, competition=competition, before=before, to=to, actor=actor)
    announce_publication(competition=competition, to=to)
    return competition


@transaction.atomic
def competition_close_if_due(*, competition, now=None):
    """Close one competition whose window has ended. Safe to call any number of times."""
    now = now or timezone.now()
    locked = Competition.objects.select_for_update().get(pk=competition.pk)
    if locked.status != CompetitionStatus.PUBLISHED or locked.closes_at > now:
        return False
    competition_transition(competition=locked, to=CompetitionStatus.CLOSED, actor=None,
                           reason=system_reason("deadline_reached"), now=now)
    competition.status, competition.closed_at = locked.status, locked.closed_at
    competition.status_changed_at = locked.status_changed_at
    return True


def competitions_close_due(*, now=None):
    """Beat task body: close every published competition past ``closes_at``; returns how many closed."""
    now = now or timezone.now()
    due = Competition.objects.filter(status=CompetitionStatus.PUBLISHED, closes_at__lte=now)
    return sum(competition_close_if_due(competition=c, now=now) for c in due)


# ------------------------------------------------------------------------------------------------
# Officials run a competition: configure, publish, extend, cancel, close now, answer questions.
# ------------------------------------------------------------------------------------------------

class ConfigurationRefused(DomainError):
    """The configuration breaks a rule; ``problems`` is a list of ``(field, message)``."""

    def __init__(self, problems, *, code="invalid_configuration"):
        self.problems = list(problems)
        super().__init__("; ".join(str(message) for _field, message in self.problems), code=code)


class PublicationRefused(ConfigurationRefused):
    def __init__(self, problems):
        super().__init__(problems, code="publication_refused")


# Fields an official sets on the configuration form (everything but status, reference, body and stamps).
CONFIG_FIELDS = (
    "kind", "title_kk", "title_ru", "title_en", "description_kk", "description_ru", "description_en",
    "priority_area", "term_type", "project_starts_on", "project_ends_on", "project_years", "total_budget",
    "min_amount", "max_amount", "planned_grants", "max_applications_per_organization", "opens_at", "closes_at",
    "evaluation_deadline", "requires_ngo_database", "min_organization_age_months", "restrict_to_regions",
    "exclude_bankrupt", "exclude_in_liquidation", "experts_per_application", "divergence_threshold_percent",
    "auto_add_expert_on_divergence", "aggregation", "pass_threshold", "winner_rule", "tie_breaks", "blind_review",
    "require_outside_region_expert", "appeal_window_days",
)


def _plain_config(competition):
    values = {name: getattr(competition, name) for name in CONFIG_FIELDS}
    values["priority_area"] = competition.priority_area_id
    values["regions"] = sorted(competition.regions.values_list("pk", flat=True)) if competition.pk else []
    values["required_documents"] = [
        {"document_type": d.document_type, "mandatory": d.mandatory, "note": d.note}
        for d in competition.required_documents.all()
    ] if competition.pk else []
    return values


def _set_required_documents(competition, required_documents):
    competition.required_documents.all().delete()
    RequiredDocument.objects.bulk_create([
        RequiredDocument(competition=competition, document_type=doc["document_type"],
                         mandatory=bool(doc.get("mandatory", True)), note=doc.get("note", "") or "", order=index)
        for index, doc in enumerate(required_documents)
    ])


def competition_reference_next(*, year):
    return f"SZ-{year}-{sequence_next(key=f'competition:{year}'):04d}"


@transaction.atomic
def competition_create(*, body, fields, regions, required_documents=(), actor, now=None, plan_item=None):
    """A new draft of ``body`` with reference ``SZ-<year>-<NNNN>``; ``plan_item``: the approved plan's item it
    implements (the link is kept for the plan execution view)."""
    now = now or timezone.now()
    problems = configuration_problems(fields)
    if plan_item is not None:
        plan_item = PlanItem.objects.select_related("plan").get(pk=plan_item.pk)  # as it stands now, not as passed
        problems += plan_item_competition_problems(plan_item, body)
    if problems:
        raise ConfigurationRefused(problems)
    year = timezone.localtime(now).year
    competition = Competition(body=body, reference=competition_reference_next(year=year), created_by=actor,
                              status=CompetitionStatus.DRAFT, status_changed_at=now, plan_item=plan_item,
                              **{k: v for k, v in fields.items() if k in CONFIG_FIELDS})
    competition.save()
    competition.regions.set(regions)
    _set_required_documents(competition, required_documents)
    audit.record(actor=actor, action="competition.created", target=competition, competition_id=competition.pk,
                 after={**_plain_config(competition), "plan_item": plan_item.pk if plan_item else None})
    return competition


@transaction.atomic
def competition_update(*, competition, fields, regions, required_documents, actor):
    """Change the configuration of a draft. After publication only ``competition_extend_deadline`` changes terms."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status != CompetitionStatus.DRAFT:
        raise DomainError(_("Only a draft can be edited. After publication only the deadline can be extended."),
                          code="not_draft")
    problems = configuration_problems(fields)
    if problems:
        raise ConfigurationRefused(problems)
    before = _plain_config(competition)
    for name, value in fields.items():
        if name in CONFIG_FIELDS:
            setattr(competition, name, value)
    competition.save()
    competition.regions.set(regions)
    _set_required_documents(competition, required_documents)
    after = _plain_config(competition)
    changed = sorted(k for k in after if before.get(k) != after[k])
    if changed:
        audit.record(actor=actor, action="competition.configured", target=competition,
                     competition_id=competition.pk, before={k: before.get(k) for k in changed},
                     after={k: after[k] for k in changed})
    return competition


@transaction.atomic
def competition_document_add(*, competition, kind, title, upload, actor):
    """Attach a public document (terms of reference, form template). Allowed by content, not by name."""
    if competition.status_at(timezone.now()) not in {CompetitionStatus.DRAFT, CompetitionStatus.PUBLISHED}:
        raise DomainError(_("Documents can be added only before the application window closes."),
                          code="documents_locked")
    try:
        inspected = inspect_upload(upload, max_bytes=settings.UPLOAD_MAX_FILE_BYTES)
    except UploadProblem as problem:
        raise DomainError(problem.message, code=problem.code) from None
    name, content_type, size = inspected.name, inspected.content_type, inspected.size
    document = CompetitionDocument(competition=competition, kind=kind, title=title, original_name=name,
                                   content_type=content_type, size=size, sha256=inspected.sha256,
                                   uploaded_by=actor)
    document.file.save(name, upload, save=False)
    document.save()
    audit.record(actor=actor, action="competition.document_added", target=document, competition_id=competition.pk,
                 after={"title": title, "kind": kind, "sha256": document.sha256, "size": size})
    return document


@transaction.atomic
def competition_document_remove(*, document, actor):
    competition = document.competition
    if competition.status != CompetitionStatus.DRAFT:
        raise DomainError(_("Published documents stay: upload a corrected version instead."), code="documents_locked")
    audit.record(actor=actor, action="competition.document_removed", target=document, competition_id=competition.pk,
                 before={"title": document.title, "sha256": document.sha256})
    document.file.delete(save=False)
    document.delete()


@transaction.atomic
def competition_publish(*, competition, actor, now=None):
    """Check every rule (and let scoring check the rubric), then publish. Lists every problem at once."""
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status != CompetitionStatus.DRAFT:
        raise DomainError(_("Only a draft can be published."), code="not_draft")
    problems = publication_problems(competition, now=now)
    competition_publishing.send(sender=Competition, competition=competition, problems=problems)
    if problems:
        raise PublicationRefused(problems)
    return competition_transition(competition=competition, to=CompetitionStatus.PUBLISHED, actor=actor, now=now)


def _local(moment):
    return date_format(timezone.localtime(moment), "d.m.Y H:i")


def _body_people(competition):
    """Officials and observers of the competition's body (they hear about cancellations)."""
    officials = [m.user for m in OfficialMembership.objects.filter(body_id=competition.body_id).select_related("user")]
    observers = [m.user for m in ObserverMembership.objects.filter(body_id=competition.body_id).select_related("user")]
    return officials + observers


@transaction.atomic
def competition_extend_deadline(*, competition, closes_at, reason, actor, now=None):
    """Move ``closes_at`` later while the competition is published and open; every applicant is told."""
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    problems = []
    if competition.status != CompetitionStatus.PUBLISHED or competition.closes_at <= now:
        raise DomainError(_("The deadline can be extended only while the competition is published and open."),
                          code="not_extendable")
    if not (reason or "").strip():
        problems.append(("reason", _("Give the reason for the extension; applicants will read it.")))
    if closes_at <= competition.closes_at:
        problems.append(("closes_at", _("The new deadline must be later than the current one (%(current)s).")
                         % {"current": _local(competition.closes_at)}))
    elif closes_at <= now:
        problems.append(("closes_at", _("The new deadline must be in the future.")))
    if problems:
        raise ConfigurationRefused(problems, code="extension_refused")
    before = competition.closes_at
    competition.closes_at = closes_at
    competition.save(update_fields=["closes_at", "updated_at"])
    audit.record(actor=actor, action="competition.deadline_extended", target=competition,
                 competition_id=competition.pk, before={"closes_at": before.isoformat()},
                 after={"closes_at": closes_at.isoformat()}, reason=reason.strip())
    competition_deadline_extended.send(sender=Competition, competition=competition, before=before, after=closes_at,
                                       reason=reason.strip(), actor=actor)
    return competition


@transaction.atomic
def competition_cancel(*, competition, reason, actor, now=None):
    """Cancel with a reason; the body's officials and observers are notified here, applicants by applications."""
    if not (reason or "").strip():
        raise ConfigurationRefused([("reason", _("Give the reason for the cancellation; it is published."))],
                                   code="reason_required")
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    competition_transition(competition=competition, to=CompetitionStatus.CANCELLED, actor=actor,
                           reason=reason.strip(), now=now)
    notify(users=[u for u in _body_people(competition) if u != actor],
           subject=later(_("Competition %(reference)s was cancelled"), reference=competition.reference),
           body=later(_("Reason: %(reason)s"), reason=reason.strip()),
           url=reverse("manage:detail", kwargs={"reference": competition.reference}))
    competition_cancelled.send(sender=Competition, competition=competition, reason=reason.strip(), actor=actor)
    return competition


@transaction.atomic
def competition_close_now(*, competition, actor, now=None):
    """An official closes a competition whose deadline has passed (beat or a read would do it too)."""
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status != CompetitionStatus.PUBLISHED:
        raise DomainError(_("Only a published competition can be closed."), code="not_published")
    if competition.closes_at > now:
        raise DomainError(_("The application window is still open until %(closes)s; extend or cancel instead.")
                          % {"closes": _local(competition.closes_at)}, code="window_open")
    return competition_transition(competition=competition, to=CompetitionStatus.CLOSED, actor=actor,
                                  reason=system_reason("closed_by_official"), now=now)


@transaction.atomic
def clarification_answer(*, clarification, answer, actor, now=None):
    """Publish the answer to a question; editing a published answer keeps the earlier text in the audit trail."""
    now = now or timezone.now()
    answer = (answer or "").strip()
    if not answer:
        raise ConfigurationRefused([("answer", _("Write the answer."))], code="answer_required")
    clarification = Clarification.objects.select_for_update().select_related("competition").get(pk=clarification.pk)
    before = clarification.answer
    edited = clarification.answered_at is not None
    if edited and before == answer:
        return clarification
    clarification.answer = answer
    clarification.answered_by = actor
    fields = ["answer", "answered_by"]
    if not edited:
        clarification.answered_at = now
        fields.append("answered_at")
    clarification.save(update_fields=fields)
    audit.record(actor=actor, action="clarification.answer_edited" if edited else "clarification.answered",
                 target=clarification, competition_id=clarification.competition_id,
                 before={"answer": before} if edited else {}, after={"answer": answer},
                 label=f"{clarification.competition.reference} Q{clarification.pk}")
    return clarification


def end_of_local_day(day: datetime.date):
    """23:59:59 of ``day`` in Asia/Almaty, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)),
                               timezone.get_default_timezone())


# ------------------------------------------------------------------------------------------------
# Applicants ask questions (accounts helper); officials answer with clarification_answer.
# ------------------------------------------------------------------------------------------------

QUESTION_MAX_LENGTH = 4000


@transaction.atomic
def clarification_ask(*, competition, organization, question, actor, now=None):
    """A member of an NGO asks about an open competition; the question stays hidden until answered."""
    now = now or timezone.now()
    if organization is None or not Membership.objects.filter(user=actor, organization=organization).exists():
        raise PermissionDenied(_("Only members of an organisation can ask questions."))
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if not competition.is_open_at(now):
        raise DomainError(_("Questions can be asked only while the competition is open for applications."),
                          code="competition_not_open")
    question = (question or "").strip()
    if not question:
        raise DomainError(_("Write your question."), code="question_empty")
    if len(question) > QUESTION_MAX_LENGTH:
        raise DomainError(_("A question can be at most %(limit)d characters long.") % {"limit": QUESTION_MAX_LENGTH},
                          code="question_too_long")
    clarification = Clarification.objects.create(competition=competition, organization=organization,
                                                 asked_by=actor, question=question)
    audit.record(actor=actor, action="clarification.asked", target=clarification, competition_id=competition.pk,
                 after={"question": question, "organization_id": organization.pk},
                 label=f"{competition.reference} Q{clarification.pk}")
    officials = User.objects.filter(official_memberships__body_id=competition.body_id, is_active=True).distinct()
    try:
        url = reverse("manage:answer", kwargs={"reference": competition.reference, "pk": clarification.pk})
    except NoReverseMatch:
        url = reverse("competitions:detail", kwargs={"reference": competition.reference})
    notify(users=list(officials),
           subject=later(_("New question on %(reference)s"), reference=competition.reference),
           body=question, url=url)
    return clarification
