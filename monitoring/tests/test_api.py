"""The monitoring API: indicators with stable codes, values filtered by period, district and
indicator; staff, the head and analysts read it, mobility centres do not."""

import datetime

import pytest

from monitoring.models import CITY
from monitoring.services import indicators_recompute, natural_increase_enter
from monitoring.tests.conftest import ALMATY, SARYARKA

INDICATORS, VALUES = "/api/v1/monitoring/indicators/", "/api/v1/monitoring/values/"


@pytest.fixture
def figures(make_records, districts):
    make_records({"registered_on": datetime.date(2026, 1, 10), "arrived_from_country": "CHN"})
    indicators_recompute(year=2026, today=datetime.date(2026, 12, 31))
    natural_increase_enter(period="2026", district=None, births=50, deaths=20, source_document="БНС 2026", by=None)


def test_it_lists_indicators_with_stable_codes(analyst_api):
    response = analyst_api.get(INDICATORS)
    assert response.status_code == 200
    items = {i["code"]: i for i in response.json()["results"]}
    assert {"immigration", "national_composition", "infrastructure_provision", "natural_increase"} <= set(items)
    assert items["immigration"]["source"] == "computed"
    assert items["infrastructure_engineering"]["parent"] == "infrastructure_provision"
    assert items["natural_increase"]["name_kk"].startswith("Халықтың табиғи өсімі")


def test_it_filters_values_by_period_district_and_indicator(analyst_api, figures):
    response = analyst_api.get(VALUES, {"period": "2026-01", "district": ALMATY, "indicator": "immigration"})
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "indicator": "immigration",
            "period": "2026-01",
            "district": ALMATY,
            "value": 1.0,
            "breakdown": {},
            "source_document": "",
            "updated_at": response.json()["results"][0]["updated_at"],
        }
    ]


def test_it_gives_whole_city_values_with_a_null_district(analyst_api, figures):
    results = analyst_api.get(VALUES, {"district": "null", "indicator": "natural_increase"}).json()["results"]
    assert [(r["period"], r["district"], r["value"], r["breakdown"]) for r in results] == [
        ("2026", None, 30.0, {"births": 50, "deaths": 20})
    ]
    # The city's own KATO code means the same.
    assert analyst_api.get(VALUES, {"district": CITY, "indicator": "natural_increase"}).json()["count"] == 1


def test_it_carries_the_breakdown_of_national_composition(analyst_api, figures):
    results = analyst_api.get(VALUES, {"period": "2026", "indicator": "national_composition", "district": "null"})
    assert results.json()["results"][0]["breakdown"] == {"kazakh": 1}


def test_it_takes_several_indicators_and_a_year(analyst_api, figures):
    data = analyst_api.get(VALUES, {"indicator": "immigration,emigration", "year": 2026, "district": SARYARKA}).json()
    assert {r["indicator"] for r in data["results"]} == {"immigration", "emigration"}
    assert data["count"] == 2 * 17  # the year, 4 quarters, 12 months


@pytest.mark.parametrize("client_name", ["analyst_api", "staff_api", "head_api"])
def test_it_lets_analysts_and_staff_read(request, client_name, figures):
    client = request.getfixturevalue(client_name)
    assert client.get(INDICATORS).status_code == 200
    assert client.get(VALUES).status_code == 200


def test_it_refuses_a_mobility_centre_key(mobility_key_api):
    assert mobility_key_api.get(INDICATORS).status_code == 403
    assert mobility_key_api.get(VALUES).status_code == 403


def test_it_refuses_a_staff_scope_key_too(staff_key_api):
    # Monitoring is for the Department's people, not for partner systems.
    assert staff_key_api.get(VALUES).status_code == 403


def test_it_refuses_a_mobility_centre_user_and_anonymous_callers(client, mobility_user, reference_data):
    assert client.get(VALUES).status_code == 401
    client.force_login(mobility_user)
    assert client.get(VALUES).status_code == 403


def test_it_is_linked_from_the_api_root(analyst_api):
    links = analyst_api.get("/api/v1/").json()
    assert links["indicator-list"].endswith(INDICATORS)
    assert links["value-list"].endswith(VALUES)


def test_it_lists_alerts_and_forecasts(analyst_api, figures):
    assert analyst_api.get("/api/v1/monitoring/alerts/").status_code == 200
    assert analyst_api.get("/api/v1/monitoring/forecasts/").status_code == 200
