"""Pieces the planning services share: the refusal with its per-field problems, dates, who hears about what."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from portal.accounts.models import User
from portal.errors import DomainError


class PlanRefused(DomainError):
    """A rule refused the write; ``problems`` lists ``(field, message)`` (all of them at once)."""

    def __init__(self, problems, *, code="plan_refused"):
        self.problems = list(problems)
        super().__init__("; ".join(str(message) for _field, message in self.problems), code=code)


class StateRefused(DomainError):
    """409: the plan's (or the object's) present state does not allow the action; the message says why."""

    status_code = 409


class NotForTheBody(DomainError):
    """403: the body's own officials draft and answer; they do not propose or comment."""

    status_code = 403


def refuse_if(problems, *, code="plan_refused"):
    if problems:
        raise PlanRefused(problems, code=code)


def local_today(now=None):
    return timezone.localtime(now or timezone.now()).date()


def day(value):
    return date_format(value, "d.m.Y") if value else ""


def body_officials(body_id):
    return list(User.objects.filter(official_memberships__body_id=body_id, is_active=True).distinct())


def plan_url(plan, anchor=""):
    return reverse("planning:detail", kwargs={"pk": plan.pk}) + (f"#{anchor}" if anchor else "")


def clean_text(value):
    return (value or "").strip()
