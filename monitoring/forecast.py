"""Forecast of places needed in schools, kindergartens and clinics per district (rules p.8): the
inputs read from the database and the figures made of them. The projection itself is
``monitoring/projection.py`` (pure Python); the age bands and norms are ``monitoring/norms.py``.

Method (also shown, translated, next to the figures in the admin — ``method_text``):

1. Base population: permanent registrations active on the base date (the end of the base year, or
   today while it runs), per district and single year of age (age reached in the base year), by
   one SQL ``GROUP BY``.
2. Net migration by age: the mean, over the last ``FLOW_YEARS`` complete years before the base
   date, of the permanent registrations arriving from another region or from abroad minus those
   ended by a departure to another region or abroad, per district and age reached in the year of
   the move (the same flows as the net migration indicator; moves inside the city and
   registrations with no origin named are not migration). Two more ``GROUP BY`` queries.
3. Births and deaths: the mean of the yearly natural increase entered for the territory over the
   same years (its births and deaths). Where only the natural increase itself is known, it is taken
   as births and nobody dies. Deaths become one crude rate for every age: deaths ÷ registered
   population of the same years. With no natural increase entered, no births and no deaths.
4. The projection: each year, deaths, everyone one year older, net migration by age added, births
   at age 0 (``projection.project``). The rest of a base year still running gets its share first.
5. Places needed = persons of the served ages × the norm (``norms.FACILITIES``); where the existing
   capacity of the territory is entered, the shortfall = places needed − capacity beside it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kernel.numbers import value_text
from monitoring import catalogue, projection
from monitoring.aggregates import FROM_ABROAD, PERMANENT, TO_ABROAD, _from_other_region, _to_other_region
from monitoring.norms import ALL_AGES, norms
from registration.choices import Kind
from registration.models import RegistrationRecord

HORIZON_YEARS = 5
FLOW_YEARS = 3  # complete years whose registration flows and natural increase are averaged

METHOD = _(
    "Method (cohort-component projection): the permanent registrations active on the base date, by district and "
    "single year of age; each year ahead, deaths at the crude rate of the entered natural increase, everyone one "
    "year older, the mean yearly net migration by age of the last %(years)s complete years added (registrations "
    "from another region or abroad minus departures to another region or abroad), and the mean yearly births of "
    "the entered natural increase added at age 0. Flows are constants, so a steady inflow gives a straight-line "
    "rise, not compound growth. Where only the natural increase is entered, it is taken as births without deaths. "
    "Places needed = persons of the served ages × the norm; shortfall = places needed − the existing capacity, "
    "where it is entered."
)
NORM_LINE = _("%(facility)s: %(value)s %(unit)s, %(ages)s — %(source)s.")


def method_text() -> str:
    """The method and the norms with their sources, in the active language."""
    from monitoring.models import Facility

    lines = [str(METHOD) % {"years": FLOW_YEARS}]
    for facility, norm in norms().items():
        if norm.ages == ALL_AGES:
            ages = gettext("all ages")
        else:
            ages = gettext("ages %(low)s–%(high)s") % {"low": norm.ages[0], "high": norm.ages[1]}
        lines.append(
            str(NORM_LINE)
            % {
                "facility": Facility(facility).label,
                "ages": ages,
                "value": value_text(norm.value),
                "unit": norm.unit,
                "source": norm.source,
            }
        )
    return " ".join(lines)


def base_date(base_year: int, today: datetime.date) -> datetime.date:
    return min(today, datetime.date(base_year, 12, 31))


def share_left(day: datetime.date) -> float:
    """The share of ``day``'s year still to come after it."""
    end = datetime.date(day.year, 12, 31)
    return (end - day).days / ((end - datetime.date(day.year, 1, 1)).days + 1)


def flow_years(day: datetime.date) -> list[int]:
    """The complete years before (or ending on) ``day`` whose flows are averaged."""
    last_complete = day.year if day == datetime.date(day.year, 12, 31) else day.year - 1
    return list(range(last_complete - FLOW_YEARS + 1, last_complete + 1))


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


def net_migration_by_age(years: list[int], astana_id) -> dict[int, dict[int, float]]:
    """``{district_id: {age: mean yearly net migration}}`` over ``years`` (two GROUP BYs). The age is
    the one reached in the year of the move."""
    first, last = datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    totals: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for field, scope, sign in (
        ("registered_on", FROM_ABROAD | _from_other_region(astana_id), 1),
        ("deregistered_on", TO_ABROAD | _to_other_region(astana_id), -1),
    ):
        rows = (
            RegistrationRecord.objects.filter(PERMANENT, scope, **{f"{field}__gte": first, f"{field}__lte": last})
            .values("district_id", moved=ExtractYear(field), born=ExtractYear("birth_date"))
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            totals[row["district_id"]][int(row["moved"]) - int(row["born"])] += sign * row["n"]
    return {district: {age: n / len(years) for age, n in ages.items()} for district, ages in totals.items()}


@dataclass(frozen=True)
class Vital:
    """Mean yearly births and the crude death rate of a territory, and what they rest on."""

    births: float = 0.0
    death_rate: float = 0.0


def vital_rates(years: list[int]) -> dict[str, Vital]:
    """``{area: Vital}`` from the yearly natural increase entered over ``years`` (missing years are
    left out of the means, not counted as zero) and the registered population of the same years."""
    from monitoring.models import IndicatorValue

    values = IndicatorValue.objects.filter(
        indicator__code__in=[catalogue.NATURAL_INCREASE, catalogue.REGISTERED_POPULATION],
        period__in=[str(y) for y in years],
    ).values_list("indicator__code", "period", "area", "value", "breakdown")
    natural: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    population: dict[tuple[str, str], float] = {}
    for code, period, area, value, breakdown in values:
        if code == catalogue.REGISTERED_POPULATION:
            population[(area, period)] = float(value)
            continue
        breakdown = breakdown or {}
        if "births" in breakdown:
            births, deaths = float(breakdown["births"]), float(breakdown.get("deaths", 0))
        else:  # only the natural increase is known: births, and nobody dies
            births, deaths = max(float(value), 0.0), 0.0
        natural[area].append((births, deaths, period))
    result = {}
    for area, entries in natural.items():
        births = sum(b for b, _d, _p in entries) / len(entries)
        exposed = [(d, population.get((area, p))) for _b, d, p in entries]
        exposed = [(d, pop) for d, pop in exposed if pop]
        rate = sum(d for d, _ in exposed) / sum(pop for _, pop in exposed) if exposed else 0.0
        result[area] = Vital(births=births, death_rate=min(rate, 1.0))
    return result


@dataclass(frozen=True)
class Need:
    target_year: int
    facility: str
    population: int
    places: int


def needs(
    cohorts: dict[int, int],
    *,
    base_year: int,
    migration: dict[int, float] | None = None,
    vital: Vital = Vital(),
    base_share_left: float = 0.0,
    horizon: int = HORIZON_YEARS,
) -> list[Need]:
    """Needs for base_year+1 … base_year+horizon of one territory from its birth cohorts on the base
    date, its net migration by age and its births and death rate."""
    base = projection.by_age({base_year - born: n for born, n in cohorts.items()})
    years = projection.project(
        base,
        net_migration=projection.by_age(migration or {}),
        births=vital.births,
        death_rate=vital.death_rate,
        years=horizon,
        base_share_left=base_share_left,
    )
    result = []
    for k, population in enumerate(years, start=1):
        for facility, norm in norms().items():
            served = projection.in_band(population, norm.ages)
            result.append(Need(base_year + k, facility, _round(served), _round(norm.places(served))))
    return result


def _round(x: float) -> int:
    return int(max(0.0, x) + 0.5)
