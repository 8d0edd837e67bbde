"""Operators' ways in: ``recompute_indicators``, the nightly beat entry, the demo, the API schema."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from astana_migration.celery import app
from monitoring.models import CITY, Forecast, IndicatorValue


def test_recompute_indicators_recomputes_a_year_now(make_records):
    make_records({"registered_on": datetime.date(2025, 3, 1), "arrived_from_country": "CHN"})
    out = io.StringIO()
    call_command("recompute_indicators", "--year", "2025", stdout=out)
    assert "2025" in out.getvalue()
    assert IndicatorValue.objects.get(indicator__code="immigration", period="2025-03", area="711210000").value == 1
    assert Forecast.objects.filter(base_year=2025).exists()


def test_the_recompute_runs_nightly_and_the_sweep_every_minute_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["monitoring-recompute-indicators"]
    assert entry["task"] == "monitoring.recompute_indicators"
    assert settings.CELERY_BEAT_SCHEDULE["monitoring-sweep"] == {"task": "monitoring.sweep", "schedule": 60.0}
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


@pytest.mark.calendar
def test_the_demo_leaves_alerts_and_a_forecast(make_records, settings):
    # A few hundred records over three years, as registration's demo would leave (more, in fact).
    d = datetime.date
    today = timezone.localdate()
    rows = []
    for year in (today.year - 2, today.year - 1, today.year):
        for month in range(1, 4):
            rows += [{"registered_on": d(year, month, 5), "arrived_from_country": "CHN"}] * 3
            rows += [
                {
                    "district": "711310000",
                    "registered_on": d(2015, 1, 1),
                    "deregistered_on": d(year, month, 20),
                    "departed_to_country": "RUS",
                }
            ] * 4
    make_records(*rows)
    from random import Random

    from monitoring import demo
    from monitoring.models import OutflowAlert

    demo.load(rng=Random(1), options={}, stdout=io.StringIO())
    assert OutflowAlert.objects.exists()
    assert OutflowAlert.objects.first().plan.measures.count() == 4
    assert Forecast.objects.exists()
    assert IndicatorValue.objects.filter(indicator__code="infrastructure_provision").exists()
    # The city's density lies between its districts', every year.
    for year in (today.year - 2, today.year - 1, today.year):
        density = dict(
            IndicatorValue.objects.filter(indicator__code="population_density", period=str(year)).values_list(
                "area", "value"
            )
        )
        city = density.pop(CITY)
        assert len(density) > 1 and min(density.values()) <= city <= max(density.values())


def test_the_city_density_is_all_residents_over_all_the_area():
    from monitoring.demo import city_density

    # 1,000 residents at 1,000 per km² (1 km²) and 3,000 at 3,000 per km² (1 km²): 4,000 over 2 km².
    assert city_density({"a": 1000, "b": 3000}, {"a": 1000, "b": 3000}) == 2000
    assert city_density({"a": 1000, "b": 3000}, {}) == 1500  # nobody registered: equal weights


def test_the_api_schema_is_valid_without_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    assert "/api/v1/monitoring/values/" in schema


@pytest.mark.parametrize(
    ("day", "years"),
    [
        (datetime.date(2027, 1, 1), [2026, 2027]),
        (datetime.date(2027, 3, 31), [2026, 2027]),
        (datetime.date(2027, 4, 1), [2027]),
        (datetime.date(2026, 12, 31), [2026]),
    ],
)
def test_the_nightly_recompute_covers_last_year_in_the_first_quarter_only(day, years):
    from monitoring.services import recompute_years

    assert recompute_years(today=day) == years
