"""``GET /api/v1/settlements/``: the current published list for mobility centres."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from settlements import services
from settlements.models import Settlement
from settlements.tests.conftest import make_settlements

URL = "/api/v1/settlements/"
ITEM_FIELDS = {
    "kato",
    "name_kk",
    "name_ru",
    "region",
    "district",
    "rural_district",
    "kind",
    "development_potential",
    "population",
    "vacancies",
    "housing_available",
    "adaptation_programme",
    "mobility_centre",
}


def test_it_serves_the_items_of_the_current_published_list(mobility_key_api, settlements, publisher):
    published = publisher()
    response = mobility_key_api.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(settlements)
    item = body["results"][0]
    assert set(item) == ITEM_FIELDS
    first = min(settlements, key=lambda s: s.kato)
    assert item["kato"] == first.kato
    assert item["region"] == first.region.kato
    assert item["rural_district"] == first.rural_district.kato
    assert item["mobility_centre"] == {
        "name": "Ақмола облысының еңбек ұтқырлығы орталығы",
        "phone": "+7 7162 25-10-10",
        "email": "mc@example.kz",
    }
    assert response["X-Settlement-List-Version"] == str(published.version)


def test_it_is_empty_before_the_first_publication(mobility_key_api, settlements):
    response = mobility_key_api.get(URL)
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_draft_or_approved_list_is_never_visible(mobility_key_api, settlements, publisher, staff_user, head_user):
    publisher()
    Settlement.objects.update(vacancies=999)
    draft = services.settlement_list_create(year=2027, by=staff_user)
    services.settlement_list_approve(settlement_list=draft, by=head_user)
    body = mobility_key_api.get(URL + "?page_size=1000").json()
    assert {item["vacancies"] for item in body["results"]} != {999}
    assert mobility_key_api.get(f"/api/v1/settlement-lists/{draft.version}/").status_code == 404
    assert mobility_key_api.get(f"/api/v1/settlement-lists/{draft.version}/items/").status_code == 404
    listed = [v["version"] for v in mobility_key_api.get("/api/v1/settlement-lists/").json()["results"]]
    assert draft.version not in listed


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("kind=small_town", lambda item: item["kind"] == "small_town"),
        ("has_vacancies=true", lambda item: item["vacancies"] > 0),
        ("has_vacancies=false", lambda item: item["vacancies"] == 0),
        ("has_housing=true", lambda item: item["housing_available"] > 0),
        ("region=110000000", lambda item: item["region"] == "110000000"),
        ("district=112000000", lambda item: item["district"] == "112000000"),
        ("rural_district=112033000", lambda item: item["rural_district"] == "112033000"),
        ("search=Село 1", lambda item: item["name_ru"].startswith("Село 1")),
    ],
)
def test_it_filters(mobility_key_api, settlements, publisher, query, check):
    publisher()
    body = mobility_key_api.get(f"{URL}?{query}").json()
    assert body["count"] > 0
    assert all(check(item) for item in body["results"])
    assert body["count"] < len(settlements) or query.startswith("search")


def test_it_answers_400_to_a_bad_filter(mobility_key_api, settlements, publisher):
    publisher()
    response = mobility_key_api.get(URL + "?region=11&kind=castle")
    assert response.status_code == 400
    assert set(response.json()) == {"region", "kind"}


def test_it_paginates_with_page_size_up_to_1000(mobility_key_api, settlements, publisher):
    publisher()
    body = mobility_key_api.get(URL + "?page_size=5&page=2").json()
    assert len(body["results"]) == 5
    assert body["next"].endswith("page_size=5&page=3")
    assert body["previous"].endswith("?page_size=5")
    assert mobility_key_api.get(URL + "?page=99").status_code == 404
    # More than 1000 is capped, as everywhere in the API.
    assert len(mobility_key_api.get(URL + "?page_size=5000").json()["results"]) == len(settlements)


def test_it_answers_304_to_a_matching_if_none_match(mobility_key_api, settlements, publisher):
    publisher()
    first = mobility_key_api.get(URL + "?kind=rural")
    etag = first["ETag"]
    again = mobility_key_api.get(URL + "?kind=rural", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # Another query is another representation, with its own ETag.
    other = mobility_key_api.get(URL + "?kind=small_town", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200
    assert other["ETag"] != etag


def test_it_answers_304_to_if_modified_since(mobility_key_api, settlements, publisher):
    published = publisher()
    last_modified = mobility_key_api.get(URL)["Last-Modified"]
    assert last_modified == http_date(int(published.published_at.timestamp()))
    assert mobility_key_api.get(URL, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert mobility_key_api.get(URL, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2024 00:00:00 GMT").status_code == 200


def test_a_new_published_version_changes_the_etag(
    mobility_key_api, settlements, publisher, django_capture_on_commit_callbacks
):
    publisher()
    etag = mobility_key_api.get(URL)["ETag"]
    Settlement.objects.filter(pk=settlements[0].pk).update(vacancies=42)
    # The publication announces its version to the shared cache once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        publisher()
    response = mobility_key_api.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response["X-Settlement-List-Version"] == "2"


def test_a_304_does_no_list_work(mobility_key_api, settlements, publisher):
    publisher()
    etag = mobility_key_api.get(URL + "?page_size=1000")["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert mobility_key_api.get(URL + "?page_size=1000", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Only the API key is looked up: the current version comes from the shared cache.
    assert not [q for q in queries.captured_queries if "settlementlistitem" in q["sql"]]
    assert len(queries) <= 2


def test_queries_do_not_grow_with_the_page_size(
    mobility_key_api, reference_data, centre, publisher, django_assert_max_num_queries
):
    make_settlements(60, centre=centre)
    publisher()
    mobility_key_api.get(URL + "?page_size=1")  # warm the current-version cache and the key's last use
    counts = []
    for size in (5, 60):
        # A page not rendered yet: its count and its fragments, in one query each.
        with django_assert_max_num_queries(2), CaptureQueriesContext(connection) as queries:
            assert len(mobility_key_api.get(f"{URL}?page_size={size}").json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("fixture", ["staff_api", "analyst_api", "head_api"])
def test_staff_and_analysts_may_read_it_in_a_session(request, fixture, settlements, publisher):
    publisher()
    assert request.getfixturevalue(fixture).get(URL).status_code == 200


def test_no_key_gets_401_and_a_key_of_another_scope_403(client, staff_key_api, settlements, publisher):
    publisher()
    anonymous = client.get(URL)
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Api-Key"
    assert client.get(URL, HTTP_AUTHORIZATION="Api-Key not-a-key").status_code == 401
    assert staff_key_api.get(URL).status_code == 403
    assert staff_key_api.get("/api/v1/settlement-lists/").status_code == 403
