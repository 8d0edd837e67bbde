"""The store of rendered pages is bounded (issue 11): 3,000 random ``search`` values once left
3,000 files and 3,000 Redis keys. A free-text search is answered but never stored; other pages
are stored up to a bound per version and host, past which they are answered and not kept."""

import uuid

from django.core.cache import cache

from settlements import page_store


def _stored_files(settings) -> list:
    return list(settings.SETTLEMENTS_PAGES_DIR.rglob("*.json"))


def _stored_keys(checksum: str) -> list:
    client = cache._cache.get_client(write=False)
    return list(client.scan_iter(match=f"*settlements:page:{checksum}*", count=1000))


def test_free_text_searches_are_answered_but_never_stored(mobility_key_api, settlements, publisher, settings):
    published = publisher()
    name = settlements[0].name_kk
    found = mobility_key_api.get("/api/v1/settlements/", {"search": name})
    assert found.status_code == 200
    assert found.json()["count"] >= 1
    assert found["ETag"]
    for _ in range(60):
        response = mobility_key_api.get("/api/v1/settlements/", {"search": uuid.uuid4().hex})
        assert response.status_code == 200
        assert response.json()["count"] == 0
    assert _stored_files(settings) == []
    assert _stored_keys(published.checksum) == []
    # A conditional request for a search still gets its 304.
    again = mobility_key_api.get("/api/v1/settlements/", {"search": name}, HTTP_IF_NONE_MATCH=found["ETag"])
    assert again.status_code == 304


def test_each_version_keeps_at_most_the_bound_of_pages_on_a_host(mobility_key_api, settlements, publisher, settings):
    settings.SETTLEMENTS_STORED_PAGES_MAX = 3
    publisher()
    bodies = {}
    for size in range(1, 9):
        response = mobility_key_api.get("/api/v1/settlements/", {"page_size": size})
        assert response.status_code == 200
        bodies[size] = response.json()
        assert len(bodies[size]["results"]) == size
    assert len(_stored_files(settings)) == 3
    # The pages past the bound are answered the same way every time, stored or not.
    for size in (1, 8):
        assert mobility_key_api.get("/api/v1/settlements/", {"page_size": size}).json() == bodies[size]
    assert len(_stored_files(settings)) == 3


def test_the_unfiltered_list_is_stored_for_the_polling_clients(mobility_key_api, settlements, publisher, settings):
    publisher()
    assert mobility_key_api.get("/api/v1/settlements/").status_code == 200
    assert len(_stored_files(settings)) == 1
    assert page_store.page_is_storable([("district", "711210000")])
    assert not page_store.page_is_storable([("search", "Ертіс")])
