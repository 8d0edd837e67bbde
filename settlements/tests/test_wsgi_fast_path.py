"""The polling path answered at the WSGI layer (astana_migration.wsgi), before Django's handler:
the same answers, the same security headers, and everything else left to Django."""

import pytest
from django.core import signals
from django.db import close_old_connections
from django.test import RequestFactory

from astana_migration.wsgi import application

URL = "/api/v1/settlements/"


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the real WSGI application would close the test's connection (and its transaction)
    at the end of each request, as Django's own test client avoids doing."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _call(environ):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(application(environ, start_response))
    return seen["status"], seen["headers"], body


def _environ(key_header, **headers):
    return RequestFactory().get(URL, {"page_size": "5"}, HTTP_AUTHORIZATION=key_header, **headers).environ


def test_a_poll_with_a_matching_etag_gets_304_with_security_headers(mobility_key_api, settlements, publisher):
    publisher()
    first = mobility_key_api.get(URL, {"page_size": "5"})  # checks the key and renders the page
    key_header = mobility_key_api._credentials["HTTP_AUTHORIZATION"]

    status, headers, body = _call(_environ(key_header, HTTP_IF_NONE_MATCH=first["ETag"]))

    assert status == "304 Not Modified"
    assert body == b""
    assert headers["ETag"] == first["ETag"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_a_poll_for_a_rendered_page_gets_the_same_bytes(mobility_key_api, settlements, publisher):
    publisher()
    first = mobility_key_api.get(URL, {"page_size": "5"})
    key_header = mobility_key_api._credentials["HTTP_AUTHORIZATION"]

    status, headers, body = _call(_environ(key_header))

    assert status == "200 OK"
    expected = b"".join(first.streaming_content) if first.streaming else first.content
    assert body == expected
    assert headers["ETag"] == first["ETag"]


def test_an_unknown_key_goes_to_django_and_gets_401(settlements, publisher):
    publisher()
    status, headers, body = _call(_environ("Api-Key not-a-key"))
    assert status.startswith("401")
    assert b"detail" in body
