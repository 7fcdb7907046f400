"""Audit codes in words (``portal.audit.phrases``) and long hashes shortened with a way to read and copy them."""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.audit import phrases

register = template.Library()
SHORT = 12
HEX64 = re.compile(r"[0-9a-f]{64}")


@register.filter
def action_label(code):
    return phrases.action_label(code)


@register.filter
def key_label(key):
    return phrases.key_label(key)


@register.simple_tag
def value_label(key, value):
    """A before/after value in words; a hash (64 hex digits) shortened like any other."""
    if isinstance(value, str) and HEX64.fullmatch(value):
        return hash_short(value)
    return phrases.value_label(key, value)


@register.filter
def target_text(label):
    return phrases.target_text(label)


@register.filter
def hash_short(value):
    """A hash as its first characters; the whole one behind a disclosure (no JS) and a copy button (JS)."""
    value = str(value or "")
    if len(value) <= SHORT + 4:
        return format_html('<code class="hash">{}</code>', value)
    return format_html(
        '<details class="hash-box"><summary><code class="hash" title="{}">{}…</code>'
        '<span class="visually-hidden"> {}</span></summary><code class="hash">{}</code>'
        ' <button type="button" class="link-button copy-button" data-copy="{}" data-copied="{}" hidden>{}</button>'
        '</details>',
        value, value[:SHORT], _("show the whole hash"), value, value, _("Copied"), _("Copy"))


@register.filter
def reason_html(reason):
    """A stored reason in the reader's language: a system reason's template with its values (hashes
    shortened), a reason a person typed as typed (escaped)."""
    parts = phrases.reason_parts(reason)
    if parts is None:
        return reason or ""
    template_, params = parts
    rendered = {key: hash_short(value) if key in phrases.HASH_PARAMS
                else format_html("{}", phrases.param_text(key, value)) for key, value in params.items()}
    try:
        return mark_safe(str(template_) % rendered)  # noqa: S308 - the template is ours, every value is escaped
    except (KeyError, TypeError, ValueError):
        return reason
