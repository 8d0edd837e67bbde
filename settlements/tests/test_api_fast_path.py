"""The polling hot path: a client whose key this process checked seconds ago, asking for a page
this host has rendered, is answered without the database and before the middleware stack."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kernel.accounts.models import ApiKey
from kernel.accounts.services import api_key_revoke
from settlements import authentication

URL = "/api/v1/settlements/?page_size=5"


def test_a_polling_client_costs_no_query(mobility_key_api, settlements, publisher):
    publisher()
    first = mobility_key_api.get(URL)
    with CaptureQueriesContext(connection) as queries:
        again = mobility_key_api.get(URL)
        not_modified = mobility_key_api.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert len(queries) == 0
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"]
    assert not_modified.status_code == 304


def test_the_hot_path_keeps_the_security_headers(mobility_key_api, settlements, publisher):
    publisher()
    mobility_key_api.get(URL)
    response = mobility_key_api.get(URL)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Type"] == "application/json"


def test_a_revoked_key_stops_working_once_its_few_seconds_are_over(mobility_key_api, settlements, publisher):
    publisher()
    assert mobility_key_api.get(URL).status_code == 200
    api_key_revoke(key=ApiKey.objects.get(code="test-mc"), by=None)
    authentication.forget_keys()  # what KEY_CACHE_SECONDS passing does
    assert mobility_key_api.get(URL).status_code == 401


def test_with_no_memory_a_revoked_key_is_refused_at_once(mobility_key_api, settlements, publisher, monkeypatch):
    monkeypatch.setattr(authentication, "KEY_CACHE_SECONDS", 0)
    publisher()
    assert mobility_key_api.get(URL).status_code == 200
    api_key_revoke(key=ApiKey.objects.get(code="test-mc"), by=None)
    assert mobility_key_api.get(URL).status_code == 401


def test_a_remembered_key_of_another_scope_never_takes_the_hot_path(staff_key_api, settlements, publisher):
    publisher()
    assert staff_key_api.get(URL).status_code == 403
    assert staff_key_api.get(URL).status_code == 403  # its key is remembered now, its scope still checked
