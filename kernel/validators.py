"""Validators shared by every app: IIN (individual identification number) and KATO codes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

IIN_WEIGHTS_FIRST = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
IIN_WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_control_digit(first_eleven: str) -> int | None:
    """The 12th digit of an IIN for its first eleven, or None when no valid digit exists.

    Sum with weights 1..11 mod 11; a result of 10 is recomputed with weights 3..11,1,2, and a
    second 10 means the eleven digits cannot form a valid IIN.
    """
    digits = [int(c) for c in first_eleven]
    check = sum(d * w for d, w in zip(digits, IIN_WEIGHTS_FIRST, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, IIN_WEIGHTS_SECOND, strict=True)) % 11
        if check == 10:
            return None
    return check


def is_whole_number_text(value) -> bool:
    """ASCII digits only. ``str.isdigit`` alone accepts "²" or "٣", which ``int()`` then refuses."""
    return isinstance(value, str) and value.isascii() and value.isdigit()


def validate_iin(value: str) -> None:
    """An IIN is 12 digits whose last is the control digit. The birth date inside is not
    cross-checked: decree No. 853 of 2013 decoupled the two."""
    value = value or ""
    if not value.isascii() or not value.isdigit():
        raise ValidationError(_("An IIN consists of digits only."), code="iin_not_digits")
    if len(value) != 12:
        raise ValidationError(
            _("An IIN has 12 digits; this one has %(count)d."), code="iin_length", params={"count": len(value)}
        )
    if iin_control_digit(value[:11]) != int(value[11]):
        raise ValidationError(_("The IIN's control digit is wrong: check the number."), code="iin_control_digit")


def validate_kato(value: str) -> None:
    """A KATO code is 9 digits, AABBCCDDD (region, district, rural district, settlement)."""
    value = value or ""
    if not value.isascii() or not value.isdigit():
        raise ValidationError(_("A KATO code consists of digits only."), code="kato_not_digits")
    if len(value) != 9:
        raise ValidationError(
            _("A KATO code has 9 digits; this one has %(count)d."), code="kato_length", params={"count": len(value)}
        )


def is_valid_iin(value: str) -> bool:
    try:
        validate_iin(value)
    except ValidationError:
        return False
    return True
