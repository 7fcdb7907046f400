"""Celery task of the expert register: e-mail an invitation. Thin: an id in, one service call."""

from celery import shared_task
from django.db import OperationalError


@shared_task(name="scoring.send_expert_invitation", acks_late=True, autoretry_for=(OperationalError, OSError),
             retry_backoff=True, max_retries=5)
def send_expert_invitation(*, invitation_id):
    from .selectors import invitation_to_send  # Celery's idiom: the services import this module
    from .services import expert_invitation_send

    invitation = invitation_to_send(invitation_id)
    if invitation is not None:
        expert_invitation_send(invitation=invitation)
