"""Refused, missing and failed pages stay in the portal (DEBUG off): the admin's frame, the user's
language, what was refused and why, and the ways back; the API keeps answering JSON."""

import pytest
from django.test import Client, RequestFactory

from astana_migration.error_pages import server_failure
from kernel.audit.models import AuditEntry
from tests import role_matrix_objects as objects

REFUSED = {
    "kk": "Сіздің рөліңіз бұл бетті ашуға рұқсат бермейді.",
    "ru": "Ваша роль не даёт доступа к этой странице.",
}
HEADER = {"kk": "Астана қаласының көші-қон порталы", "ru": "Миграционный портал города Астаны"}
BACK = {"kk": "Алдыңғы бетке оралу", "ru": "Вернуться на предыдущую страницу"}
START = {"kk": "Басты бетке өту", "ru": "На главную страницу"}


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _speaking(client, language, how):
    """Ask in ``language`` the way a browser does: its Accept-Language, or the portal's language cookie."""
    if how == "cookie":
        from django.conf import settings

        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return {"HTTP_ACCEPT_LANGUAGE": "en"}
    return {"HTTP_ACCEPT_LANGUAGE": language}


def _assert_portal_refusal(response, language, *, back):
    assert response.status_code == 403
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert '<header id="header">' in html
    assert HEADER[language] in html
    assert 'id="logout-form"' in html, "the user tools of the admin are there"
    assert 'class="portal-language"' in html
    assert REFUSED[language] in html
    assert f'<a href="{back}" class="portal-back-link">' in html
    assert BACK[language] in html
    assert '<a href="/admin/" class="portal-start-link">' in html
    assert "403 Forbidden" not in html


@pytest.mark.parametrize(("language", "how"), [("kk", "header"), ("ru", "header"), ("kk", "cookie"), ("ru", "cookie")])
def test_staff_on_the_heads_approve_button_stay_in_the_portal(client, staff_user, head_user, language, how):
    proposal = objects.make_proposal()
    client.force_login(staff_user)
    change = f"/admin/proposals/proposal/{proposal.pk}/change/"
    response = client.post(
        f"/admin/proposals/proposal/{proposal.pk}/do/approve/",
        HTTP_REFERER=f"http://testserver{change}",
        **_speaking(client, language, how),
    )
    _assert_portal_refusal(response, language, back=change)
    assert f"/admin/proposals/proposal/{proposal.pk}/do/approve/" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "draft"
    assert AuditEntry.objects.get(action="denied").actor == staff_user, "the refusal is still audited"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_an_analyst_on_admissions_stays_in_the_portal(client, analyst_user, language):
    client.force_login(analyst_user)
    response = client.get(
        "/admin/quotas/admission/", HTTP_REFERER="http://testserver/admin/", HTTP_ACCEPT_LANGUAGE=language
    )
    _assert_portal_refusal(response, language, back="/admin/")
    assert AuditEntry.objects.filter(action="denied", actor=analyst_user).count() == 1
    assert "/admin/quotas/admission/" in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_an_analyst_on_the_registration_import_page_stays_in_the_portal(client, analyst_user, language):
    client.force_login(analyst_user)
    referer = "http://testserver/admin/registration/registrationrecord/?o=1"
    response = client.get("/admin/registration/importbatch/add/", HTTP_REFERER=referer, HTTP_ACCEPT_LANGUAGE=language)
    _assert_portal_refusal(response, language, back="/admin/registration/registrationrecord/?o=1")


def test_the_refused_page_names_its_section_in_the_users_language(client, analyst_user):
    from django.utils import translation

    from quotas.models import Admission

    client.force_login(analyst_user)
    for language in ("kk", "ru"):
        with translation.override(language):
            section = str(Admission._meta.verbose_name_plural).capitalize()
        response = client.get("/admin/quotas/admission/", HTTP_ACCEPT_LANGUAGE=language)
        assert f"<strong>{section}</strong>" in response.content.decode()


def test_a_referer_from_another_site_gives_no_back_link(client, analyst_user):
    client.force_login(analyst_user)
    response = client.get("/admin/quotas/admission/", HTTP_REFERER="https://evil.example/admin/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "evil.example" not in html
    assert "portal-back-link" not in html
    assert '<a href="/admin/" class="portal-start-link">' in html


@pytest.mark.urls("astana_migration.tests.urls_errors")
def test_the_views_own_reason_is_shown(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/test-errors/refuse/", HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only the department head signs this letter." in html
    assert REFUSED["kk"] not in html


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_an_unknown_admin_address_is_a_404_in_the_frame(client, staff_user, language):
    client.force_login(staff_user)
    response = client.get("/admin/no-such-section/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    html = response.content.decode()
    assert HEADER[language] in html
    assert 'id="logout-form"' in html
    assert 'id="nav-sidebar"' in html, "the admin's sections are beside the page"
    assert {"kk": "Порталда мұндай бет жоқ", "ru": "Такой страницы в портале нет"}[language] in html
    assert START[language] in html


def test_an_unknown_address_outside_the_admin_is_a_404_in_the_portals_look(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 404
    html = response.content.decode()
    assert HEADER["ru"] in html
    assert 'class="portal-language"' in html, "anyone can switch the language"
    assert 'id="logout-form"' not in html
    assert "The requested resource was not found" not in html


@pytest.mark.urls("astana_migration.tests.urls_errors")
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_failing_view_gives_the_portals_500_page(staff_user, language):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)
    response = client.get("/admin/test-errors/boom/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    html = response.content.decode()
    assert HEADER[language] in html
    assert {"kk": "Бірнеше минуттан кейін қайталап көріңіз", "ru": "Попробуйте ещё раз"}[language] in html
    assert '<a href="/admin/" class="portal-start-link">' in html
    assert "Server Error (500)" not in html
    assert "a bug in a view" not in html


def test_the_500_page_renders_without_a_database():
    # No ``db`` fixture: any query would fail the test (pytest-django blocks the database).
    response = server_failure(RequestFactory().get("/admin/quotas/quota/"))
    assert response.status_code == 500
    assert '<header id="header">' in response.content.decode()


def test_a_csrf_failure_is_a_page_of_the_portal_and_is_audited(db):
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="kk"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert HEADER["kk"] in html
    assert "қауіпсіздік белгісінсіз" in html
    assert "CSRF verification failed" not in html
    assert AuditEntry.objects.get(action="denied").actor_label == "anonymous"


# --- the API keeps its JSON errors -------------------------------------------------------------
@pytest.mark.parametrize("address", ["/api/v1/xyz", "/api/v1/xyz/", "/api/v2/"])
def test_an_unknown_api_address_answers_json_404(client, db, address):
    response = client.get(address, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Не найдено.", "code": "not_found"}


@pytest.mark.urls("astana_migration.tests.urls_errors")
def test_a_permission_denied_under_the_api_answers_json(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/api/v1/test-errors/refuse/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    detail = "You do not have permission to perform this action."
    assert response.json() == {"detail": detail, "code": "permission_denied"}


def test_a_drf_refusal_stays_drfs_json(mobility_key_api):
    response = mobility_key_api.get("/api/v1/quotas/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
