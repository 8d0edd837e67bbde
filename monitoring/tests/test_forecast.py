"""Rules p.8: places needed in schools, kindergartens and clinics from the age structure of
active registrations and recent net migration (method in monitoring/forecast.py)."""

import datetime
from decimal import Decimal

import pytest

from monitoring.forecast import project
from monitoring.models import CITY, Forecast, Indicator, IndicatorValue
from monitoring.services import forecasts_compute
from monitoring.tests.conftest import ALMATY

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar


def needs(cohorts, *, net_by_age=None, births=None):
    return {
        (n.target_year, n.facility): (n.population, n.places)
        for n in project(cohorts, base_year=2026, net_by_age=net_by_age, births=births)
    }


def test_with_no_migration_and_no_births_the_cohorts_only_age():
    # 100 children born in 2021 (five on the base date) and 40 adults born in 1990.
    result = needs({2021: 100, 1990: 40}, births=Decimal(0))
    assert result[(2027, "kindergarten")] == (0, 0)  # six in 2027: out of the 1-5 band…
    assert result[(2027, "school")] == (100, 100)  # …and into school, where they stay to 2031
    assert result[(2031, "school")] == (100, 100)
    assert {result[(year, "clinic")][0] for year in range(2027, 2032)} == {140}  # nobody comes or goes


def test_a_constant_net_inflow_gives_a_linear_rise_not_a_compounding_one():
    # 10 persons aged 30 arrive (net) every year; no births.
    result = needs({1990: 100}, net_by_age={30: Decimal(10)}, births=Decimal(0))
    assert [result[(year, "clinic")][0] for year in range(2027, 2032)] == [110, 120, 130, 140, 150]
    # 7 children aged 7 a year: school age 6-17, so the school population rises by 7 a year.
    result = needs({}, net_by_age={7: Decimal(7)}, births=Decimal(0))
    assert [result[(year, "school")][0] for year in range(2027, 2032)] == [7, 14, 21, 28, 35]


def test_births_appear_at_age_zero_and_age_into_kindergarten():
    result = needs({}, births=Decimal(5))
    # 2027: the 2026 cohort (5) is one; 2028: the 2026 and 2027 cohorts.
    assert result[(2027, "kindergarten")] == (5, 5)
    assert result[(2028, "kindergarten")] == (10, 10)
    assert result[(2027, "clinic")][0] == 10  # born 2026 and 2027


def test_without_entered_births_the_registered_birth_cohorts_stand_in():
    # The mean of the complete cohorts 2023-2025 = (6 + 3 + 9) / 3 = 6 a year.
    result = needs({2023: 6, 2024: 3, 2025: 9})
    assert result[(2027, "kindergarten")] == (24, 24)  # born 2022-2026: 6 + 3 + 9 + 6


def test_clinics_are_sized_per_10000_residents():
    # 10,000 residents and no change: 181.5 visits per shift -> 182.
    assert needs({1990: 10000}, births=Decimal(0))[(2027, "clinic")] == (10000, 182)


def test_it_forecasts_per_district_and_city_from_registrations_and_entered_births(make_records, districts):
    d = datetime.date
    make_records(
        *[{"birth_date": d(2020, 6, 1), "registered_on": d(2020, 7, 1)}] * 10,
        {"birth_date": d(2015, 6, 1), "registered_on": d(2016, 1, 1)},
        # Gone before the base date, and a temporary stay: neither counts.
        {"birth_date": d(2015, 6, 1), "registered_on": d(2016, 1, 1), "deregistered_on": d(2026, 1, 1)},
        {
            "birth_date": d(2015, 6, 1),
            "kind": "temporary",
            "registered_on": d(2026, 1, 1),
            "valid_until": d(2026, 12, 1),
        },
        # Three children of 8 arrived in 2024: a net inflow of one such child a year (mean of 2023-2025).
        *[{"birth_date": d(2016, 3, 1), "registered_on": d(2024, 5, 1)}] * 3,
    )
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="natural_increase"),
        period="2025",
        period_kind="year",
        period_start=d(2025, 1, 1),
        area=ALMATY,
        district=districts[ALMATY],
        value=6,
        breakdown={"births": 6, "deaths": 0},
    )
    forecasts_compute(base_year=2026, today=d(2026, 11, 25))
    school = {f.target_year: f.population for f in Forecast.objects.filter(area=ALMATY, facility="school")}
    # 2027: born 2010-2021 = 10 + 1 + 3, plus one child of 8 arriving -> 15; then one more a year.
    assert [school[year] for year in range(2027, 2032)] == [15, 16, 17, 18, 19]
    kindergarten = Forecast.objects.get(target_year=2027, area=ALMATY, facility="kindergarten")
    assert kindergarten.population == 6  # the entered births of 2025, for the 2026 cohort
    assert Forecast.objects.get(target_year=2027, area=CITY, facility="school").population == 15
    assert Forecast.objects.filter(base_year=2026).values("target_year").distinct().count() == 5


def test_it_replaces_the_forecast_of_a_base_year(make_records, districts):
    make_records({"birth_date": datetime.date(2020, 1, 1)})
    forecasts_compute(base_year=2026, today=datetime.date(2026, 11, 25))
    count = Forecast.objects.count()
    forecasts_compute(base_year=2026, today=datetime.date(2026, 11, 25))
    assert Forecast.objects.count() == count
