"""Quota fill (issue 15): admissions whose pace, projection and status are known by hand.

Each quota is for 2026 (365 days); "today" is 1 July 2026, the 182nd day, with 183 days left.
The recent pace is the last 90 days (2 April – 1 July); the range, the last three 30-day windows.
"""

import datetime
import itertools

import pytest
import time_machine
from django.utils import timezone

from kernel.territory.models import Region
from quotas.fill import fill_by_region, quotas_fill
from quotas.models import Admission, Quota
from quotas.tests.test_admissions_api import _payload

TODAY = datetime.date(2026, 7, 1)
_iins = itertools.count(100000000000)


def _quota(region, *, limit, status=Quota.Status.OPEN, year=2026):
    return Quota.objects.create(
        kind="kandas", region=region, period_start=year, period_end=year, limit_persons=limit, status=status
    )


def _admit(quota, settlement, day, persons):
    Admission.objects.create(
        quota=quota,
        head_iin=str(next(_iins)),
        head_surname="Әбенов",
        head_name="Ерлан",
        head_birth_date=datetime.date(1980, 1, 1),
        settlement=settlement,
        admitted_on=day,
        persons=persons,
    )


def _monthly(quota, settlement, per_month: dict[int, int]):
    for month, persons in per_month.items():
        _admit(quota, settlement, datetime.date(2026, month, 15), persons)


def _fill(quota):
    (fill,) = quotas_fill([quota], today=TODAY)
    return fill


def test_a_quota_filled_evenly_is_on_track(pavlodar, settlement):
    quota = _quota(pavlodar, limit=1300)
    _monthly(quota, settlement, dict.fromkeys(range(1, 7), 100))
    fill = _fill(quota)
    assert fill.used_persons == 600 and fill.used_families == 6
    assert fill.expected_persons_by_now == round(1300 * 182 / 365)  # 648
    # 300 persons in the last 90 days: 10/3 a day over 183 days = 610 more.
    assert fill.projected_persons_at_period_end == 1210
    assert (fill.projected_low, fill.projected_high) == (1210, 1210)  # 100 in each 30-day window
    assert fill.status == "on_track"
    assert [m["month"] for m in fill.monthly] == [f"2026-{m:02d}" for m in range(1, 8)]
    assert [m["used_persons"] for m in fill.monthly] == [100, 200, 300, 400, 500, 600, 600]


def test_a_quota_that_stalls_in_spring_is_behind(pavlodar, settlement):
    quota = _quota(pavlodar, limit=1200)
    _monthly(quota, settlement, {1: 100, 2: 100, 3: 100})
    fill = _fill(quota)
    assert fill.used_persons == 300
    assert fill.projected_persons_at_period_end == 300  # nothing since March
    assert fill.status == "behind"


def test_a_quota_that_will_run_out_in_autumn_is_at_risk(pavlodar, settlement):
    quota = _quota(pavlodar, limit=1800)
    _monthly(quota, settlement, dict.fromkeys(range(1, 7), 200))
    fill = _fill(quota)
    assert fill.used_persons == 1200
    # 600 in 90 days: 20/3 a day; 1,200 + 1,220 = 2,420 > 1,800 — the 600 places left last 90 days (to late Sept).
    assert fill.projected_persons_at_period_end == 2420
    assert fill.status == "at_risk"


def test_a_closed_quota_and_an_exhausted_one(pavlodar, settlement):
    closed = _quota(pavlodar, limit=1000, status=Quota.Status.CLOSED)
    full = _quota(Region.objects.get(kato="590000000"), limit=50)
    _monthly(full, settlement, {5: 50})
    fills = {f.quota.pk: f for f in quotas_fill([closed, full], today=TODAY)}
    assert fills[closed.pk].status == "closed"
    assert fills[full.pk].status == "exhausted"


def test_a_region_sums_its_quotas_of_a_kind_and_takes_the_most_urgent_status(pavlodar, settlement):
    """Pavlodar's own kandas quota (even: on track) and its Irtysh district's (at risk) make one bar;
    its resettler quota (stalled: behind) another; Almaty's (closed) a third."""
    irtysh = settlement.district
    even = _quota(pavlodar, limit=1300)
    _monthly(even, settlement, dict.fromkeys(range(1, 7), 100))
    running_out = Quota.objects.create(
        kind="kandas", region=pavlodar, district=irtysh, period_start=2026, period_end=2026, limit_persons=1800
    )
    _monthly(running_out, settlement, dict.fromkeys(range(1, 7), 200))
    stalled = Quota.objects.create(
        kind="resettler", region=pavlodar, period_start=2026, period_end=2026, limit_persons=1200
    )
    _monthly(stalled, settlement, {1: 100, 2: 100, 3: 100})
    almaty = Region.objects.get(kato="190000000")
    _quota(almaty, limit=100, status=Quota.Status.CLOSED)
    rows = fill_by_region(Quota.objects.select_related("region"), today=TODAY)
    assert [(row.kind, row.region_id) for row in rows] == [
        ("kandas", almaty.pk),  # regions by KATO within a kind: 19… before 55…
        ("kandas", pavlodar.pk),
        ("resettler", pavlodar.pk),
    ]
    closed, kandas, resettler = rows
    assert (kandas.limit_persons, kandas.used_persons, kandas.used_families) == (3100, 1800, 12)
    assert kandas.expected_persons_by_now == round(1300 * 182 / 365) + round(1800 * 182 / 365)  # 648 + 897
    assert (kandas.status, resettler.status, closed.status) == ("at_risk", "behind", "closed")


def test_cancelled_admissions_do_not_count_and_a_future_quota_is_on_track(pavlodar, settlement):
    quota = _quota(pavlodar, limit=1300)
    _monthly(quota, settlement, {1: 100, 2: 100})
    Admission.objects.filter(quota=quota, admitted_on__month=2).update(
        status=Admission.Status.CANCELLED, cancelled_at=timezone.now()
    )
    assert _fill(quota).used_persons == 100
    future = _fill(_quota(pavlodar, limit=500, year=2027))
    assert (future.status, future.expected_persons_by_now, future.monthly) == (
        "on_track",
        0,
        [{"month": "2027-01", "used_persons": 0, "used_families": 0}],
    )


def test_the_api_shows_a_real_admission_moving_the_fill(staff_api, analyst_api, kandas_quota, settlement, rng, today):
    url = "/api/v1/quotas/fill/"
    before = analyst_api.get(url, {"year": today.year})
    assert before.status_code == 200
    (row,) = before.json()["results"]
    assert (row["quota"], row["used_persons"], row["limit_persons"]) == (kandas_quota.pk, 0, 10)
    admitted = staff_api.post(
        f"/api/v1/quotas/{kandas_quota.pk}/admissions/", _payload(rng, settlement, today, members=2), format="json"
    )
    assert admitted.status_code == 201
    (row,) = analyst_api.get(url, {"year": today.year, "kind": "kandas"}).json()["results"]
    assert (row["used_persons"], row["used_families"]) == (3, 1)
    assert row["monthly"][-1] == {"month": f"{today:%Y-%m}", "used_persons": 3, "used_families": 1}
    assert set(row) >= {
        "kind",
        "territory",
        "period_start",
        "period_end",
        "limit_families",
        "expected_persons_by_now",
        "projected_persons_at_period_end",
        "projected_low",
        "projected_high",
        "status",
    }
    assert analyst_api.get(url, {"year": "-1"}).status_code == 400


@pytest.mark.django_db
def test_the_fill_is_in_the_openapi_schema_with_an_example(staff_api):
    schema = staff_api.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/quotas/fill/"]["get"]
    content = operation["responses"]["200"]["content"]["application/json"]
    assert "examples" in content


def test_the_quota_page_shows_the_fill_with_its_chart_and_method(client, staff_user, pavlodar, settlement):
    quota = _quota(pavlodar, limit=1800)
    _monthly(quota, settlement, dict.fromkeys(range(1, 7), 200))
    client.force_login(staff_user)
    with time_machine.travel(datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC), tick=False):
        html = client.get(f"/admin/quotas/quota/{quota.pk}/change/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "at risk: will run out early" in html
    assert "2420" in html.replace("\u00a0", "").replace(" ", "").replace(",", "")
    assert '<polyline class="used"' in html and '<polyline class="plan"' in html
    assert '<polygon class="range"' in html
    assert "Method:" in html
