"""``/api/v1/settlement-lists/``: published versions, their items, document and changes."""

import hashlib

from settlements.models import Settlement
from settlements.tests.conftest import make_settlements


def test_it_lists_published_versions(mobility_key_api, settlements, publisher):
    first = publisher()
    second = publisher(2027)
    body = mobility_key_api.get("/api/v1/settlement-lists/").json()
    assert [v["version"] for v in body["results"]] == [2, 1]
    assert body["results"][1] == {
        "version": 1,
        "year": 2026,
        "published_at": body["results"][1]["published_at"],
        "items": first.items_count,
        "checksum": first.checksum,
    }
    assert mobility_key_api.get("/api/v1/settlement-lists/?year=2027").json()["count"] == 1
    detail = mobility_key_api.get("/api/v1/settlement-lists/2/").json()
    assert detail["checksum"] == second.checksum


def test_it_serves_the_items_of_an_older_version(mobility_key_api, settlements, publisher):
    publisher()
    Settlement.objects.filter(pk=settlements[0].pk).update(is_active=False)
    publisher()
    old = mobility_key_api.get("/api/v1/settlement-lists/1/items/?page_size=100").json()
    new = mobility_key_api.get("/api/v1/settlement-lists/2/items/?page_size=100").json()
    assert old["count"] == new["count"] + 1


def test_the_document_is_the_bytes_whose_sha256_is_the_checksum(mobility_key_api, settlements, publisher):
    published = publisher()
    response = mobility_key_api.get("/api/v1/settlement-lists/1/document/")
    assert hashlib.sha256(response.content).hexdigest() == published.checksum
    assert response["ETag"] == f'"{published.checksum}"'
    again = mobility_key_api.get("/api/v1/settlement-lists/1/document/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_it_computes_the_changes_between_versions(mobility_key_api, reference_data, centre, publisher):
    kept, changed, removed = make_settlements(3, centre=centre)
    publisher()
    Settlement.objects.filter(pk=removed.pk).update(is_active=False)
    Settlement.objects.filter(pk=changed.pk).update(vacancies=55, housing_available=7)
    (added,) = make_settlements(1, centre=centre, start=50)
    publisher()

    body = mobility_key_api.get("/api/v1/settlement-lists/2/changes/?since=1").json()
    assert body["version"] == 2
    assert body["since"] == 1
    assert [i["kato"] for i in body["added"]] == [added.kato]
    assert [i["kato"] for i in body["removed"]] == [removed.kato]
    assert len(body["changed"]) == 1
    change = body["changed"][0]
    assert change["kato"] == changed.kato
    assert change["fields"] == ["housing_available", "vacancies"]
    assert change["after"]["vacancies"] == 55
    assert kept.kato not in {i["kato"] for i in body["added"] + body["removed"]}
    # Without ?since= the previous published version is the base.
    assert mobility_key_api.get("/api/v1/settlement-lists/2/changes/").json() == body
    assert mobility_key_api.get("/api/v1/settlement-lists/2/changes/?since=9").status_code == 404
    assert mobility_key_api.get("/api/v1/settlement-lists/2/changes/?since=x").status_code == 400


def test_the_api_root_links_the_settlement_endpoints(mobility_key_api, reference_data):
    links = mobility_key_api.get("/api/v1/").json()
    assert links["settlement-list"].endswith("/api/v1/settlements/")
    assert links["settlementlist-list"].endswith("/api/v1/settlement-lists/")
