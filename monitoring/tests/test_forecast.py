"""Rules p.8: places needed in schools, kindergartens and clinics by a cohort-component projection
of the registered population (method in monitoring/forecast.py, monitoring/projection.py), on
constructed populations whose future is known by hand."""

import datetime
import random

import pytest
from django.utils import translation

from monitoring.forecast import Vital, needs
from monitoring.models import CITY, FacilityCapacity, Forecast, Indicator, IndicatorValue
from monitoring.services import MonitoringError, facility_capacity_enter, forecasts_compute
from monitoring.tests.conftest import ALMATY, SARYARKA

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar

d = datetime.date
END_OF_2026 = d(2026, 12, 31)  # a complete base year: nothing of it is still to come
KOSTANAY = "390000000"


def table(result):
    return {(n.target_year, n.facility): (n.population, n.places) for n in result}


def test_with_no_migration_and_no_births_the_cohorts_only_age():
    # 100 children aged 5 at the end of 2026 (born 2021) and 10 adults.
    result = table(needs({2021: 100, 1980: 10}, base_year=2026))
    assert result[(2027, "kindergarten")] == (0, 0)  # aged 6: out of kindergarten (1-5) …
    assert result[(2027, "school")] == (100, 100)  # … into school (6-17)
    assert result[(2031, "school")] == (100, 100)  # aged 10
    assert result[(2031, "clinic")] == (110, 2)  # 110 x 181.5 / 10,000 = 2.0 visits per shift


def test_children_age_out_of_school():
    # 40 aged 16 at the end of 2026: 17 in 2027 (still at school), 18 in 2028 (out).
    result = table(needs({2010: 40}, base_year=2026))
    assert [result[(y, "school")][0] for y in range(2027, 2032)] == [40, 0, 0, 0, 0]


def test_a_constant_net_inflow_gives_a_linear_rise():
    # 30 children aged 7 arrive every year, nobody at the base: the school band gains 30 a year.
    result = table(needs({}, base_year=2026, migration={7: 30.0}))
    assert [result[(y, "school")][0] for y in range(2027, 2032)] == [30, 60, 90, 120, 150]


def test_births_appear_at_age_0_and_reach_kindergarten_a_year_later():
    result = table(needs({}, base_year=2026, vital=Vital(births=12.0)))
    assert [result[(y, "kindergarten")][0] for y in range(2027, 2032)] == [0, 12, 24, 36, 48]
    assert [result[(y, "clinic")][0] for y in range(2027, 2032)] == [12, 24, 36, 48, 60]


def _value(code, period, area, districts, value, breakdown=None):
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code=code),
        period=period,
        period_kind="year",
        period_start=d(int(period), 1, 1),
        area=area,
        district=None if area == CITY else districts[area],
        value=value,
        breakdown=breakdown or {},
    )


def _arrival(year, born, regions, **extra):
    return {
        "birth_date": d(born, 6, 1),
        "registered_on": d(year, 3, 1),
        "arrived_from_region": regions[KOSTANAY],
        **extra,
    }


def test_it_projects_registrations_with_their_flows_per_district_and_city(make_records, districts, regions):
    # Base (end of 2026): 10 children born 2020 in Almaty, 5 born 2015 in Saryarka; all resident.
    make_records(
        *[{"birth_date": d(2020, 6, 1), "registered_on": d(2020, 7, 1)}] * 10,
        *[{"birth_date": d(2015, 6, 1), "registered_on": d(2016, 1, 1), "district": SARYARKA}] * 5,
    )
    # Flows of 2024-2026 into Almaty: 6 arrivals of 8-year-olds a year from Kostanay (counted at the
    # age reached in the year of the move), and 3 departures in 2026 of 8-year-olds to Kostanay;
    # moves inside the city and arrivals with no origin are not migration.
    make_records(
        *[_arrival(year, year - 8, regions) for year in (2024, 2025, 2026) for _ in range(6)],
        *[
            _arrival(2019, 2018, regions, deregistered_on=d(2026, 5, 1), departed_to_region=regions[KOSTANAY])
            for _ in range(3)
        ],
        *[{"birth_date": d(2018, 6, 1), "registered_on": d(2025, 3, 1)}] * 4,  # no origin: not migration
    )
    # Almaty: 9 births a year entered, no deaths; the city: natural increase only (taken as births).
    for year in ("2024", "2025", "2026"):
        _value("natural_increase", year, ALMATY, districts, 7, {"births": 9, "deaths": 0})
    _value("natural_increase", "2026", CITY, districts, 5)

    forecasts_compute(base_year=2026, today=d(2027, 2, 1))

    def row(year, area, facility):
        return Forecast.objects.get(base_year=2026, target_year=year, area=area, facility=facility)

    almaty = row(2027, ALMATY, "school")
    # Net migration per year at age 8: (6 + 6 + 6 − 3) / 3 = 5.
    assert almaty.net_migration == 5 and almaty.births == 9
    # 2027 school (6-17): the 10 born 2020 (7) + 18 earlier arrivals (9-11) + 4 without origin (9)
    # + 5 newcomers aged 8 (the 3 who left are gone from the base).
    assert almaty.population == 10 + 18 + 4 + 5
    assert row(2031, ALMATY, "school").population == 10 + 18 + 4 + 5 * 5  # a straight line
    assert row(2028, ALMATY, "kindergarten").population == 9  # the births of 2027, aged 1
    assert row(2027, SARYARKA, "school").population == 5
    city = row(2027, CITY, "school")
    assert city.population == almaty.population + 5
    assert city.births == 5  # the city's natural increase taken as births
    assert row(2028, CITY, "kindergarten").population == 5
    assert Forecast.objects.filter(base_year=2026).values("target_year").distinct().count() == 5


def test_a_running_base_year_adds_the_rest_of_its_flows(make_records, districts):
    _value("natural_increase", "2025", ALMATY, districts, 365, {"births": 365, "deaths": 0})
    # Base date 1 October 2026: 91 days of 365 still to come -> 91 births, aged 1 in 2027.
    forecasts_compute(base_year=2026, today=d(2026, 10, 1))
    kindergarten = Forecast.objects.get(target_year=2027, area=ALMATY, facility="kindergarten")
    assert kindergarten.population == 91


def test_the_shortfall_stands_beside_the_need_where_capacity_is_entered(make_records, districts, staff_user):
    make_records(*[{"birth_date": d(2019, 6, 1), "registered_on": d(2020, 1, 1)}] * 30)
    facility_capacity_enter(
        district=ALMATY, facility="school", capacity=20, as_of=d(2026, 9, 1), source_document="УО", by=staff_user
    )
    forecasts_compute(base_year=2026, today=END_OF_2026)
    school = Forecast.objects.get(target_year=2027, area=ALMATY, facility="school")
    assert (school.places, school.capacity, school.shortfall) == (30, 20, 10)
    kindergarten = Forecast.objects.get(target_year=2027, area=ALMATY, facility="kindergarten")
    assert kindergarten.capacity is None and kindergarten.shortfall is None
    # The city has no capacity of its own and not every district has one: none shown.
    assert Forecast.objects.get(target_year=2027, area=CITY, facility="school").capacity is None


def test_capacity_entry_refuses_bad_input_and_names_the_field(districts, staff_user):
    entry = {"district": ALMATY, "facility": "school", "as_of": d(2026, 9, 1), "by": staff_user}
    with translation.override("ru"), pytest.raises(MonitoringError, match="Документ-источник"):
        facility_capacity_enter(**entry, capacity=5, source_document=" ")
    with translation.override("kk"), pytest.raises(MonitoringError, match="Қолданыстағы қуат"):
        facility_capacity_enter(**entry, capacity=-1, source_document="УО")
    assert not FacilityCapacity.objects.exists()


def test_demo_like_registrations_grow_in_a_straight_line_not_fivefold(make_records, districts, regions):
    """A register like the demo's: everyone arrived in the last three years (about 1,100 a year),
    the births a tenth of that. The old method compounded the yearly net migration rate (here +100, +50
    and +33 % in the three years, a mean of +61 %) into ×10 in five years; the projection adds the
    same yearly inflow each year (a straight line)."""
    rng = random.Random(8)
    arrivals = [
        _arrival(year, year - rng.randint(0, 70), regions, registered_on=d(year, rng.randint(1, 12), 1))
        for year in (2024, 2025, 2026)
        for _ in range(1100)
    ]
    make_records(*arrivals)
    for year in ("2024", "2025", "2026"):
        _value("natural_increase", year, ALMATY, districts, 90, {"births": 110, "deaths": 20})
        _value("registered_population", year, ALMATY, districts, 1100 * (int(year) - 2023))
    forecasts_compute(base_year=2026, today=END_OF_2026)
    clinic = dict(Forecast.objects.filter(area=ALMATY, facility="clinic").values_list("target_year", "population"))
    base, yearly_inflow = 3300, 1100 + 110
    steps = [clinic[y + 1] - clinic[y] for y in range(2027, 2031)]
    # Every year adds the arrivals and the births, less deaths at 20 / 2,200 of the population.
    assert all(yearly_inflow - 0.01 * clinic[2031] <= step <= yearly_inflow for step in steps)
    assert base + 5 * yearly_inflow - 5 * 0.01 * clinic[2031] <= clinic[2031] <= base + 5 * yearly_inflow
    assert clinic[2031] < 3 * base  # about x2.7 on a register of three years' arrivals, not x10


def test_it_replaces_the_forecast_of_a_base_year(make_records, districts):
    make_records({"birth_date": d(2020, 1, 1)})
    forecasts_compute(base_year=2026, today=d(2026, 11, 25))
    count = Forecast.objects.count()
    forecasts_compute(base_year=2026, today=d(2026, 11, 25))
    assert Forecast.objects.count() == count


def test_staff_enter_capacity_in_the_admin_and_the_forecast_shows_it_with_its_method(
    client, staff_user, analyst_api, make_records, districts
):
    make_records(*[{"birth_date": d(2019, 6, 1), "registered_on": d(2020, 1, 1)}] * 12)
    client.force_login(staff_user)
    form = {"district": districts[ALMATY].pk, "facility": "school", "capacity": "5", "as_of": "2026-09-01"}
    response = client.post("/admin/monitoring/facilitycapacity/add/", {**form, "source_document": ""})
    assert response.status_code == 200 and not FacilityCapacity.objects.exists()  # the source is required
    response = client.post("/admin/monitoring/facilitycapacity/add/", {**form, "source_document": "УО, 2026"})
    assert response.status_code == 302
    assert FacilityCapacity.objects.get().area == ALMATY
    forecasts_compute(base_year=2026, today=END_OF_2026)
    page = client.get("/admin/monitoring/forecast/", {"facility": "school", "target_year": "2027"}).content.decode()
    assert "cohort" in page.lower() or "когорт" in page.lower() or "когорта" in page.lower()
    assert "СНиП 2.07.01-89*" in page  # the norms' sources stand beside the figures
    rows = analyst_api.get("/api/v1/monitoring/forecasts/").json()
    rows = rows.get("results", rows)
    school = next(r for r in rows if r["target_year"] == 2027 and r["facility"] == "school" and r["district"] == ALMATY)
    assert (school["places"], school["capacity"], school["shortfall"]) == (12, 5, 7)
