"""The polling path is fast because it is short: these tests fail when it is bypassed (issue 14).

A poll for a page this host has rendered, by a key this process checked seconds ago, is answered
by the polling gate (``settlements.polling.PollingGate``, the WSGI application's first layer)
before Django's request handler (no ``request_started``). Anything else takes the full path, and
these tests check that too, so that they cannot pass by never firing."""

import pytest
from django.core import signals
from django.db import close_old_connections

from settlements.tests.test_wsgi_fast_path import URL, _call, _environ


@pytest.fixture
def started():
    seen = []

    def record(sender, **kwargs):
        seen.append(sender)

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_started.connect(record)
    yield seen
    signals.request_started.disconnect(record)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_a_poll_for_a_rendered_page_never_reaches_djangos_handler(mobility_key_api, settlements, publisher, started):
    publisher()
    first = mobility_key_api.get(URL, {"page_size": "5"})  # the full path: checks the key, renders
    key_header = mobility_key_api._credentials["HTTP_AUTHORIZATION"]
    # The test client connects these again after its request: the real application must not close
    # the test's connection (and its transaction) when Django's handler does run.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    started.clear()

    assert _call(_environ(key_header))[0] == "200 OK"
    assert _call(_environ(key_header, HTTP_IF_NONE_MATCH=first["ETag"]))[0] == "304 Not Modified"
    assert started == []  # answered before Django's handler

    assert _call(_environ("Api-Key not-a-key"))[0].startswith("401")
    assert len(started) == 1  # while an unknown key does go to Django
