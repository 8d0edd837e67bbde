"""The API's query parameters as the schema describes them (what the fuzzer found lenient): a value
of the wrong type is a 400 naming the parameter, never silently ignored; an empty value is the
same as none, and the schema says so (``allowEmptyValue``)."""

import json

import pytest

from settlements.selectors import forget_current_list
from tests import role_matrix_objects as objects


@pytest.fixture(autouse=True)
def _no_remembered_list(settings, tmp_path):
    settings.SETTLEMENTS_PAGES_DIR = tmp_path / "pages"
    forget_current_list()  # this process remembers the current version for two seconds
    yield
    forget_current_list()


REJECTED = [
    ("/api/v1/settlements/?page_size=null", "page_size"),
    ("/api/v1/settlements/?page_size=0", "page_size"),
    ("/api/v1/settlements/?has_vacancies=maybe", "has_vacancies"),
    ("/api/v1/settlements/?kind=castle", "kind"),
    ("/api/v1/settlement-lists/?year=0.5", "year"),
    ("/api/v1/settlement-lists/?year=2026.0", "year"),
    ("/api/v1/quotas/?year=2026.0", "year"),
    ("/api/v1/quotas/?year=1999", "year"),
    ("/api/v1/monitoring/values/?year=2026.5", "year"),
    ("/api/v1/monitoring/alerts/?year=x", "year"),
    ("/api/v1/proposals/?page_size=null", "page_size"),
]


@pytest.mark.parametrize(("url", "parameter"), REJECTED)
def test_a_value_of_the_wrong_kind_is_a_400_naming_the_parameter(staff_api, url, parameter):
    response = staff_api.get(url)
    assert response.status_code == 400, response.content
    assert parameter in response.json()


def test_the_current_list_checks_its_query_before_anything_is_published(mobility_key_api):
    assert mobility_key_api.get("/api/v1/settlements/").json()["count"] == 0
    assert mobility_key_api.get("/api/v1/settlements/?page_size=x").status_code == 400
    assert mobility_key_api.get("/api/v1/settlements/?has_housing=perhaps").status_code == 400
    assert mobility_key_api.get("/api/v1/settlements/?page=2").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/settlements/?kind=&has_vacancies=&page_size=&page=",
        "/api/v1/settlement-lists/?year=",
        "/api/v1/quotas/?kind=&year=&region=&page_size=",
        "/api/v1/monitoring/values/?period=&year=&period_kind=",
        "/api/v1/proposals/?kind=&status=",
    ],
)
def test_an_empty_value_is_the_same_as_none(staff_api, url):
    assert staff_api.get(url).status_code == 200


def _count(response) -> int:
    # A page of a published list is sent as a file (streamed).
    return json.loads(b"".join(response.streaming_content))["count"]


def test_booleans_are_true_or_false(mobility_key_api, head_user):
    objects.published_version()
    assert _count(mobility_key_api.get("/api/v1/settlements/?has_vacancies=true")) == 1
    assert _count(mobility_key_api.get("/api/v1/settlements/?has_vacancies=false")) == 0
    assert mobility_key_api.get("/api/v1/settlements/?has_vacancies=1").status_code == 400


def test_the_schema_says_an_empty_value_is_allowed_and_years_are_whole(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    quotas = {p["name"]: p for p in schema["paths"]["/api/v1/quotas/"]["get"]["parameters"]}
    assert quotas["year"]["schema"] == {"type": "integer", "minimum": 2000, "maximum": 2100}
    assert all(p["allowEmptyValue"] for p in quotas.values() if p["in"] == "query")
    names = {name for name, component in schema["components"]["schemas"].items() if "enum" in component}
    assert {"QuotaKindEnum", "OpenClosedStatusEnum", "ProposalKindEnum", "ProposalStatusEnum"} <= names
