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


@shared_task(name="projects.report_reminders")
def report_reminders():
    from .services.report_reminders import reports_remind_and_flag

    return reports_remind_and_flag()
