"""Each computed indicator against a small set of records whose figures were counted by hand."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import CITY, IndicatorValue
from monitoring.services import indicators_recompute
from monitoring.tests.conftest import ALMATY, SARYARKA

AKMOLA, ASTANA = "110000000", "710000000"
YEAR_END = datetime.date(2026, 12, 31)


@pytest.fixture
def hand_checked(make_records, regions):
    d = datetime.date
    make_records(
        # 1. From China: immigration, January, Almaty.
        {"registered_on": d(2026, 1, 10), "arrived_from_country": "CHN"},
        # 2. "Arrived from" Kazakhstan itself is not immigration.
        {"registered_on": d(2026, 2, 3), "arrived_from_country": "KAZ"},
        # 3. From Akmola region: internal inflow, February.
        {"registered_on": d(2026, 2, 20), "arrived_from_region": regions[AKMOLA], "ethnicity": "russian"},
        # 4. A move inside Astana is no migration into the city.
        {"registered_on": d(2026, 3, 5), "arrived_from_region": regions[ASTANA]},
        # 5. A foreign worker's temporary stay: labour migration, April — not immigration.
        {
            "kind": "temporary",
            "category": "foreigner",
            "citizenship": "UZB",
            "purpose": "work",
            "arrived_from_country": "UZB",
            "registered_on": d(2026, 4, 1),
            "valid_until": d(2026, 10, 1),
        },
        # 6. A citizen's temporary stay for work is not labour migration of foreigners.
        {"kind": "temporary", "purpose": "work", "registered_on": d(2026, 4, 2), "valid_until": d(2026, 6, 1)},
        # 7. A foreign student is not labour migration.
        {
            "kind": "temporary",
            "category": "foreigner",
            "citizenship": "CHN",
            "purpose": "study",
            "registered_on": d(2026, 4, 3),
            "valid_until": d(2026, 12, 1),
        },
        # 8. Left for Russia in June: emigration, Saryarka.
        {
            "district": SARYARKA,
            "registered_on": d(2020, 5, 1),
            "deregistered_on": d(2026, 6, 10),
            "departed_to_country": "RUS",
        },
        # 9. Left for Akmola region in July: internal outflow.
        {
            "district": SARYARKA,
            "registered_on": d(2019, 1, 1),
            "deregistered_on": d(2026, 7, 15),
            "departed_to_region": regions[AKMOLA],
        },
        # 10. Moved to another address in Astana: no outflow.
        {
            "district": SARYARKA,
            "registered_on": d(2018, 1, 1),
            "deregistered_on": d(2026, 8, 1),
            "departed_to_region": regions[ASTANA],
        },
        # 11. A resident all along.
        {"district": SARYARKA, "registered_on": d(2015, 1, 1), "ethnicity": "russian"},
        # 12. Emigrated in 2025: not a 2026 figure, and not a 2026 resident.
        {
            "district": SARYARKA,
            "registered_on": d(2025, 3, 1),
            "deregistered_on": d(2025, 12, 20),
            "departed_to_country": "TUR",
        },
        # 13. A stateless person's temporary stay for work: labour migration, May.
        {
            "kind": "temporary",
            "category": "stateless",
            "citizenship": "XXA",
            "purpose": "work",
            "registered_on": d(2026, 5, 5),
            "valid_until": d(2026, 11, 5),
        },
    )


def value(code, period, area):
    row = IndicatorValue.objects.get(indicator__code=code, period=period, area=area)
    return int(row.value), row.breakdown


def test_it_counts_immigration_as_permanent_arrivals_from_abroad(hand_checked):
    indicators_recompute(year=2026, today=YEAR_END)
    assert value("immigration", "2026-01", ALMATY)[0] == 1
    assert value("immigration", "2026-02", ALMATY)[0] == 0  # "arrived from KAZ" is not abroad
    assert value("immigration", "2026-04", ALMATY)[0] == 0  # the foreign worker is labour migration
    assert value("immigration", "2026-Q1", ALMATY)[0] == 1
    assert value("immigration", "2026", CITY)[0] == 1


def test_it_counts_emigration_as_departures_abroad_in_the_period(hand_checked):
    indicators_recompute(year=2026, today=YEAR_END)
    assert value("emigration", "2026-06", SARYARKA)[0] == 1
    assert value("emigration", "2026-Q2", SARYARKA)[0] == 1
    # The 2025 departure to Turkey is not counted in 2026.
    assert value("emigration", "2026", CITY)[0] == 1


def test_it_counts_internal_inflow_and_outflow_between_regions_only(hand_checked):
    indicators_recompute(year=2026, today=YEAR_END)
    assert value("internal_inflow", "2026-02", ALMATY)[0] == 1
    assert value("internal_inflow", "2026-03", ALMATY)[0] == 0  # a move inside Astana
    assert value("internal_inflow", "2026", CITY)[0] == 1
    assert value("internal_outflow", "2026-07", SARYARKA)[0] == 1
    assert value("internal_outflow", "2026-08", SARYARKA)[0] == 0  # a move inside Astana
    assert value("internal_outflow", "2026", CITY)[0] == 1


def test_it_counts_labour_migration_as_foreigners_temporarily_registered_for_work(hand_checked):
    indicators_recompute(year=2026, today=YEAR_END)
    assert value("labour_migration", "2026-04", ALMATY)[0] == 1
    assert value("labour_migration", "2026-05", ALMATY)[0] == 1
    assert value("labour_migration", "2026-Q2", ALMATY)[0] == 2
    assert value("labour_migration", "2026", CITY)[0] == 2


def test_it_derives_outflow_and_net_migration(hand_checked):
    indicators_recompute(year=2026, today=YEAR_END)
    outflow, parts = value("population_outflow", "2026", SARYARKA)
    assert outflow == 2 and parts == {"emigration": 1, "internal_outflow": 1}
    assert value("net_migration", "2026", ALMATY)[0] == 2
    assert value("net_migration", "2026", SARYARKA)[0] == -2
    assert value("net_migration", "2026", CITY)[0] == 0


def test_it_counts_active_permanent_residents_at_each_period_end(hand_checked):
    indicators_recompute(year=2026, today=YEAR_END)
    # End of January: record 1 in Almaty; 8, 9, 10, 11 in Saryarka.
    assert value("registered_population", "2026-01", CITY)[0] == 5
    # End of March: 1-4 in Almaty, still 8-11 in Saryarka.
    assert value("registered_population", "2026-Q1", CITY)[0] == 8
    # End of the year: 1-4 in Almaty, only 11 left in Saryarka.
    assert value("registered_population", "2026", ALMATY)[0] == 4
    assert value("registered_population", "2026", SARYARKA)[0] == 1


def test_it_breaks_national_composition_down_by_ethnicity(hand_checked):
    indicators_recompute(year=2026, today=YEAR_END)
    total, parts = value("national_composition", "2026", CITY)
    assert total == 5
    assert parts == {"kazakh": 3, "russian": 2}
    assert value("national_composition", "2026", SARYARKA)[1] == {"russian": 1}


def test_it_leaves_out_periods_that_have_not_started(hand_checked):
    indicators_recompute(year=2026, today=datetime.date(2026, 11, 25))
    assert IndicatorValue.objects.filter(period="2026-11").exists()
    assert not IndicatorValue.objects.filter(period="2026-12").exists()
    # The running year's stock is read as of now.
    assert value("registered_population", "2026", CITY)[0] == 5


def test_it_upserts_so_a_second_recompute_changes_values_not_rows(hand_checked, make_records):
    indicators_recompute(year=2026, today=YEAR_END)
    rows = IndicatorValue.objects.count()
    make_records({"registered_on": datetime.date(2026, 1, 20), "arrived_from_country": "TUR"})
    indicators_recompute(year=2026, today=YEAR_END)
    assert IndicatorValue.objects.count() == rows
    assert value("immigration", "2026-01", ALMATY)[0] == 2


def test_it_runs_the_same_number_of_queries_however_many_records(hand_checked, make_records):
    # SQL aggregates, not a loop over records: ten times the records, the same queries.
    with CaptureQueriesContext(connection) as few:
        indicators_recompute(year=2026, today=YEAR_END)
    make_records(*[{"registered_on": datetime.date(2026, 3, 1), "arrived_from_country": "CHN"}] * 120)
    with CaptureQueriesContext(connection) as many:
        indicators_recompute(year=2026, today=YEAR_END)
    assert len(many) == len(few)
