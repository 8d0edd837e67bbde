"""The quota endpoints are in the OpenAPI schema with the answers clients must handle."""

import yaml


def test_the_schema_documents_admissions_with_201_400_and_409(staff_api):
    schema = yaml.safe_load(staff_api.get("/api/v1/schema/").content)
    paths = schema["paths"]
    for path in ("/api/v1/quotas/", "/api/v1/quotas/{id}/admissions/", "/api/v1/admissions/{id}/cancel/"):
        assert path in paths, path
    post = paths["/api/v1/quotas/{id}/admissions/"]["post"]
    assert {"201", "400", "409"} <= set(post["responses"])
    assert "requestBody" in post
    assert {p["name"] for p in paths["/api/v1/quotas/"]["get"]["parameters"]} >= {"kind", "year", "region"}
