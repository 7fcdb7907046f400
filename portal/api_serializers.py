"""The serializers every API module of the portal uses: DRF's, with nothing a client sends silently dropped.

Import it in place of DRF's module (``from portal import api_serializers as serializers``): every name of
``rest_framework.serializers`` is here, and ``Serializer``/``ModelSerializer`` refuse what they do not accept:

- a key the serializer has no field for, or a read-only field, answers 400 naming the key (nested lines too:
  ``budget_lines[0].amount``), instead of being ignored;
- an id of a row that does not exist (or that the caller may not see, where a serializer checks that) answers
  404 naming the field: the request was well formed, the row is missing (the schema cannot say which ids exist).

``tests/architecture/test_strict_serializers.py`` fails for a serializer of the project built on DRF's own classes.
"""

from collections.abc import Mapping

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers as drf
from rest_framework.exceptions import NotFound
from rest_framework.relations import MANY_RELATION_KWARGS
from rest_framework.serializers import *  # noqa: F403 - this module stands in for DRF's
from rest_framework.serializers import ValidationError

# Sent by HTML forms (the browsable API, a form post with a session), never data of the endpoint.
TRANSPORT_KEYS = frozenset({"csrfmiddlewaretoken"})


class RowNotFound(NotFound):
    """404 for an id in the body that names no row the caller may use; ``field`` says which one."""

    default_code = "not_found"

    def __init__(self, field, value=None, message=None):
        text = message or _("No such object: %(field)s = %(value)s.") % {"field": field, "value": value}
        super().__init__(detail=text, code="not_found")
        self.field = field


def unexpected_keys(serializer, data):
    """``{key: [message]}`` for the keys of ``data`` that ``serializer`` does not accept for writing."""
    if not isinstance(data, Mapping):
        return {}
    fields = serializer.fields
    problems = {}
    for key in data:
        if key in TRANSPORT_KEYS:
            continue
        field = fields.get(key)
        if field is None:
            problems[key] = [_("This field is not accepted here.")]
        elif field.read_only:
            problems[key] = [_("This field is read-only and cannot be sent.")]
    return problems


class StrictInputMixin:
    """Refuses (400, naming them) the keys the serializer would otherwise ignore: unknown and read-only fields."""

    def to_internal_value(self, data):
        problems = unexpected_keys(self, data)
        try:
            value = super().to_internal_value(data)
        except ValidationError as error:
            if not problems:
                raise
            detail = error.detail if isinstance(error.detail, dict) else {drf.api_settings.NON_FIELD_ERRORS_KEY:
                                                                         error.detail}
            raise ValidationError({**detail, **problems}) from error
        if problems:
            raise ValidationError(problems)
        return value


class ManyRelatedField(drf.ManyRelatedField):
    """A list of ids: an object (which DRF would iterate as its keys) is refused as not a list."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class PrimaryKeyRelatedField(drf.PrimaryKeyRelatedField):
    """An id of a row: a missing row is 404 naming the field (the id was well formed), never a silent null."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return ManyRelatedField(**list_kwargs)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except ValidationError as error:
            if "does_not_exist" in _codes(error.detail):
                name = self.field_name or getattr(self.parent, "field_name", "") or "id"
                raise RowNotFound(name, data) from error
            raise


def _codes(detail):
    if isinstance(detail, list):
        return {code for item in detail for code in _codes(item)}
    if isinstance(detail, dict):
        return {code for item in detail.values() for code in _codes(item)}
    return {getattr(detail, "code", None)}


class Serializer(StrictInputMixin, drf.Serializer):
    pass


class ModelSerializer(StrictInputMixin, drf.ModelSerializer):
    serializer_related_field = PrimaryKeyRelatedField


def require_visible(queryset, row, *, field, message=None):
    """``row`` when ``queryset`` (a ``*_for_user`` selector) holds it; else 404 naming ``field``."""
    if not queryset.filter(pk=row.pk).exists():
        raise RowNotFound(field, row.pk, message)
    return row


class StrictCharField(drf.CharField):
    """A string as the schema says: a number or a boolean in a JSON body is refused (DRF would turn it to text)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(drf.BooleanField):
    """``true``/``false`` as the schema says (and the two words a form sends); not 0, 1 or other numbers."""

    def to_internal_value(self, data):
        if not isinstance(data, bool | str):
            self.fail("invalid", input=data)
        return super().to_internal_value(data)


# A text that must say something: stated in the schema as a pattern (DRF trims the text and refuses it blank).
NOT_BLANK = RegexValidator(r"\S", _("This field may not be blank."), code="blank")
