"""The polling hot path: a client whose key this process checked seconds ago, asking for a page
this host has rendered, is answered by the polling gate without the database; a key revoked or of
another scope never takes it for longer than the few seconds a key is remembered."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kernel.accounts.models import ApiKey
from kernel.accounts.services import api_key_revoke
from settlements import authentication
from settlements.tests.test_wsgi_fast_path import _call, _environ, _keep_the_test_connection  # noqa: F401

URL = "/api/v1/settlements/?page_size=5"


def test_a_polling_client_costs_no_query(mobility_key_api, settlements, publisher):
    publisher()
    first = mobility_key_api.get(URL)  # the full path: checks the key, renders and stores the page
    key_header = mobility_key_api._credentials["HTTP_AUTHORIZATION"]
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = _call(_environ(key_header))
        not_modified = _call(_environ(key_header, HTTP_IF_NONE_MATCH=first["ETag"]))
    assert len(queries) == 0
    assert status == "200 OK"
    assert json.loads(body) == json.loads(b"".join(first.streaming_content))
    assert headers["ETag"] == first["ETag"]
    assert not_modified[0] == "304 Not Modified"


def test_the_hot_path_keeps_the_security_headers(mobility_key_api, settlements, publisher):
    publisher()
    mobility_key_api.get(URL)
    _status, headers, _body = _call(_environ(mobility_key_api._credentials["HTTP_AUTHORIZATION"]))
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Type"] == "application/json"


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
