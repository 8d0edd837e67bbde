"""GET /api/v1/quotas/: the fields docs/architecture.md promises, the three filters, and who may read."""

import pytest

from kernel.territory.models import Region
from quotas.services import admission_create, quota_create
from quotas.tests.conftest import family

FIELDS = {
    "id",
    "kind",
    "period_start",
    "period_end",
    "territory",
    "limit_persons",
    "limit_families",
    "used_persons",
    "used_families",
    "utilisation",
}


@pytest.fixture
def quotas(pavlodar, this_year):
    north = Region.objects.get(kato="590000000")
    return {
        "pavlodar_kandas": quota_create(
            kind="kandas", region=pavlodar, period_start=this_year, limit_persons=977, by=None
        ),
        "north_resettler": quota_create(
            kind="resettler", region=north, period_start=this_year, limit_persons=2820, limit_families=1000, by=None
        ),
        "north_medium_term": quota_create(
            kind="resettler",
            region=north,
            period_start=this_year + 1,
            period_end=this_year + 3,
            limit_persons=9000,
            by=None,
        ),
    }


def test_it_lists_quotas_with_exactly_the_documented_fields(staff_api, quotas, settlement, rng, today):
    head, members = family(rng, members=1)
    admission_create(
        quota=quotas["pavlodar_kandas"], head=head, members=members, settlement=settlement, admitted_on=today, by=None
    )
    response = staff_api.get("/api/v1/quotas/")
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()["results"]}
    assert len(items) == 3
    pavlodar = items[quotas["pavlodar_kandas"].pk]
    assert set(pavlodar) == FIELDS
    assert pavlodar["territory"] == "550000000"
    assert (pavlodar["limit_persons"], pavlodar["used_persons"], pavlodar["used_families"]) == (977, 2, 1)
    assert pavlodar["limit_families"] is None
    assert pavlodar["utilisation"] == 0.2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=kandas", {"pavlodar_kandas"}),
        ("kind=resettler", {"north_resettler", "north_medium_term"}),
        ("region=590000000", {"north_resettler", "north_medium_term"}),
        ("region=55", {"pavlodar_kandas"}),
        ("year={next}", {"north_medium_term"}),
        ("year={this}&region=59", {"north_resettler"}),
        ("year=2001", set()),
    ],
)
def test_it_filters_by_kind_year_and_region(analyst_api, quotas, this_year, query, expected):
    response = analyst_api.get("/api/v1/quotas/?" + query.format(this=this_year, next=this_year + 2))
    assert response.status_code == 200
    names = {pk: name for name, quota in quotas.items() for pk in [quota.pk]}
    assert {names[item["id"]] for item in response.json()["results"]} == expected


@pytest.mark.parametrize("query", ["kind=tourists", "year=soon", "region=Pavlodar"])
def test_it_answers_400_to_a_bad_filter(staff_api, quotas, query):
    response = staff_api.get("/api/v1/quotas/?" + query)
    assert response.status_code == 400


def test_staff_head_analysts_and_staff_keys_read_it(staff_api, head_api, analyst_api, staff_key_api, quotas):
    for client in (staff_api, head_api, analyst_api, staff_key_api):
        assert client.get("/api/v1/quotas/").status_code == 200


def test_mobility_centres_and_strangers_do_not(client, mobility_key_api, mobility_user, quotas):
    assert mobility_key_api.get("/api/v1/quotas/").status_code == 403
    assert client.get("/api/v1/quotas/").status_code in (401, 403)
    client.force_login(mobility_user)
    assert client.get("/api/v1/quotas/").status_code == 403


def test_the_api_root_links_the_quota_list(staff_api, quotas):
    assert staff_api.get("/api/v1/").json()["quota-list"].endswith("/api/v1/quotas/")


def test_the_detail_shows_utilisation_by_settlement(analyst_api, quotas, settlement, rng, today):
    quota = quotas["pavlodar_kandas"]
    for size in (3, 1):
        head, members = family(rng, members=size - 1)
        admission_create(quota=quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None)
    body = analyst_api.get(f"/api/v1/quotas/{quota.pk}/").json()
    assert body["by_settlement"] == [
        {
            "settlement": settlement.kato,
            "name_kk": settlement.name_kk,
            "name_ru": settlement.name_ru,
            "families": 2,
            "persons": 4,
        }
    ]
