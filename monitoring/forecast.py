"""Forecast of places needed in schools, kindergartens and clinics per district (rules p.8).

Method (also shown, translated, next to the figures in the admin — ``METHOD``):

1. Age structure: permanent registrations active on the base date (the end of the base year, or
   today while it runs), counted per district and birth year by one SQL ``GROUP BY``.
2. Birth cohorts not complete on the base date (the base year and later) are assumed as large as the
   mean of the last three complete birth cohorts registered in the district.
3. Migration: the district's yearly net migration rate is the mean, over the last three complete
   years before the base date, of net migration divided by the registered population (both stored
   indicators). The population of every cohort is multiplied by (1 + rate) per year ahead.
4. In forecast year T, children born in T−17 … T−6 are of school age (6–17) and those born in
   T−5 … T−1 of kindergarten age (1–5); clinics serve the whole population.
5. Places needed = population served × the norm below. Mortality under 18 is neglected (a few per
   thousand); figures are needs, not the gap against existing capacity.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from registration.models import Kind, RegistrationRecord

HORIZON_YEARS = 5
SCHOOL_AGES = (6, 17)
KINDERGARTEN_AGES = (1, 5)
RATE_YEARS = 3  # complete years of net migration averaged into the rate
BIRTH_YEARS = 3  # complete birth cohorts averaged for children not yet born

# Planning norms; override with settings.MONITORING_FORECAST_NORMS = {"school": …, …}.
NORMS = {
    # Pupil places per child aged 6-17: secondary education is compulsory and free (Law of the
    # Republic of Kazakhstan "On Education", art. 8), so every child of school age needs a place in a
    # single shift.
    "school": Decimal("1.00"),
    # Kindergarten places per child aged 1-5: the state target of full pre-school coverage (State
    # programme for the development of education and science 2020-2025). Lower it to the coverage
    # the Department plans for children under 3, if it plans less.
    "kindergarten": Decimal("1.00"),
    # Outpatient clinic capacity, visits per shift per 10,000 residents: the urban-planning norm for
    # polyclinics (181.5, as in СНиП 2.07.01-89* and the Kazakh planning codes that follow it).
    # Confirm the figure in force with the city's health department before a construction decision.
    "clinic_per_10000": Decimal("181.5"),
}

METHOD = _(
    "Method: the age structure of permanent registrations active on the base date, counted per district and "
    "birth year; birth cohorts not yet complete are taken as the mean of the last three complete ones; every "
    "cohort grows by the district's mean net migration rate of the last three complete years, per year ahead. "
    "Schools: children aged 6–17 × %(school)s place per child. Kindergartens: children aged 1–5 × "
    "%(kindergarten)s place per child. Clinics: all residents × %(clinic)s visits per shift per 10,000 "
    "residents. Figures are needs, not the gap against existing capacity."
)


def norms() -> dict[str, Decimal]:
    return {**NORMS, **{k: Decimal(str(v)) for k, v in getattr(settings, "MONITORING_FORECAST_NORMS", {}).items()}}


def method_text() -> str:
    n = norms()
    return str(METHOD) % {"school": n["school"], "kindergarten": n["kindergarten"], "clinic": n["clinic_per_10000"]}


def base_date(base_year: int, today: datetime.date) -> datetime.date:
    return min(today, datetime.date(base_year, 12, 31))


def age_structure(day: datetime.date) -> dict[int, dict[int, int]]:
    """``{district_id: {birth_year: persons}}`` of permanent registrations active on ``day`` (one GROUP BY)."""
    rows = (
        RegistrationRecord.objects.filter(kind=Kind.PERMANENT, registered_on__lte=day)
        .filter(Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=day))
        .values("district_id", born=ExtractYear("birth_date"))
        .annotate(n=Count("id"))
        .order_by()
    )
    result: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        result[row["district_id"]][int(row["born"])] = row["n"]
    return result


@dataclass(frozen=True)
class Need:
    target_year: int
    facility: str
    population: int
    places: int


def project(cohorts: dict[int, int], *, base_year: int, rate: Decimal, horizon: int = HORIZON_YEARS) -> list[Need]:
    """Needs for base_year+1 … base_year+horizon from one territory's birth cohorts on the base date.

    The base year's own cohort is still being registered on the base date, so the last complete
    birth cohort is the year before.
    """
    n = norms()
    complete_year = base_year - 1
    recent = [cohorts.get(y, 0) for y in range(complete_year - BIRTH_YEARS + 1, complete_year + 1)]
    newborns = Decimal(sum(recent)) / len(recent)
    total = Decimal(sum(cohorts.values()))

    def cohort(born: int) -> Decimal:
        return Decimal(cohorts.get(born, 0)) if born <= complete_year else newborns

    needs = []
    for k in range(1, horizon + 1):
        year = base_year + k
        growth = (Decimal(1) + rate) ** k
        school = growth * sum(cohort(year - age) for age in range(SCHOOL_AGES[0], SCHOOL_AGES[1] + 1))
        kinder = growth * sum(cohort(year - age) for age in range(KINDERGARTEN_AGES[0], KINDERGARTEN_AGES[1] + 1))
        # The children born in the years after the base year join the clinic population too.
        residents = growth * (total + newborns * k)
        needs += [
            Need(year, "school", _round(school), _round(school * n["school"])),
            Need(year, "kindergarten", _round(kinder), _round(kinder * n["kindergarten"])),
            Need(year, "clinic", _round(residents), _round(residents * n["clinic_per_10000"] / 10000)),
        ]
    return needs


def _round(x: Decimal) -> int:
    return int(max(Decimal(0), x).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
