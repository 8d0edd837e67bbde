"""Reporting periods: a year (``2026``), a quarter (``2026-Q1``) or a month (``2026-03``).

Indicator values, alerts and reports name their period by this string; the value table also keeps
its kind and first day, so periods sort and filter without parsing strings in SQL.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.dates import MONTHS_AP
from django.utils.translation import gettext_lazy as _

from monitoring.errors import PeriodError


class PeriodKind(models.TextChoices):
    # Ordered from the coarsest to the finest: a value may be kept for a period at least as coarse
    # as its indicator's period type.
    YEAR = "year", _("year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")


_RANK = {PeriodKind.YEAR: 0, PeriodKind.QUARTER: 1, PeriodKind.MONTH: 2}
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Period:
    year: int
    kind: str = PeriodKind.YEAR
    number: int = 0  # the quarter (1-4) or month (1-12); 0 for a year

    @classmethod
    def parse(cls, text: str) -> "Period":
        match = _PATTERN.match((text or "").strip().upper())
        if not match:
            raise PeriodError(_("A period is a year (2026), a quarter (2026-Q1) or a month (2026-03)."))
        year = int(match["year"])
        if match["quarter"]:
            return cls(year, PeriodKind.QUARTER, int(match["quarter"]))
        if match["month"]:
            return cls(year, PeriodKind.MONTH, int(match["month"]))
        return cls(year)

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(year, PeriodKind.MONTH, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        return cls(year, PeriodKind.QUARTER, quarter)

    def __str__(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}"

    @property
    def label(self) -> str:
        """The period as a reader writes it, in the active language: "2026", "2026 ж. 1-тоқсан",
        "1 кв. 2026", "Наурыз 2026"; ``str`` stays the machine's "2026-Q1" for files and the API."""
        if self.kind == PeriodKind.QUARTER:
            return _("Q%(quarter)s %(year)s") % {"quarter": self.number, "year": self.year}
        if self.kind == PeriodKind.MONTH:
            return f"{MONTHS_AP[self.number]} {self.year}"
        return str(self.year)

    @property
    def first_month(self) -> int:
        return {PeriodKind.YEAR: 1, PeriodKind.QUARTER: 3 * self.number - 2}.get(self.kind, self.number)

    @property
    def last_month(self) -> int:
        return {PeriodKind.YEAR: 12, PeriodKind.QUARTER: 3 * self.number}.get(self.kind, self.number)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.first_month, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period."""
        if self.last_month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, self.last_month + 1, 1) - datetime.timedelta(days=1)

    @property
    def rank(self) -> int:
        return _RANK[self.kind]

    def sort_key(self) -> tuple:
        return (self.start, self.rank)

    def is_at_least_as_coarse_as(self, kind: str) -> bool:
        return self.rank <= _RANK[kind]

    def months(self) -> list["Period"]:
        return [Period.month(self.year, m) for m in range(self.first_month, self.last_month + 1)]

    def parent_quarter(self) -> "Period":
        return Period.quarter(self.year, (self.first_month - 1) // 3 + 1)


def year_periods(year: int) -> list[Period]:
    """The year, its four quarters and its twelve months, in reading order."""
    return (
        [Period(year)] + [Period.quarter(year, q) for q in range(1, 5)] + [Period.month(year, m) for m in range(1, 13)]
    )


def sort_periods(periods) -> list[Period]:
    return sorted({p if isinstance(p, Period) else Period.parse(p) for p in periods}, key=Period.sort_key)
