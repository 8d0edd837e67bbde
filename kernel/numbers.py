"""Numbers as people read them, one way per language, for every page, letter, report and chart.

Kazakh and Russian group thousands with a no-break space and write a decimal comma ("1 234,5");
English writes "1,234.5". The separators are the active language's formats (``kernel/formats`` for
Kazakh, Django's for Russian and English), so what these functions write matches what the admin's
own ``floatformat:"0g"`` writes on the same page. Counts of persons and families are whole numbers.

Machine-readable files (CSV, the numbers inside XLSX cells) take ``machine_number`` instead: a
number, never text, so that a spreadsheet can add them up.
"""

import math
from decimal import Decimal

from django.utils.formats import number_format

DASH = "—"  # what stands where there is no figure


def count_text(value) -> str:
    """A whole number with its thousands grouped: persons, families, places ("20 778")."""
    if value is None:
        return DASH
    return number_format(int(round(value)), decimal_pos=0, use_l10n=True, force_grouping=True)


def decimal_text(value, places: int = 1) -> str:
    """A number with ``places`` decimals, thousands grouped ("1 850,5"); whole values keep their
    decimals so that a column of them lines up."""
    if value is None:
        return DASH
    return number_format(Decimal(str(value)), decimal_pos=places, use_l10n=True, force_grouping=True)


def value_text(value, places: int = 2) -> str:
    """A figure whose kind is not known in advance (an indicator's value): whole numbers as counts,
    others with up to ``places`` decimals, trailing zeros dropped ("4", "12,5", "0,33")."""
    if value is None or value == "":
        return DASH
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if d == d.to_integral_value():
        return count_text(d)
    text = decimal_text(d, places)
    separator = number_format(Decimal("0.5"), decimal_pos=1, use_l10n=True)[1]
    return text.rstrip("0").rstrip(separator) if separator in text else text


def percent_text(percent) -> str:
    """Whole per cents, rounded down below 100 (99.6 % is not yet full); a trace shows as "<1 %"."""
    if percent is None:
        return DASH
    if 0 < percent < 1:
        return "<1\u00a0%"
    whole = math.floor(percent) if percent < 100 else round(percent)
    return f"{count_text(whole)}\u00a0%"


def machine_number(value):
    """An int when whole, else a float, for CSV and XLSX cells (None stays None)."""
    if value is None or value == "":
        return None
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)
