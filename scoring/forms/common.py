"""Form pieces every scoring form module shares."""

from django import forms


def decimal_field(label, required=True, **kwargs):
    return forms.DecimalField(label=label, required=required, max_digits=8, decimal_places=3,
                              widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}), **kwargs)
