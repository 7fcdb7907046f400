"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """``<input type="date">`` with its value in the ISO form the browser's date input accepts (a "27.11.2026"
    value would be dropped and the field shown empty)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
