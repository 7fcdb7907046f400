"""``{% load track_record %}{% track_record application %}``: the organisation's earlier projects beside a later
application (the official's application and admission page, the expert's scoring page unless the review is
blind). Context only: nothing here enters a score. A template tag, so the lower apps' pages show it without
importing ``projects`` (the layering of DESIGN.md §2)."""

from django import template

from ..selectors_portfolio import track_record as track_record_of
from ..selectors_portfolio import track_summaries as summaries_of

register = template.Library()


@register.inclusion_tag("projects/_track_record.html")
def track_record(application, hidden=False):
    if hidden or application is None:
        return {"hidden": True}
    before = application.submitted_at or application.created_at
    record = track_record_of(application.organization_id, before=before, exclude_application=application.pk)
    return {"record": record, "hidden": False}


@register.simple_tag
def track_summaries(rows):
    """``{% track_summaries rows as records %}``: counts per organisation, one query for the page; ``rows`` are
    applications or dicts holding one under ``application``."""
    return summaries_of(row["application"] if isinstance(row, dict) else row for row in rows or [])


@register.inclusion_tag("projects/_track_summary.html")
def track_summary(records, organization_id):
    return {"record": records.get(organization_id)}
