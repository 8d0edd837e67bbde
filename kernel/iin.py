"""Making valid IINs (demo data, tests). Validation lives in ``validators``."""

import datetime
import random

from kernel.validators import iin_control_digit


def make_iin(birth_date: datetime.date, *, female: bool, rng: random.Random) -> str:
    """A valid IIN: YYMMDD, century-and-sex digit, a 4-digit serial, control digit."""
    century = birth_date.year // 100
    seventh = {18: 1, 19: 3, 20: 5, 21: 7}.get(century, 3) + (1 if female else 0)
    while True:
        first = f"{birth_date:%y%m%d}{seventh}{rng.randrange(10000):04d}"
        control = iin_control_digit(first)
        if control is not None:
            return f"{first}{control}"
