"""Odd input answers 4xx, never 500 (issue 11): a superscript digit where a number belongs, JSON
nested deeper than any parser should follow, a year no database can store, a word where an id
belongs in an admin URL, and a NUL in an admin path, whose refusal is still audited."""

import pytest
from django.test import Client

from kernel.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("since", ["²", "٣", "-1", "1e3", "\x00"])
def test_since_that_is_not_a_version_number_is_400(staff_api, since):
    response = staff_api.get("/api/v1/settlement-lists/1/changes/", {"since": since})
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("year", ["-1", "0", "99999", "²"])
@pytest.mark.parametrize("url", ["/api/v1/monitoring/values/", "/api/v1/monitoring/alerts/", "/api/v1/quotas/"])
def test_a_year_out_of_range_is_a_400_naming_year(analyst_api, url, year):
    response = analyst_api.get(url, {"year": year})
    assert response.status_code == 400, (url, year)
    assert "year" in response.json()


@pytest.mark.parametrize("path", ["abc/letter/kk/", "1²/letter/ru/", "abc/do/approve/"])
def test_a_word_where_a_proposal_id_belongs_is_not_a_500(staff_user, path):
    client = Client()
    client.force_login(staff_user)
    response = client.get(f"/admin/proposals/proposal/{path}")
    assert response.status_code in (302, 404)


def test_a_nul_in_an_admin_path_is_refused_and_the_refusal_audited(analyst_user):
    client = Client()
    client.force_login(analyst_user)
    before = AuditEntry.objects.filter(action="denied").count()
    response = client.get("/admin/quotas/admission/%00/change/")
    assert response.status_code == 403
    entry = AuditEntry.objects.filter(action="denied").order_by("-pk").first()
    assert AuditEntry.objects.filter(action="denied").count() == before + 1
    assert "\x00" not in entry.note
    assert "/admin/quotas/admission/\\x00/change/" in entry.note


@pytest.mark.parametrize(
    "url",
    [
        "/admin/quotas/admission/%00/change/",
        "/admin/quotas/quota/?q=%00",
        "/admin/settlements/settlement/?q=a%00b",
        "/admin/registration/record/?q=%00",
        "/admin/proposals/proposal/?q=%00",
        "/admin/monitoring/indicator/?q=%00",
    ],
)
def test_a_nul_anywhere_in_an_admin_request_is_not_a_500(staff_user, url):
    client = Client()
    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code < 500, url


@pytest.mark.parametrize("search", ["\x00", "a\x00b"])
def test_a_nul_in_an_api_search_is_a_400_or_nothing_found(mobility_key_api, search):
    response = mobility_key_api.get("/api/v1/settlements/", {"search": search})
    assert response.status_code in (200, 400)
