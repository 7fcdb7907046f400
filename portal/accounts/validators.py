"""BIN (business identification number) of Kazakhstan: 12 digits, the last a checksum.

The check digit is the sum of the first 11 digits times weights 1..11, modulo 11. When that gives 10,
a second pass uses weights 3..11,1,2; a second 10 means the number cannot be valid.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def bin_check_digit(first_eleven: str):
    """The check digit for 11 leading digits, or None when no digit can make them valid."""
    digits = [int(c) for c in first_eleven]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def is_valid_bin(value) -> bool:
    value = str(value or "")
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    return bin_check_digit(value[:11]) == int(value[11])


def validate_bin(value):
    value = str(value or "").strip()
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("A BIN is exactly 12 digits."), code="bin_format")
    if not is_valid_bin(value):
        raise ValidationError(
            _("This BIN fails its check digit: please check it against the registration certificate."),
            code="bin_checksum",
        )


def validate_iin(value):
    """An IIN (individual identification number) is 12 digits with the same check digit as a BIN."""
    value = str(value or "").strip()
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("An IIN is exactly 12 digits."), code="iin_format")
    if not is_valid_bin(value):
        raise ValidationError(_("This IIN fails its check digit: please check it against your identity card."),
                              code="iin_checksum")
