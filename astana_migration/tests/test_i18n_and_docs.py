import re

import pytest
import yaml


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "Пайдаланушы аты"), ("ru", "Имя пользователя"), ("en", "Username")],
)
def test_the_admin_login_page_speaks_each_language(client, db, language, expected):
    client.cookies["django_language"] = language
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_kazakh_is_the_default_language(client, db):
    response = client.get("/admin/login/")
    assert 'lang="kk"' in response.content.decode()


def test_the_admin_index_is_all_kazakh(client, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "kk"
    html = client.get("/admin/").content.decode()
    for english in ("Recent actions", "View site", "My actions", "Log out", "Welcome,"):
        assert english not in html, english


def test_the_schema_is_openapi_3(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/" in schema["paths"]


def test_the_docs_load_nothing_from_outside(client, staff_user):
    client.force_login(staff_user)
    html = client.get("/api/v1/docs/").content.decode()
    external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', html) if u.startswith(("http:", "https:", "//"))]
    assert external == []
    assert "swagger-ui" in html
