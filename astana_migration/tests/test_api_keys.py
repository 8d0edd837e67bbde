import io

from django.core.management import call_command
from rest_framework.test import APIClient

from kernel.accounts.models import ApiKey
from kernel.accounts.services import api_key_create, api_key_revoke, hash_api_key
from kernel.audit.models import AuditEntry


def test_it_answers_json_401_to_an_anonymous_api_request(client, db):
    response = client.get("/api/v1/")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Api-Key"
    assert "detail" in response.json()


def test_it_answers_json_404_under_the_api(client, db):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code in (401, 404)
    assert response["Content-Type"].startswith("application/json")


def test_it_lets_a_valid_key_in(db):
    _key, raw = api_key_create(code="demo-mc")
    client = APIClient()
    response = client.get("/api/v1/", HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert response.status_code == 200
    assert "schema" in response.json()


def test_it_keeps_only_the_hash(db):
    key, raw = api_key_create(code="demo-mc")
    stored = ApiKey.objects.get(pk=key.pk)
    assert stored.key_hash == hash_api_key(raw)
    assert raw not in {stored.key_hash, stored.prefix}
    assert AuditEntry.objects.filter(object_id=str(key.pk), action="create").exists()


def test_it_refuses_a_revoked_key(db):
    key, raw = api_key_create(code="demo-mc")
    api_key_revoke(key=key, by=None)
    response = APIClient().get("/api/v1/", HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_it_refuses_an_unknown_key(db):
    response = APIClient().get("/api/v1/", HTTP_AUTHORIZATION="Api-Key not-a-key")
    assert response.status_code == 401


def test_create_api_key_prints_a_working_key_once(db):
    out = io.StringIO()
    call_command("create_api_key", "demo-mc", "--scope", "settlements", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    assert ApiKey.objects.get(code="demo-mc").key_hash == hash_api_key(raw)
