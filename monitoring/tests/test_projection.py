"""The cohort-component projection (monitoring/projection.py) on constructed populations whose
future is known by hand."""

import pytest

from monitoring.projection import AGES, MAX_AGE, by_age, in_band, project

SCHOOL = (6, 17)


def test_with_no_migration_births_or_deaths_the_cohorts_only_age():
    years = project(by_age({5: 100, 40: 7}))
    assert len(years) == 5
    assert years[0][6] == 100 and years[0][5] == 0
    after_five = years[4]
    assert after_five[10] == 100 and after_five[45] == 7
    assert sum(after_five) == 107


def test_people_age_out_of_the_school_band():
    # 30 children aged 15: in the school band for two more years, then out of it.
    years = project(by_age({15: 30}))
    assert [in_band(y, SCHOOL) for y in years] == [30, 30, 0, 0, 0]


def test_the_open_age_keeps_its_people():
    years = project(by_age({99: 4, MAX_AGE: 3, 120: 2}))
    assert years[0][MAX_AGE] == 9
    assert years[4][MAX_AGE] == 9


def test_a_constant_net_inflow_raises_the_band_linearly():
    # 50 children aged 8 arrive every year: the school band gains 50 a year (the earlier arrivals
    # are 9, 10, … and still of school age) — a straight line, not compound growth.
    inflow = [0.0] * AGES
    inflow[8] = 50
    years = project(by_age({}), net_migration=inflow)
    assert [in_band(y, SCHOOL) for y in years] == [50, 100, 150, 200, 250]
    assert [sum(y) for y in years] == [50, 100, 150, 200, 250]


def test_departures_cannot_take_an_age_below_zero():
    outflow = [0.0] * AGES
    outflow[31] = -20
    years = project(by_age({30: 12}), net_migration=outflow)
    assert years[0][31] == 0
    assert sum(years[4]) == 0


def test_births_appear_at_age_0_and_then_age():
    years = project(by_age({}), births=10)
    assert years[0][0] == 10
    assert years[2][:4] == [10, 10, 10, 0]
    # Kindergarten 1-5 after five years: the births of years 1-4 (the fifth year's are aged 0).
    assert in_band(years[4], (1, 5)) == 40


def test_a_crude_death_rate_thins_every_cohort():
    years = project(by_age({40: 1000}), death_rate=0.01)
    assert years[0][41] == pytest.approx(990)
    assert years[1][42] == pytest.approx(980.1)


def test_the_rest_of_a_base_year_adds_its_share_of_the_flows_without_ageing():
    inflow = [0.0] * AGES
    inflow[20] = 40
    years = project(by_age({}), net_migration=inflow, births=8, base_share_left=0.25)
    # A quarter of a year: 10 persons aged 20 and 2 newborns, who then age with everyone.
    assert years[0][21] == 10 and years[0][20] == 40
    assert years[0][1] == 2 and years[0][0] == 8


def test_it_refuses_populations_of_the_wrong_length():
    with pytest.raises(ValueError, match="ages 0"):
        project([1.0, 2.0])
