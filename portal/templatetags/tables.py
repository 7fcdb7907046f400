"""One pattern for wide tables (``{% load tables %}``): a labelled scroll region people can reach.

    {% tableregion _("Ranking") %}<table class="stack">…</table>{% endtableregion %}

renders ``templates/includes/table_region.html``: a ``role="region"`` with an ``aria-label`` and
``tabindex="0"`` (a keyboard scrolls it), shadows at the edges while there is more to scroll (CSS only),
and a hint when it is wider than the screen. A table with ``class="stack"`` reads as one card per row
at 360 px: each cell shows its ``data-label`` as a heading (see ``static/css/portal.css``)."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


class TableRegionNode(template.Node):
    def __init__(self, label, nodelist, extra_class):
        self.label, self.nodelist, self.extra_class = label, nodelist, extra_class

    def render(self, context):
        return render_to_string("includes/table_region.html", {
            "label": self.label.resolve(context),
            "extra_class": self.extra_class.resolve(context) if self.extra_class else "",
            "content": self.nodelist.render(context),
        })


@register.tag
def tableregion(parser, token):
    """``{% tableregion label [extra_class] %}…{% endtableregion %}``"""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("tableregion takes a label and, optionally, a CSS class")
    nodelist = parser.parse(("endtableregion",))
    parser.delete_first_token()
    extra = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return TableRegionNode(parser.compile_filter(bits[1]), nodelist, extra)


@register.filter
def index_of(sequence, index):
    """``headers|index_of:forloop.counter0``: the heading of a cell, for its ``data-label``."""
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError):
        return ""
