"""Security headers: CSP without inline script, no-store on the admin and on personal data
(kernel/security/headers.py, personal_data.py)."""

import re

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.security.personal_data import (
    PersonalDataAdminMixin,
    PersonalDataViewMixin,
    is_personal_data_view,
    personal_data_view,
)
from kernel.territory.models import Region


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_carries_a_csp_without_inline_script(client, staff_user):
    for url in ("/admin/login/", "/api/v1/", "/health/"):
        csp = _csp(client.get(url))
        assert csp["script-src"] == ["'self'"], url
        assert csp["default-src"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["object-src"] == ["'none'"]
        assert "data:" in csp["img-src"]


def test_the_admin_has_no_inline_script(client, staff_user):
    client.force_login(staff_user)
    for url in ("/admin/login/", "/admin/", "/admin/territory/region/", "/admin/password_change/"):
        html = client.get(url, follow=True).content.decode()
        inline = [m for m in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) if "application/json" not in m]
        assert inline == [], url


def test_the_api_docs_load_their_initialiser_from_a_url_not_inline(client, staff_user):
    client.force_login(staff_user)
    html = client.get("/api/v1/docs/").content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert 'src="/api/v1/docs/?script=' in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    # No call to the public swagger.io validator from an offline department network.
    assert '"validatorUrl": null' in script.content.decode()


def test_the_whole_admin_is_no_store(client, staff_user):
    client.force_login(staff_user)
    for url in ("/admin/login/", "/admin/", "/admin/territory/region/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url


def test_the_public_api_schema_may_be_cached_but_health_may_not(client, db):
    assert "no-store" not in client.get("/api/v1/schema/").get("Cache-Control", "")
    assert "no-store" in client.get("/health/")["Cache-Control"]


def test_a_function_view_marked_personal_is_no_store(rf):
    @personal_data_view
    def record(request):
        return HttpResponse("IIN 900101300123")

    assert is_personal_data_view(record)
    assert "no-store" in record(rf.get("/"))["Cache-Control"]


def test_an_api_view_marked_personal_is_no_store(rf):
    class RecordView(PersonalDataViewMixin, APIView):
        permission_classes = []
        authentication_classes = []

        def get(self, request):
            return Response({"iin": "900101300123"})

    view = RecordView.as_view()
    assert is_personal_data_view(view)
    response = view(rf.get("/"))
    assert "no-store" in response["Cache-Control"]


def test_every_view_of_a_personal_data_admin_is_marked_including_the_apps_own(rf):
    class RecordAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
        def get_urls(self):
            return [path("export/", self.admin_site.admin_view(self.export), name="export"), *super().get_urls()]

        def export(self, request):
            return HttpResponse("surname,iin")

    site = admin.AdminSite(name="personal-test")
    site.register(Region, RecordAdmin)
    model_patterns = site._registry[Region].urls
    assert model_patterns, "the model admin has URLs"
    assert all(is_personal_data_view(p.callback) for p in model_patterns)
    export = next(p for p in model_patterns if p.name == "export")
    request = rf.get("/")
    request.user = type("Staff", (), {"is_active": True, "is_staff": True})()
    assert "no-store" in export.callback(request)["Cache-Control"]
