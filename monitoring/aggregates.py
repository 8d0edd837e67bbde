"""The computed indicators as SQL aggregates over registration records (rules p.3, p.8-9).

Three scans of ``registration_registrationrecord`` per year, each one ``GROUP BY`` with filtered
counts, never a Python loop over records:

1. arrivals: registrations made in the year, by district and month — immigration, internal
   inflow, labour migration;
2. departures: registrations ended in the year, by district and month — emigration, internal
   outflow;
3. stock: permanent registrations active at each month end of the year, by district and ethnicity —
   registered population and national composition.

What comes back is a few hundred aggregate rows; ``rollup`` turns months into quarters and the year,
and districts into the whole city.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth

from kernel.territory.models import ASTANA_KATO, Region
from monitoring import catalogue as c
from monitoring.models import CITY
from monitoring.periods import Period, year_periods
from registration.choices import Category, Kind, Purpose
from registration.models import RegistrationRecord

HOME_COUNTRY = "KAZ"

PERMANENT = Q(kind=Kind.PERMANENT)
FROM_ABROAD = ~Q(arrived_from_country="") & ~Q(arrived_from_country=HOME_COUNTRY)
TO_ABROAD = ~Q(departed_to_country="") & ~Q(departed_to_country=HOME_COUNTRY)
FOREIGN_WORKER = Q(kind=Kind.TEMPORARY, purpose=Purpose.WORK) & ~Q(category=Category.CITIZEN)


def _from_other_region(astana_id) -> Q:
    return Q(arrived_from_region__isnull=False) & ~Q(arrived_from_region_id=astana_id)


def _to_other_region(astana_id) -> Q:
    return Q(departed_to_region__isnull=False) & ~Q(departed_to_region_id=astana_id)


def _month_ends(year: int) -> list[datetime.date]:
    return [Period.month(year, m).end for m in range(1, 13)]


def arrivals(year: int, astana_id) -> list[dict]:
    """Registrations made in ``year``: one row per district and month."""
    return list(
        RegistrationRecord.objects.filter(
            registered_on__gte=datetime.date(year, 1, 1), registered_on__lte=datetime.date(year, 12, 31)
        )
        .values("district_id", month=ExtractMonth("registered_on"))
        .annotate(
            immigration=Count("id", filter=PERMANENT & FROM_ABROAD),
            internal_inflow=Count("id", filter=PERMANENT & _from_other_region(astana_id)),
            labour_migration=Count("id", filter=FOREIGN_WORKER),
        )
        .order_by()
    )


def departures(year: int, astana_id) -> list[dict]:
    """Registrations ended in ``year``: one row per district and month."""
    return list(
        RegistrationRecord.objects.filter(
            deregistered_on__gte=datetime.date(year, 1, 1), deregistered_on__lte=datetime.date(year, 12, 31)
        )
        .values("district_id", month=ExtractMonth("deregistered_on"))
        .annotate(
            emigration=Count("id", filter=PERMANENT & TO_ABROAD),
            internal_outflow=Count("id", filter=PERMANENT & _to_other_region(astana_id)),
        )
        .order_by()
    )


def _active_on(day: datetime.date) -> Q:
    return Q(registered_on__lte=day) & (Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=day))


def stock(year: int) -> list[dict]:
    """Permanent registrations active at each month end (``m1`` … ``m12``), per district and ethnicity."""
    ends = _month_ends(year)
    return list(
        RegistrationRecord.objects.filter(PERMANENT, registered_on__lte=ends[-1])
        .filter(Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=ends[0]))
        .values("district_id", "ethnicity")
        .annotate(**{f"m{i}": Count("id", filter=_active_on(end)) for i, end in enumerate(ends, start=1)})
        .order_by()
    )


def astana_region_id():
    return Region.objects.filter(kato=ASTANA_KATO).values_list("id", flat=True).first()


def computed_cells(year: int, districts: dict[int, str], *, today: datetime.date) -> dict[tuple[str, str, str], dict]:
    """Every computed indicator of ``year`` as ``{(code, period, area): {"value": n, "breakdown": {...}}}``.

    ``districts`` maps the ids of Astana's districts to their KATO codes; records in any other
    district are left out. Periods that have not started by ``today`` are left out.
    """
    astana_id = astana_region_id()
    flows = defaultdict(lambda: defaultdict(int))  # (code, month) -> {district kato: n}
    for row in arrivals(year, astana_id) + departures(year, astana_id):
        kato = districts.get(row["district_id"])
        if kato is None:
            continue
        for code in (c.IMMIGRATION, c.INTERNAL_INFLOW, c.LABOUR_MIGRATION, c.EMIGRATION, c.INTERNAL_OUTFLOW):
            if code in row:
                flows[(code, row["month"])][kato] += row[code]
    population = defaultdict(lambda: defaultdict(int))  # month -> {kato: n}
    ethnic = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))  # month -> kato -> {ethnicity: n}
    for row in stock(year):
        kato = districts.get(row["district_id"])
        if kato is None:
            continue
        for month in range(1, 13):
            n = row[f"m{month}"]
            if n:
                population[month][kato] += n
                ethnic[month][kato][row["ethnicity"]] += n
    return rollup(year, list(districts.values()), flows, population, ethnic, today=today)


def rollup(year, katos, flows, population, ethnic, *, today) -> dict:
    cells = {}
    areas = [*katos, CITY]
    for period in year_periods(year):
        if period.start > today:
            continue
        months = [m.number for m in period.months()]
        last = max(m.number for m in period.months() if m.start <= today)
        for area in areas:
            scope = katos if area == CITY else [area]

            def flow(code, months=months, scope=scope):
                return sum(flows[(code, m)][k] for m in months for k in scope)

            figures = {
                code: flow(code)
                for code in (c.IMMIGRATION, c.INTERNAL_INFLOW, c.LABOUR_MIGRATION, c.EMIGRATION, c.INTERNAL_OUTFLOW)
            }
            figures[c.NET_MIGRATION] = (
                figures[c.IMMIGRATION]
                + figures[c.INTERNAL_INFLOW]
                - figures[c.EMIGRATION]
                - figures[c.INTERNAL_OUTFLOW]
            )
            for code, value in figures.items():
                cells[(code, str(period), area)] = {"value": value, "breakdown": {}}
            cells[(c.POPULATION_OUTFLOW, str(period), area)] = {
                "value": figures[c.EMIGRATION] + figures[c.INTERNAL_OUTFLOW],
                "breakdown": {c.EMIGRATION: figures[c.EMIGRATION], c.INTERNAL_OUTFLOW: figures[c.INTERNAL_OUTFLOW]},
            }
            # Stocks are read at the period's last month end (the last month begun, for the running year).
            composition = defaultdict(int)
            for k in scope:
                for ethnicity, n in ethnic[last][k].items():
                    composition[ethnicity] += n
            composition = dict(sorted(composition.items(), key=lambda item: (-item[1], item[0])))
            total = sum(population[last][k] for k in scope)
            cells[(c.REGISTERED_POPULATION, str(period), area)] = {"value": total, "breakdown": {}}
            cells[(c.NATIONAL_COMPOSITION, str(period), area)] = {"value": total, "breakdown": composition}
    return cells
