from celery import shared_task
from django.db import OperationalError


@shared_task(name="projects.render_agreement", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=5)
def render_agreement(*, version_id):
    from .services import agreement_render

    agreement_render(version_id=version_id)


@shared_task(name="projects.decline_unsigned")
def decline_unsigned():
    from .services import projects_decline_unsigned

    return projects_decline_unsigned()
