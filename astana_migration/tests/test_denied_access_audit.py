"""Every 403 is audited as `denied`: admin, API permission refusals, PermissionDenied in a view."""

import pytest

from kernel.audit.models import AuditEntry


def test_it_audits_a_staff_member_refused_an_admin_page(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/admin/auth/user/").status_code == 403
    entry = AuditEntry.objects.get(action="denied")
    assert entry.actor == staff_user
    assert entry.note.startswith("GET /admin/auth/user/ answered 403")


@pytest.mark.urls("astana_migration.tests.urls_denied")
def test_it_audits_an_api_key_refused_by_role(mobility_key_api):
    assert mobility_key_api.get("/test-denied/api/").status_code == 403
    entry = AuditEntry.objects.get(action="denied")
    assert entry.actor is None
    assert entry.actor_label == "api:test-mc"


@pytest.mark.urls("astana_migration.tests.urls_denied")
def test_it_audits_permission_denied_without_the_query_string_or_an_iin(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/test-denied/person/900101300123/?surname=Abenov").status_code == 403
    entry = AuditEntry.objects.get(action="denied")
    assert "900101300123" not in entry.note
    assert "9001******23" in entry.note
    assert "Abenov" not in entry.note


def test_it_audits_an_anonymous_csrf_failure(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(action="denied").actor_label == "anonymous"


def test_it_does_not_audit_allowed_requests(client, staff_user):
    client.force_login(staff_user)
    client.get("/admin/")
    client.get("/api/v1/")
    assert not AuditEntry.objects.filter(action="denied").exists()
