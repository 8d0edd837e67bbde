"""API answers with personal data (an admission with its family) carry ``Cache-Control: no-store``:
no proxy or client HTTP cache keeps an IIN (issue 11)."""

from quotas.tests.test_admissions_api import _payload, _url


def test_an_admission_and_a_quotas_admissions_are_never_stored(staff_api, kandas_quota, settlement, rng, today):
    created = staff_api.post(_url(kandas_quota), _payload(rng, settlement, today, members=1), format="json")
    assert created.status_code == 201
    assert "no-store" in created["Cache-Control"]
    admission_id = created.json()["id"]
    for url in (_url(kandas_quota), f"/api/v1/admissions/{admission_id}/", f"/api/v1/quotas/{kandas_quota.pk}/"):
        response = staff_api.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
