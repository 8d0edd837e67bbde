"""The OpenAPI schema documents the settlements endpoints without warnings."""

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


def test_the_settlements_endpoints_are_documented_without_warnings(db):
    # The whole API's schema, as `manage.py spectacular --validate --fail-on-warn` builds it; only
    # this app's messages count here (other apps answer for theirs).
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    ours = [m for m in (*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache) if "settlements" in m.lower()]
    assert ours == []
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
