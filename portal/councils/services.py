"""Every write of councils: members, filing a document, the body's answer, the overdue notice, invitations."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.accounts.models import ObserverMembership, User
from portal.audit.phrases import system_reason
from portal.errors import DomainError, check_transition
from portal.notifications.services import later, notify
from portal.reference.calendar import add_working_days
from portal.uploads import UploadProblem, inspect_upload

from .enums import (
    COUNCIL_DOCUMENT_TRANSITIONS,
    KINDS_WITH_DEADLINE,
    CouncilDocumentKind,
    CouncilDocumentStatus,
    CouncilRole,
)
from .models import CouncilDocument, CouncilMember
from .selectors import members_to_notify, overdue_q
from .targets import target_of

TEXT_MAX_LENGTH = 20000


class CouncilRefused(DomainError):
    """A rule refused the write; ``problems`` is a list of ``(field, message)``."""

    def __init__(self, problems, *, code="council_refused"):
        self.problems = list(problems)
        super().__init__("; ".join(str(message) for _field, message in self.problems), code=code)


def _body_officials(body_id):
    return list(User.objects.filter(official_memberships__body_id=body_id, is_active=True).distinct())


def _local_date(moment):
    return date_format(timezone.localtime(moment) if hasattr(moment, "hour") else moment, "d.m.Y")


def _scope(document):
    target = target_of(document.target) if document.target is not None else None
    return target.competition_id(document.target) if target else None


# ------------------------------------------------------------------------------------------------- members

@transaction.atomic
def council_member_add(*, council, user, role, actor):
    """Add (or re-role) a member; every member becomes an observer of the council's body."""
    if role in (CouncilRole.CHAIR, CouncilRole.SECRETARY):
        taken = CouncilMember.objects.filter(council=council, role=role).exclude(user=user).first()
        if taken is not None:
            raise CouncilRefused([("role", _("The council already has a %(role)s: %(name)s.")
                                   % {"role": CouncilRole(role).label.lower(), "name": taken.user})],
                                 code="role_taken")
    member, created = CouncilMember.objects.get_or_create(council=council, user=user, defaults={"role": role})
    before = None if created else member.role
    if not created and member.role != role:
        member.role = role
        member.save(update_fields=["role"])
    ObserverMembership.objects.get_or_create(user=user, body_id=council.body_id,
                                             defaults={"council": council.name_ru[:300]})
    if before != role:
        audit.record(actor=actor, action="council.member_added" if created else "council.member_role_changed",
                     target=council, before={"user_id": user.pk, "role": before} if before else {},
                     after={"user_id": user.pk, "role": role})
    return member


@transaction.atomic
def council_member_remove(*, member, actor):
    """Remove a member; they stop observing the body unless they sit on another of its councils."""
    council, user_id = member.council, member.user_id
    audit.record(actor=actor, action="council.member_removed", target=council,
                 before={"user_id": user_id, "role": member.role})
    member.delete()
    if not CouncilMember.objects.filter(user_id=user_id, council__body_id=council.body_id).exists():
        ObserverMembership.objects.filter(user_id=user_id, body_id=council.body_id).delete()


# ----------------------------------------------------------------------------------------------- documents

def answer_due_on(filed_on, kind):
    """The last day of the body's answer: ``COUNCIL_ANSWER_WORKING_DAYS`` working days after filing."""
    if kind not in KINDS_WITH_DEADLINE:
        return None
    return add_working_days(filed_on, settings.COUNCIL_ANSWER_WORKING_DAYS)


def _filing_problems(council, kind, title, text, subject):
    problems = []
    if kind not in CouncilDocumentKind.values:
        problems.append(("kind", _("Choose the kind of document.")))
    if not title:
        problems.append(("title", _("Give the document a title.")))
    if not text:
        problems.append(("text", _("Write the text of the document (or its summary when a file is attached).")))
    elif len(text) > TEXT_MAX_LENGTH:
        problems.append(("text", _("The text can be at most %(limit)d characters long.") % {"limit": TEXT_MAX_LENGTH}))
    target = target_of(subject) if subject is not None else None
    if target is None:
        problems.append(("subject", _("Choose what the document is about.")))
    elif (target.body_id(subject) != council.body_id
          or not target.public(council.body_id).filter(pk=subject.pk).exists()):
        problems.append(("subject", _("This plan or competition does not belong to the council's body or is not "
                                      "public.")))
    return target, problems


@transaction.atomic
def council_document_file(*, council, kind, title, text, subject, upload=None, actor, now=None):
    """The council records a final document on ``subject``; the body's officials are told (and its deadline)."""
    now = now or timezone.now()
    title, text = (title or "").strip(), (text or "").strip()
    target, problems = _filing_problems(council, kind, title, text, subject)
    inspected = None
    if upload is not None:
        try:
            inspected = inspect_upload(upload, max_bytes=settings.UPLOAD_MAX_FILE_BYTES)
        except UploadProblem as problem:
            problems.append(("upload", problem.message))
    if problems:
        raise CouncilRefused(problems, code="document_refused")
    document = CouncilDocument(
        council=council, kind=kind, title=title[:300], text=text, target=subject,
        target_label=str(target.label(subject))[:300], target_url=target.url(subject)[:300],
        status=CouncilDocumentStatus.FILED, status_changed_at=now, filed_by=actor, filed_at=now,
        answer_due_on=answer_due_on(timezone.localtime(now).date(), kind))
    if inspected is not None:
        document.original_name, document.content_type = inspected.name, inspected.content_type
        document.size, document.sha256 = inspected.size, inspected.sha256
        document.file.save(inspected.name, upload, save=False)
    document.save()
    audit.record(actor=actor, action="council_document.filed", target=document,
                 competition_id=target.competition_id(subject),
                 after={"council_id": council.pk, "kind": kind, "title": document.title,
                        "subject": document.target_label, "answer_due_on": document.answer_due_on,
                        "sha256": document.sha256})
    due = (later(_("The body answers by %(date)s."), date=_local_date(document.answer_due_on))
           if document.answer_due_on else "")
    notify(users=_body_officials(council.body_id),
           subject=later(_("Public council: %(kind)s on %(subject)s"), kind=document.get_kind_display(),
                         subject=document.target_label),
           body=due, url=reverse("councils:answer", kwargs={"pk": document.pk}))
    return document


@transaction.atomic
def council_document_transition(*, document, to, actor, reason="", now=None):
    """The only writer of ``CouncilDocument.status``."""
    now = now or timezone.now()
    before = document.status
    check_transition(table=COUNCIL_DOCUMENT_TRANSITIONS, kind="council document", current=before, to=to)
    document.status, document.status_changed_at = to, now
    document.save(update_fields=["status", "status_changed_at"])
    audit.record(actor=actor, action=f"council_document.{to}", target=document, competition_id=_scope(document),
                 before={"status": before}, after={"status": to}, reason=reason)
    return document


@transaction.atomic
def council_document_answer(*, document, text, actor, now=None):
    """The body answers a document; the council's members are told."""
    now = now or timezone.now()
    text = (text or "").strip()
    document = CouncilDocument.objects.select_for_update().select_related("council").get(pk=document.pk)
    check_transition(table=COUNCIL_DOCUMENT_TRANSITIONS, kind="council document", current=document.status,
                     to=CouncilDocumentStatus.ANSWERED)
    if not text:
        raise CouncilRefused([("answer_text", _("Write the body's answer."))], code="answer_required")
    if len(text) > TEXT_MAX_LENGTH:
        raise CouncilRefused([("answer_text", _("The text can be at most %(limit)d characters long.")
                               % {"limit": TEXT_MAX_LENGTH})], code="answer_too_long")
    late = document.is_overdue_on(timezone.localtime(now).date())
    document.answer_text, document.answered_by, document.answered_at = text, actor, now
    document.save(update_fields=["answer_text", "answered_by", "answered_at"])
    council_document_transition(document=document, to=CouncilDocumentStatus.ANSWERED, actor=actor,
                                reason=system_reason("answered_late") if late else "", now=now)
    notify(users=members_to_notify(document.council),
           subject=later(_("The body answered the council's %(kind)s: %(title)s"), kind=document.get_kind_display(),
                         title=document.title),
           body=text, url=reverse("councils:document", kwargs={"pk": document.pk}))
    return document


@transaction.atomic
def council_document_notify_overdue(*, document, now=None):
    """Tell the body's officials and the council once that a recommendation's deadline has passed."""
    now = now or timezone.now()
    document = CouncilDocument.objects.select_for_update().select_related("council").get(pk=document.pk)
    if document.overdue_notified_at is not None or not document.is_overdue_on(timezone.localtime(now).date()):
        return False
    document.overdue_notified_at = now
    document.save(update_fields=["overdue_notified_at"])
    audit.record(actor=None, action="council_document.overdue", target=document, competition_id=_scope(document),
                 after={"answer_due_on": document.answer_due_on})
    notify(users=_body_officials(document.council.body_id) + members_to_notify(document.council),
           subject=later(_("Overdue: the body has not answered the council's recommendation “%(title)s”"),
                         title=document.title),
           body=later(_("The answer was due by %(date)s."), date=_local_date(document.answer_due_on)),
           url=reverse("councils:document", kwargs={"pk": document.pk}))
    return True


def council_documents_notify_overdue(*, now=None):
    """Beat task body: one notice per overdue recommendation (idempotent); returns how many were sent."""
    now = now or timezone.now()
    due = CouncilDocument.objects.filter(overdue_q(timezone.localtime(now).date()), overdue_notified_at__isnull=True)
    return sum(council_document_notify_overdue(document=d, now=now) for d in due)


# -------------------------------------------------------------------------------------------- invitations

@transaction.atomic
def council_invite_members(*, council, subject, when, link, actor):
    """Invite every member to observe an event (the expert draw, a commission meeting): one notice each."""
    users = members_to_notify(council)
    notify(users=users, subject=later(_("Invitation to observe: %(subject)s"), subject=subject),
           body=later(_("When: %(when)s (Astana time). As a member of the public council you are invited to "
                        "observe."), when=date_format(timezone.localtime(when), "d.m.Y H:i")),
           url=link)
    audit.record(actor=actor, action="council.members_invited", target=council,
                 after={"when": when.isoformat(), "link": link, "recipients": len(users)})
    return users
