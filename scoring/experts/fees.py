"""Fees of the experts: a fee per evaluation per competition, an act of completed work per expert per
competition (one sealed PDF, Kazakh and Russian side by side, rendered by the worker) with its payment status,
totals per expert and year."""

import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.enums import CompetitionStatus
from portal import audit
from portal.accounts.selectors import roles_for_user
from portal.errors import DomainError
from portal.notifications.services import outbox_enqueue_task
from portal.pdf import BILINGUAL, render_bilingual, render_pdf
from portal.signatures.seal import seal_pdf

from ..enums import AssignmentStatus, PaymentStatus
from ..errors import ProblemsError
from ..models import Assignment, CompletionAct, ExpertFee

SETTLED = (CompetitionStatus.RESULTS_PUBLISHED, CompetitionStatus.FINAL)


@transaction.atomic
def expert_fee_set(*, competition, amount, actor):
    amount = Decimal(amount)
    if amount < 0:
        raise ProblemsError([("amount_per_evaluation", _("The fee cannot be negative."))])
    fee, _created = ExpertFee.objects.update_or_create(competition=competition,
                                                       defaults={"amount_per_evaluation": amount})
    audit.record(actor=actor, action="expert_fee.set", target=fee, competition_id=competition.pk,
                 after={"amount_per_evaluation": amount})
    return fee


@transaction.atomic
def completion_acts_issue(*, competition, actor, now=None):
    """One act per expert with submitted evaluations, once the results are published; PDFs in the worker."""
    now = now or timezone.now()
    if competition.status not in SETTLED:
        raise DomainError(_("Acts of completed work are issued after the results are published."),
                          code="not_published")
    fee = ExpertFee.objects.filter(competition=competition).first()
    if fee is None:
        raise DomainError(_("Set the fee per evaluation first."), code="no_fee")
    counts = (Assignment.objects.filter(application__competition=competition, status=AssignmentStatus.SUBMITTED)
              .values("expert_id").annotate(n=Count("id")))
    acts = []
    for row in counts:
        act, created = CompletionAct.objects.get_or_create(
            competition=competition, expert_id=row["expert_id"],
            defaults={"evaluations": row["n"], "amount": fee.amount_per_evaluation * row["n"], "created_at": now})
        if created:
            acts.append(act)
            outbox_enqueue_task(task="scoring.render_act", kwargs={"act_id": act.pk}, key=f"act:{act.pk}")
    audit.record(actor=actor, action="completion_acts.issued", target=competition, competition_id=competition.pk,
                 after={"acts": len(acts), "fee": fee.amount_per_evaluation})
    return acts


@transaction.atomic
def completion_act_mark_paid(*, act, actor, now=None):
    act = CompletionAct.objects.select_for_update().get(pk=act.pk)
    if act.payment_status == PaymentStatus.PAID:
        return act
    act.payment_status, act.paid_at = PaymentStatus.PAID, now or timezone.now()
    act.save(update_fields=["payment_status", "paid_at"])
    audit.record(actor=actor, action="completion_act.paid", target=act, competition_id=act.competition_id,
                 before={"payment_status": PaymentStatus.DUE}, after={"payment_status": PaymentStatus.PAID,
                                                                      "amount": act.amount})
    return act


def completion_act_render(*, act_id):
    """The act's PDF, sealed: a one-page act, so Kazakh and Russian stand side by side in two columns (Kazakh on
    the left) and the signature lines are shared. A finished act (or one issued before as two files) is left as
    it is (the body of the worker's task)."""
    act = CompletionAct.objects.select_related("competition__body", "expert__user").filter(pk=act_id).first()
    if act is None or act.file or act.file_kk:
        return act
    html = render_bilingual("experts/act_pdf.html", "experts/act_pdf_half.html", {"act": act},
                            title=_("Act of completed work"), columns=True)
    content = seal_pdf(render_pdf(html))
    sha256 = hashlib.sha256(content).hexdigest()
    act.file.save(f"{act.competition.reference}-act-{act.expert_id}.pdf", ContentFile(content), save=False)
    CompletionAct.objects.filter(pk=act.pk).update(file=act.file.name, sha256=sha256)
    act.sha256 = sha256
    audit.record(actor=None, action="completion_act.generated", target=act, competition_id=act.competition_id,
                 after={"sha256": sha256, "language": BILINGUAL})
    return act


def totals_by_expert_and_year(expert_ids=None):
    """``[{expert_id, year, acts, evaluations, total, paid}]`` over the acts of completed work."""
    qs = CompletionAct.objects.all()
    if expert_ids is not None:
        qs = qs.filter(expert_id__in=list(expert_ids))
    return list(qs.annotate(year=ExtractYear("created_at")).values("expert_id", "year")
                .annotate(acts=Count("id"), evaluations_total=Sum("evaluations"), total=Sum("amount"),
                          paid=Sum("amount", filter=Q(payment_status=PaymentStatus.PAID)))
                .order_by("expert_id", "year"))


def acts_for_user(user):
    """Acts the user may download: their own as an expert, those of the competitions they follow."""
    roles = roles_for_user(user)
    qs = CompletionAct.objects.select_related("competition", "expert__user")
    if roles.is_admin:
        return qs
    return qs.filter(Q(expert__user=user) | Q(competition__body_id__in=roles.followed_body_ids))
