"""An admission's body nested deeper than any parser should follow is a 400, not a 500 (issue 11)."""

import pytest

from quotas.models import Admission


@pytest.mark.parametrize("depth", [100_000, 5_000])
def test_json_nested_deeper_than_reason_is_a_400_naming_the_body(staff_api, kandas_quota, depth):
    body = '{"head": ' + "[" * depth + "]" * depth + "}"
    response = staff_api.generic(
        "POST", f"/api/v1/quotas/{kandas_quota.pk}/admissions/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    assert not Admission.objects.exists()
