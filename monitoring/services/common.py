"""What every monitoring service shares: argument checks (the domain error is in monitoring.errors)."""

from django.utils.translation import gettext as _

from kernel.territory.models import District
from kernel.territory.selectors import astana_districts
from monitoring.errors import MonitoringError, PeriodError
from monitoring.models import CITY
from monitoring.periods import Period


def as_period(text) -> Period:
    try:
        return text if isinstance(text, Period) else Period.parse(text)
    except PeriodError as exc:
        raise MonitoringError(str(exc)) from exc


def as_astana_district(district) -> District | None:
    """A district of Astana from a District, a KATO code, or None/the city's code for the whole city."""
    if district is None or district == CITY:
        return None
    kato = district if isinstance(district, str) else district.kato
    found = astana_districts().filter(kato=kato).first()
    if found is None:
        raise MonitoringError(_("%(kato)s is not a district of Astana.") % {"kato": kato})
    return found
