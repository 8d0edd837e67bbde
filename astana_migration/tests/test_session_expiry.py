"""A logged-in session ends after SESSION_IDLE_SECONDS without a request, and SESSION_COOKIE_AGE
after login however busy it is (kernel/security/sessions.py)."""

import time

from django.conf import settings

from kernel.security.sessions import LAST_SEEN_KEY, STARTED_KEY


def _shift(client, key, seconds_ago):
    session = client.session
    session[key] = int(time.time()) - seconds_ago
    session.save()


def test_it_starts_both_clocks_at_login(client, staff_user):
    client.force_login(staff_user)
    now = time.time()
    assert abs(client.session[STARTED_KEY] - now) < 5
    assert abs(client.session[LAST_SEEN_KEY] - now) < 5


def test_it_keeps_an_active_session(client, staff_user):
    client.force_login(staff_user)
    _shift(client, LAST_SEEN_KEY, settings.SESSION_IDLE_SECONDS - 120)
    assert client.get("/admin/").status_code == 200
    # The request counted as activity: the idle clock starts again.
    assert time.time() - client.session[LAST_SEEN_KEY] < 5


def test_it_logs_out_an_idle_session_and_says_why(client, staff_user):
    client.force_login(staff_user)
    _shift(client, LAST_SEEN_KEY, settings.SESSION_IDLE_SECONDS + 1)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"after {settings.SESSION_IDLE_SECONDS // 60} minutes without activity" in page


def test_it_ends_a_session_one_working_day_after_login_however_busy(client, staff_user):
    client.force_login(staff_user)
    _shift(client, STARTED_KEY, settings.SESSION_COOKIE_AGE + 1)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_applies_to_the_api_too(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/api/v1/").status_code == 200
    _shift(client, LAST_SEEN_KEY, settings.SESSION_IDLE_SECONDS + 1)
    assert client.get("/api/v1/").status_code in (401, 403)


def test_it_does_not_save_the_session_on_every_request(client, staff_user):
    # Written at most once a minute: a busy page does not turn into one session write per request.
    client.force_login(staff_user)
    _shift(client, LAST_SEEN_KEY, 10)
    before = client.session[LAST_SEEN_KEY]
    client.get("/admin/")
    assert client.session[LAST_SEEN_KEY] == before
