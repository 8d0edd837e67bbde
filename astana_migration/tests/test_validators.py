import pytest
from django.core.exceptions import ValidationError

from kernel.validators import iin_control_digit, validate_iin, validate_kato

# 860912350786 and 010101500003 were checked by hand with the two weight rows.
VALID_IINS = ["860912350786", "010101500003"]


@pytest.mark.parametrize("iin", VALID_IINS)
def test_it_accepts_valid_iins(iin):
    validate_iin(iin)


def test_it_rejects_wrong_length():
    with pytest.raises(ValidationError) as exc:
        validate_iin("86091235078")
    assert exc.value.code == "iin_length"
    assert "11" in str(exc.value.messages[0])


def test_it_rejects_wrong_control_digit():
    with pytest.raises(ValidationError) as exc:
        validate_iin("860912350781")
    assert exc.value.code == "iin_control_digit"


@pytest.mark.parametrize("value", ["86091235078a", "8609 1235078", "８６０９１２３５０７８６", ""])
def test_it_rejects_non_digits(value):
    with pytest.raises(ValidationError) as exc:
        validate_iin(value)
    assert exc.value.code == "iin_not_digits"


def test_it_uses_the_second_weight_row_when_the_first_gives_ten():
    # Find eleven digits whose first-row sum is 10 mod 11: the control digit then comes from the
    # second row, and the IIN with that digit must validate.
    for serial in range(10000):
        first = f"9001013{serial:04d}"
        if sum(int(d) * w for d, w in zip(first, range(1, 12), strict=True)) % 11 == 10:
            control = iin_control_digit(first)
            if control is not None:
                validate_iin(f"{first}{control}")
                return
    pytest.fail("no eleven digits with a first-row sum of 10 found")


def test_it_has_no_valid_iin_when_both_rows_give_ten():
    for serial in range(100000):
        first = f"900101{serial:05d}"
        if iin_control_digit(first) is None:
            for last in range(10):
                with pytest.raises(ValidationError):
                    validate_iin(f"{first}{last}")
            return
    pytest.fail("no eleven digits with both sums 10 found")


def test_it_accepts_a_kato_code():
    validate_kato("710000000")


@pytest.mark.parametrize(("value", "code"), [("71000000", "kato_length"), ("71000000a", "kato_not_digits")])
def test_it_rejects_bad_kato_codes(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_kato(value)
    assert exc.value.code == code
