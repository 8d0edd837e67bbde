import datetime

import pytest

from monitoring.errors import PeriodError
from monitoring.periods import Period, year_periods

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        ("2026-Q1", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        ("2024-02", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        ("2026-q4", datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
    ],
)
def test_it_reads_years_quarters_and_months(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert str(period) == text.upper()


@pytest.mark.parametrize("text", ["26", "2026-Q5", "2026-13", "2026-3", "", "2026/03"])
def test_it_refuses_anything_else(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_it_lists_a_year_with_its_quarters_and_months():
    assert [str(p) for p in year_periods(2026)][:6] == ["2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026-01"]
    assert len(year_periods(2026)) == 17
