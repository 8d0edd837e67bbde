"""API errors speak the client's language (Accept-Language), Kazakh first."""

import pytest
from rest_framework.test import APIClient

DETAILS = {
    "not_authenticated": {
        "kk": "Аутентификация деректері берілмеген.",
        "ru": "Учетные данные не были предоставлены.",
        "en": "Authentication credentials were not provided.",
    },
    "bad_key": {
        "kk": "API кілті жарамсыз немесе оның күші жойылған.",
        "ru": "API-ключ недействителен или отозван.",
        "en": "The API key is not valid or has been revoked.",
    },
    "not_found": {"kk": "Табылмады.", "ru": "Не найдено.", "en": "Not found."},
}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_an_unauthenticated_request_is_answered_in_its_language(db, language):
    response = APIClient().get("/api/v1/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 401
    assert response.json()["detail"] == DETAILS["not_authenticated"][language]
    assert response["Content-Language"] == language


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_bad_api_key_is_refused_in_its_language(db, language):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Api-Key not-a-real-key")
    response = client.get("/api/v1/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 401
    assert response.json()["detail"] == DETAILS["bad_key"][language]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_an_unknown_api_address_is_answered_in_its_language(db, language):
    response = APIClient().get("/api/v1/no-such-endpoint/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json()["detail"] == DETAILS["not_found"][language]


def test_kazakh_is_the_default_for_api_clients_that_name_no_language(db):
    response = APIClient().get("/api/v1/")
    assert response.json()["detail"] == DETAILS["not_authenticated"]["kk"]


def test_a_regional_kazakh_tag_gets_kazakh(db):
    response = APIClient().get("/api/v1/", HTTP_ACCEPT_LANGUAGE="kk-KZ,ru;q=0.8")
    assert response.json()["detail"] == DETAILS["not_authenticated"]["kk"]
