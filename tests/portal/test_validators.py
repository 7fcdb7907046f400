"""BIN validation (``portal/accounts/validators.py``): 12 ASCII digits, the last a two-pass check digit."""

import pytest
from django.core.exceptions import ValidationError

from portal.accounts.validators import (
    FIRST_WEIGHTS,
    SECOND_WEIGHTS,
    bin_check_digit,
    is_valid_bin,
    validate_bin,
)
from tests import factories as f


def weighted(first_eleven, weights):
    return sum(int(d) * w for d, w in zip(first_eleven, weights, strict=True))


# Worked examples (first eleven digits -> check digit):
# 94014000038|5  first pass 9*1+4*2+0*3+1*4+4*5+0*6+0*7+0*8+0*9+3*10+8*11 = 159, 159 % 11 = 5
# 14054000000|5  first pass 4*2... = 49, 49 % 11 = 5
# 14054000060|6  first pass 109 % 11 = 10 -> second pass (weights 3..11,1,2) 83 % 11 = 6
# 00074000130|7  first pass 87 % 11 = 10 -> second pass 84 % 11 = 7
# 14054000062    first pass 131 % 11 = 10, second pass 87 % 11 = 10: no check digit exists
FIRST_PASS = ["940140000385", "140540000005", "990740002243", "100140011059"]
SECOND_PASS = ["140540000606", "000740001307"]
NO_DIGIT = "14054000062"


@pytest.mark.parametrize("value", FIRST_PASS + SECOND_PASS)
def test_valid_bins(value):
    assert is_valid_bin(value)
    validate_bin(value)  # does not raise
    validate_bin(f"  {value} ")  # surrounding spaces from a pasted value are tolerated


def test_worked_examples_match_the_two_passes():
    assert weighted("94014000038", FIRST_WEIGHTS) == 159 and 159 % 11 == 5
    assert bin_check_digit("94014000038") == 5
    assert weighted("14054000060", FIRST_WEIGHTS) == 109 and 109 % 11 == 10
    assert weighted("14054000060", SECOND_WEIGHTS) == 83 and 83 % 11 == 6
    assert bin_check_digit("14054000060") == 6
    assert weighted("00074000130", FIRST_WEIGHTS) == 87 and weighted("00074000130", SECOND_WEIGHTS) == 84
    assert bin_check_digit("00074000130") == 7
    assert weighted(NO_DIGIT, FIRST_WEIGHTS) % 11 == 10 and weighted(NO_DIGIT, SECOND_WEIGHTS) % 11 == 10
    assert bin_check_digit(NO_DIGIT) is None


@pytest.mark.parametrize("value", FIRST_PASS + SECOND_PASS)
def test_every_other_check_digit_is_refused(value):
    for digit in "0123456789":
        if digit != value[-1]:
            wrong = value[:-1] + digit
            assert not is_valid_bin(wrong), wrong
            with pytest.raises(ValidationError) as refused:
                validate_bin(wrong)
            assert refused.value.code == "bin_checksum"


def test_a_number_with_no_possible_check_digit_is_refused():
    for digit in "0123456789":
        assert not is_valid_bin(NO_DIGIT + digit)
        with pytest.raises(ValidationError) as refused:
            validate_bin(NO_DIGIT + digit)
        assert refused.value.code == "bin_checksum"


def test_first_pass_digit_is_not_accepted_when_the_second_pass_applies():
    # 14054000060: the first pass gives 10, so only the second-pass digit 6 is right ("0" = 10 mod 10 is wrong).
    assert not is_valid_bin("140540000600")


def test_a_swapped_pair_of_digits_is_refused():
    assert not is_valid_bin("490140000385")


@pytest.mark.parametrize("value", [
    "94014000038",      # 11 digits
    "9401400003850",    # 13 digits
    "94014000038A",     # a letter
    "9401-4000038",     # punctuation
    "940 140 000 385",  # inner spaces
    "١٢٣٤٥٦٧٨٩٠١٢",     # Arabic-Indic digits pass str.isdigit()
    "９４０１４０００03８５",  # full-width digits
    "",
    None,
])
def test_malformed_values_get_the_format_code(value):
    assert not is_valid_bin(value)
    with pytest.raises(ValidationError) as refused:
        validate_bin(value)
    assert refused.value.code == "bin_format"


def test_an_integer_is_checked_as_its_digits():
    assert is_valid_bin(940140000385)
    assert not is_valid_bin(int("000740001307"))  # leading zeros are lost: 9 digits


@pytest.mark.django_db
def test_organization_full_clean_rejects_an_invalid_bin():
    organization = f.OrganizationFactory.build(bin="940140000386")
    with pytest.raises(ValidationError) as refused:
        organization.full_clean()
    assert [e.code for e in refused.value.error_dict["bin"]] == ["bin_checksum"]

    organization.bin = "94014000038"
    with pytest.raises(ValidationError) as refused:
        organization.full_clean()
    assert [e.code for e in refused.value.error_dict["bin"]] == ["bin_format"]


@pytest.mark.django_db
def test_organization_full_clean_accepts_a_valid_bin():
    organization = f.OrganizationFactory.build(bin="940140000385")
    organization.full_clean()


def test_factory_bins_are_valid():
    assert all(is_valid_bin(f.make_bin()) for _ in range(200))
