"""Issue 16 point 10: every date input of every form holds its value in ISO (YYYY-MM-DD), the only form the
browser's ``<input type="date">`` accepts; a "27.11.2026" value would be dropped and the default lost."""

import datetime
import importlib
import inspect

import pytest
from django import forms

MODULES = ["applications.forms", "competitions.forms", "planning.forms", "portal.accounts.forms", "projects.forms",
           "scoring.forms.assignment", "scoring.forms.commission", "scoring.forms.experts", "scoring.forms.register"]


def _date_fields():
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form_class, forms.BaseForm) or form_class.__module__ != module_name:
                continue
            for field_name, field in form_class.base_fields.items():
                if isinstance(field.widget, (forms.DateInput, forms.DateTimeInput)):
                    yield f"{module_name}.{name}.{field_name}", field.widget


DATE_FIELDS = list(_date_fields())


def test_the_walk_finds_date_fields():
    assert len(DATE_FIELDS) >= 15


@pytest.mark.parametrize(("name", "widget"), DATE_FIELDS, ids=[n for n, _w in DATE_FIELDS])
def test_date_inputs_render_iso(name, widget, settings):
    if isinstance(widget, forms.DateTimeInput):
        assert widget.input_type == "datetime-local", name
        value = widget.format_value(datetime.datetime(2026, 11, 27, 9, 30))
        assert value.startswith("2026-11-27T09:30"), (name, value)
        return
    assert widget.input_type == "date", name
    for language in ("kk", "ru"):
        settings.LANGUAGE_CODE = language
        assert widget.format_value(datetime.date(2026, 11, 27)) == "2026-11-27", name
