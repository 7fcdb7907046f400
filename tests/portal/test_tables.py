"""The one pattern for wide tables: {% tableregion %} (portal/templatetags/tables.py + includes/table_region.html)."""

from django.template import Context, Template
from django.utils import translation


def test_a_table_region_is_labelled_focusable_and_keeps_its_content():
    template = Template('{% load tables %}{% tableregion label "extra" %}<table class="stack"><tr><td>1</td></tr>'
                        '</table>{% endtableregion %}')
    html = template.render(Context({"label": "Ranking <&>"}))
    assert '<div class="table-region extra">' in html
    assert '<div class="table-scroll" role="region" aria-label="Ranking &lt;&amp;&gt;" tabindex="0">' in html
    assert '<table class="stack"><tr><td>1</td></tr></table>' in html
    assert 'class="scroll-hint" aria-hidden="true"' in html


def test_a_translated_literal_label_and_index_of():
    template = Template('{% load tables %}{% tableregion _("Ranking") %}x{% endtableregion %}'
                        '{{ headers|index_of:1 }}{{ headers|index_of:9 }}')
    with translation.override("ru"):
        html = template.render(Context({"headers": ["a", "b"]}))
    assert 'aria-label="Рейтинг"' in html and html.endswith("b")
