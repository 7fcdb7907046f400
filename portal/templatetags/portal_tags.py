from django import template
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from portal.formatting import format_money

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (keeps filters when paginating)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def summary_label(label):
    """A field's label before its error in an error summary: "Name:", but a question keeps its own mark and gets
    no colon after it ("Есть ли конфликт?", never "конфликт?:")."""
    label = str(label).strip()
    return label if label[-1:] in "?!.:" and label else f"{label}:"


@register.filter
def money(value):
    """12345678.5 -> '12 345 678,50 ₸' in kk and ru, '12,345,678.50 ₸' in en (see portal.formatting)."""
    return format_money(value, language=get_language() or "ru")


@register.filter
def time_left(deadline):
    """'3 days 4 hours left' until an aware datetime, or '' once passed."""
    if not deadline:
        return ""
    delta = deadline - timezone.now()
    if delta.total_seconds() <= 0:
        return ""
    days, hours, minutes = delta.days, delta.seconds // 3600, (delta.seconds % 3600) // 60
    if days:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days} + " " + \
            ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours} + " " + _("left")
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours} + " " + \
        ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes} + " " + _("left")
