"""The OpenAPI schema documents the settlements endpoints without warnings."""

from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


def test_the_settlements_endpoints_are_documented_without_warnings(db):
    GENERATOR_STATS.reset()
    patterns = [path("api/v1/", include(("settlements.api", "api")))]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS, "drf-spectacular warned or erred (see the captured output)"
    assert {
        "/api/v1/settlements/",
        "/api/v1/settlement-lists/",
        "/api/v1/settlement-lists/{version}/",
        "/api/v1/settlement-lists/{version}/items/",
        "/api/v1/settlement-lists/{version}/document/",
        "/api/v1/settlement-lists/{version}/changes/",
    } <= set(schema["paths"])
    params = {p["name"] for p in schema["paths"]["/api/v1/settlements/"]["get"]["parameters"]}
    assert {"region", "district", "rural_district", "kind", "has_vacancies", "has_housing", "search"} <= params
    assert {"page", "page_size", "If-None-Match"} <= params
