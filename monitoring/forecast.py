"""Forecast of places needed in schools, kindergartens and clinics per district (rules p.8).

A cohort-component projection (the method is also shown, translated, next to the figures — ``METHOD``):

1. **Base population**: permanent registrations active on the base date (the end of the base year,
   or today while it runs), per district and birth year, by one SQL ``GROUP BY``.
2. **Ageing**: each year ahead every birth cohort is one year older; nobody leaves a cohort but by
   migration (mortality under 18 is a few per thousand and is neglected; for clinics it is in the
   entered natural increase).
3. **Births**: the mean yearly births of the last three complete years from the entered natural
   increase (civil registration statistics); where none is entered, the mean of the last three
   complete birth cohorts registered in the district, and the method says so.
4. **Net migration**: the mean yearly arrivals minus departures of the last three complete years,
   from the registration flows, by age at the move — added to the cohorts at those ages every year
   ahead (a constant net inflow gives a linear rise, not a compounding one).
5. **Places needed** = the age group served (school 6–17, kindergarten 1–5, clinics everyone) × the
   facility's norm (``NORMS``, with its source). Existing capacity is not held by the portal: the
   figures are needs, not the gap against capacity.
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
    "Method (cohort-component): the permanent registrations active on the base date, by district and birth "
    "year, age one year each year ahead; births are the mean of the last three complete years (%(births)s); "
    "net migration is the mean yearly arrivals minus departures of the last three complete years by age, added "
    "each year ahead. Schools: children aged 6–17 × %(school)s place per child. Kindergartens: children aged "
    "1–5 × %(kindergarten)s place per child. Clinics: all residents × %(clinic)s visits per shift per 10,000 "
    "residents. Figures are needs, not the gap against existing capacity."
)
BIRTHS_ENTERED = _("entered natural increase")
BIRTHS_REGISTERED = _("registered birth cohorts where no natural increase is entered")


def norms() -> dict[str, Decimal]:
    return {**NORMS, **{k: Decimal(str(v)) for k, v in getattr(settings, "MONITORING_FORECAST_NORMS", {}).items()}}


def method_text() -> str:
    n = norms()
    return str(METHOD) % {
        "births": f"{BIRTHS_ENTERED}; {BIRTHS_REGISTERED}",
        "school": n["school"],
        "kindergarten": n["kindergarten"],
        "clinic": n["clinic_per_10000"],
    }


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


def project(
    cohorts: dict[int, int],
    *,
    base_year: int,
    net_by_age: dict[int, Decimal] | None = None,
    births: Decimal | None = None,
    horizon: int = HORIZON_YEARS,
) -> list[Need]:
    """Needs for base_year+1 … base_year+horizon from one territory's birth cohorts on the base date.

    ``net_by_age``: mean yearly net migration by age at the move; ``births``: yearly births (default:
    the mean of the last three complete registered birth cohorts — the base year's own cohort is still
    being registered on the base date, so the last complete one is the year before)."""
    n = norms()
    net_by_age = net_by_age or {}
    complete_year = base_year - 1
    if births is None:
        recent = [cohorts.get(y, 0) for y in range(complete_year - BIRTH_YEARS + 1, complete_year + 1)]
        births = Decimal(sum(recent)) / len(recent)
    population = {born: Decimal(count) for born, count in cohorts.items() if born <= complete_year}
    population[base_year] = Decimal(births)  # the base year's cohort, not complete on the base date
    needs = []
    for year in range(base_year + 1, base_year + horizon + 1):
        population[year] = population.get(year, Decimal(0)) + Decimal(births)
        for age, net in net_by_age.items():
            born = year - age
            population[born] = max(Decimal(0), population.get(born, Decimal(0)) + net)

        def served(first_age: int, last_age: int, year=year) -> Decimal:
            return sum((population.get(year - age, Decimal(0)) for age in range(first_age, last_age + 1)), Decimal(0))

        school = served(*SCHOOL_AGES)
        kinder = served(*KINDERGARTEN_AGES)
        residents = sum(population.values(), Decimal(0))
        needs += [
            Need(year, "school", _round(school), _round(school * n["school"])),
            Need(year, "kindergarten", _round(kinder), _round(kinder * n["kindergarten"])),
            Need(year, "clinic", _round(residents), _round(residents * n["clinic_per_10000"] / 10000)),
        ]
    return needs


def net_migration_by_age(day: datetime.date) -> dict[int | None, dict[int, Decimal]]:
    """``{district_id: {age: mean yearly net migration}}`` over the last ``RATE_YEARS`` complete years
    before ``day``: permanent registrations begun (arrivals) minus ended (departures) in each year, by
    the person's age in that year. Two SQL ``GROUP BY``s; the key None holds the whole city."""
    last = day.year if day == datetime.date(day.year, 12, 31) else day.year - 1
    first = last - RATE_YEARS + 1
    flows: dict = defaultdict(lambda: defaultdict(Decimal))
    for field, sign in (("registered_on", 1), ("deregistered_on", -1)):
        rows = (
            RegistrationRecord.objects.filter(
                kind=Kind.PERMANENT, **{f"{field}__year__gte": first, f"{field}__year__lte": last}
            )
            .values("district_id", year=ExtractYear(field), born=ExtractYear("birth_date"))
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            age = int(row["year"]) - int(row["born"])
            if age >= 0:
                flows[row["district_id"]][age] += sign * row["n"]
                flows[None][age] += sign * row["n"]
    return {area: {age: total / RATE_YEARS for age, total in ages.items()} for area, ages in flows.items()}


def _round(x: Decimal) -> int:
    return int(max(Decimal(0), x).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
