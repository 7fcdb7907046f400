"""Scoring takes part in competition publication: a rubric must exist, and it is locked when published."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.signals import competition_publishing

from ..models import Rubric


@receiver(competition_publishing)
def require_and_lock_rubric(sender, competition, problems, **kwargs):
    rubric = Rubric.objects.filter(competition=competition).first()
    if rubric is None or not rubric.criteria.exists():
        problems.append(("rubric", _("Choose a rubric with at least one criterion before publishing.")))
        return
    if rubric.locked_at is None:
        Rubric.objects.filter(pk=rubric.pk).update(locked_at=timezone.now())
