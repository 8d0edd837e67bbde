"""What a proposal freezes as its evidence: one period and territory's figures and alerts, as JSON."""

import datetime
import json

from monitoring.models import CITY
from monitoring.selectors import evidence_snapshot, open_alerts
from monitoring.services import indicators_recompute, natural_increase_enter
from monitoring.tests.conftest import SARYARKA


def test_it_snapshots_values_and_alerts_of_a_district_as_plain_json(make_records, districts):
    make_records(
        {
            "district": SARYARKA,
            "registered_on": datetime.date(2020, 1, 1),
            "deregistered_on": datetime.date(2026, 2, 1),
            "departed_to_country": "RUS",
        }
    )
    indicators_recompute(year=2026, today=datetime.date(2026, 12, 31))
    natural_increase_enter(
        period="2026-Q1", district=districts[SARYARKA], births=1, deaths=1, source_document="x", by=None
    )

    snapshot = evidence_snapshot(period="2026-Q1", district=SARYARKA, indicators=["emigration", "natural_increase"])
    assert json.loads(json.dumps(snapshot)) == snapshot  # frozen as it is
    assert (snapshot["period"], snapshot["district"]) == ("2026-Q1", SARYARKA)
    assert {v["indicator"]: v["value"] for v in snapshot["values"]} == {
        "emigration": "1.00",
        "natural_increase": "0.00",
    }
    assert [a["period"] for a in snapshot["alerts"]] == ["2026-Q1"]
    assert list(open_alerts(district=districts[SARYARKA]))[0].period == "2026-Q1"


def test_it_takes_the_citys_kato_or_none_for_the_whole_city(make_records, districts):
    indicators_recompute(year=2026, today=datetime.date(2026, 12, 31))
    assert evidence_snapshot(period="2026", district=CITY)["district"] is None
    assert evidence_snapshot(period="2026", district=None)["values"]
