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

# Birth year -> persons registered in a district on the base date (2026).
COHORTS = {1990: 100, 2015: 4, 2020: 10, 2023: 6, 2024: 3, 2025: 9}


def needs(rate="0"):
    return {
        (n.target_year, n.facility): (n.population, n.places)
        for n in project(COHORTS, base_year=2026, rate=Decimal(rate))
    }


def test_it_counts_school_and_kindergarten_ages_by_birth_year():
    result = needs()
    # 2027: school age 6-17 = born 2010-2021 -> 4 + 10.
    assert result[(2027, "school")] == (14, 14)
    # Kindergarten 1-5 = born 2022-2026; 2026 is not complete yet, so it is taken as the mean of
    # 2023-2025 = (6 + 3 + 9) / 3 = 6 -> 0 + 6 + 3 + 9 + 6.
    assert result[(2027, "kindergarten")] == (24, 24)
    # 2028: born 2023-2027 -> 6 + 3 + 9 + 6 + 6.
    assert result[(2028, "kindergarten")] == (30, 30)


def test_it_sizes_clinics_per_10000_residents():
    # 132 residents + 6 newborns a year ahead = 138; x 181.5 / 10,000 = 2.5 visits per shift -> 3.
    assert needs()[(2027, "clinic")] == (138, 3)


def test_it_grows_every_cohort_by_the_net_migration_rate():
    # +10 % a year: 14 x 1.1 = 15.4 school children in 2027; 14 x 1.21 = 16.9 in 2028.
    result = needs("0.1")
    assert result[(2027, "school")][0] == 15
    assert result[(2028, "school")][0] == 17


def test_it_forecasts_per_district_and_city_from_registrations(make_records, districts):
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
    )
    # Net migration of 2025: +10 % of the registered population.
    for code, value in (("net_migration", 1), ("registered_population", 10)):
        IndicatorValue.objects.create(
            indicator=Indicator.objects.get(code=code),
            period="2025",
            period_kind="year",
            period_start=d(2025, 1, 1),
            area=ALMATY,
            district=districts[ALMATY],
            value=value,
        )
    forecasts_compute(base_year=2026, today=d(2026, 11, 25))
    school = Forecast.objects.get(target_year=2027, area=ALMATY, facility="school")
    assert school.population == 12  # 11 x 1.1
    assert school.migration_rate == Decimal("0.1")
    assert Forecast.objects.get(target_year=2027, area=CITY, facility="school").population == 11  # no city rate
    assert Forecast.objects.filter(base_year=2026).values("target_year").distinct().count() == 5


def test_it_replaces_the_forecast_of_a_base_year(make_records, districts):
    make_records({"birth_date": datetime.date(2020, 1, 1)})
    forecasts_compute(base_year=2026, today=datetime.date(2026, 11, 25))
    count = Forecast.objects.count()
    forecasts_compute(base_year=2026, today=datetime.date(2026, 11, 25))
    assert Forecast.objects.count() == count
