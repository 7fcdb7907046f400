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


@shared_task(name="scoring.render_act", acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=600, time_limit=900)
def render_act(*, act_id):
    """The PDF (Kazakh and Russian) of an act of completed work; the service is idempotent."""
    from .fees import completion_act_render  # Celery's idiom: the services import this module

    act = completion_act_render(act_id=act_id)
    return {"act_id": act_id, "done": bool(act and (act.file or act.file_kk))}


@shared_task(name="scoring.expire_inclusions", acks_late=True)
def expire_inclusions():
    """Daily: mark the inclusions in the expert register whose term has ended."""
    from .inclusion import inclusions_expire  # Celery's idiom: the services import this module

    return inclusions_expire()
