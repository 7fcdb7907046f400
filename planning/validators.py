"""Rules shared by the forms, the API and the services: each returns ``(field, message)`` problems."""

import datetime

from django.utils.translation import gettext_lazy as _

from portal.reference.calendar import add_working_days

from .enums import DISCUSSION_MIN_WORKING_DAYS, TERM_YEARS, PlanStatus

TEXT_MAX_LENGTH = 5000
TOPIC_FIELDS = ("topic_kk", "topic_ru", "topic_en")
# What an item needs before the public reads it (an item accepted from a proposal starts incomplete).
ITEM_REQUIRED = {
    "target_group": _("Describe the target group."),
    "expected_results": _("Describe the expected results."),
    "legal_act": _("Name the legal act the topic rests on."),
}


def item_problems(fields, regions):
    """Everything wrong with an item's fields at once."""
    problems = []
    if not any((fields.get(name) or "").strip() for name in TOPIC_FIELDS):
        problems.append(("topic_ru", _("Give the topic in at least one language.")))
    if not fields.get("priority_area"):
        problems.append(("priority_area", _("Choose the priority area.")))
    for name, message in ITEM_REQUIRED.items():
        if not (fields.get(name) or "").strip():
            problems.append((name, message))
    if not regions:
        problems.append(("regions", _("Choose at least one region.")))
    amount = fields.get("amount")
    if amount is None or amount <= 0:
        problems.append(("amount", _("The amount must be greater than zero.")))
    if fields.get("term_years") not in TERM_YEARS:
        problems.append(("term_years", _("The term is 1, 2 or 3 years.")))
    act_date = fields.get("legal_act_date")
    if isinstance(act_date, datetime.date) and act_date.year < 1991:
        problems.append(("legal_act_date", _("Check the date of the legal act.")))
    return problems


def item_is_complete(item):
    """An item's missing parts (for items accepted from proposals and completed later)."""
    missing = [message for name, message in ITEM_REQUIRED.items() if not (getattr(item, name) or "").strip()]
    if not item.regions.exists():
        missing.append(_("Choose at least one region."))
    return missing


def earliest_discussion_end(start):
    """The first day a discussion that starts on ``start`` may end: 10 working days after it."""
    return add_working_days(start, DISCUSSION_MIN_WORKING_DAYS)


def discussion_end_problems(start, ends_on):
    earliest = earliest_discussion_end(start)
    if ends_on is None or ends_on < earliest:
        return [("discussion_ends_on", _("The public discussion lasts at least %(days)d working days: it may end "
                                         "on %(date)s at the earliest.")
                 % {"days": DISCUSSION_MIN_WORKING_DAYS, "date": earliest.strftime("%d.%m.%Y")})]
    return []


def proposals_window_problems(today, proposals_until):
    if proposals_until is None or proposals_until < today:
        return [("proposals_until", _("The proposal window must end today or later."))]
    if proposals_until > today + datetime.timedelta(days=366):
        return [("proposals_until", _("The proposal window can be at most a year long."))]
    return []


def text_problems(field, text, *, empty_message, limit=TEXT_MAX_LENGTH):
    text = (text or "").strip()
    if not text:
        return [(field, empty_message)]
    if len(text) > limit:
        return [(field, _("The text can be at most %(limit)d characters long.") % {"limit": limit})]
    return []


def plan_item_competition_problems(item, body):
    """Whether a competition of ``body`` may be created from ``item`` (and keep its link)."""
    if item.plan.body_id != body.pk:
        return [("plan_item", _("The plan item belongs to another body's plan."))]
    if item.plan.status != PlanStatus.APPROVED:
        return [("plan_item", _("Competitions are created only from items of an approved plan."))]
    if item.is_withdrawn:
        return [("plan_item", _("This plan item was withdrawn."))]
    return []
