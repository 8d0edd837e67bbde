"""The nightly recompute's one rule of which years it covers, for the job and the command alike."""

import datetime

from django.utils import timezone

from monitoring.services.forecasts import forecasts_compute
from monitoring.services.values import indicators_recompute

# In the first quarter the last year's figures are still coming in (late registrations,
# deregistrations): the recompute covers it too.
LAST_YEAR_UNTIL_MONTH = 3


def recompute_years(*, today: datetime.date) -> list[int]:
    """The years the periodic recompute covers on ``today``, oldest first."""
    if today.month <= LAST_YEAR_UNTIL_MONTH:
        return [today.year - 1, today.year]
    return [today.year]


def indicators_and_forecasts_recompute(*, year: int | None = None, today: datetime.date | None = None) -> dict:
    """Recompute the computed indicators of ``year`` (default: ``recompute_years``), then the
    forecasts from the latest of them. ``{"<year>": {...}, "forecasts": n}``."""
    today = today or timezone.localdate()
    years = [year] if year else recompute_years(today=today)
    result: dict = {str(y): indicators_recompute(year=y, today=today) for y in years}
    result["forecasts"] = forecasts_compute(base_year=years[-1], today=today)
    return result
