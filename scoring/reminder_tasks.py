"""Celery tasks of the review work: reminders (beat) and expert invitations. Thin: ids in, one service call."""

from celery import shared_task
from django.db import OperationalError


@shared_task(name="scoring.send_review_reminders", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def send_review_reminders():
    """Beat: 2 working days before the due date and when overdue, at most once a day per assignment."""
    from .services import review_reminders_send

    return review_reminders_send()


@shared_task(name="scoring.send_expert_invitation", acks_late=True, autoretry_for=(OperationalError, OSError),
             retry_backoff=True, max_retries=5)
def send_expert_invitation(*, invitation_id):
    from .models import ExpertInvitation
    from .services import expert_invitation_send

    invitation = ExpertInvitation.objects.filter(pk=invitation_id, accepted_at__isnull=True).first()
    if invitation is not None:
        expert_invitation_send(invitation=invitation)
