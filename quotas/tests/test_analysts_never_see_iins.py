"""Analysts read quotas and admissions but never a family's IINs or names (API and admin)."""

import pytest

from quotas.services import admission_create
from quotas.tests.conftest import family


@pytest.fixture
def admitted(kandas_quota, settlement, rng, today):
    head, members = family(rng, members=2)
    admission = admission_create(
        quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None
    )
    return admission, [head["iin"], *(m["iin"] for m in members)], head["surname"]


def test_the_api_shows_analysts_admissions_without_personal_data(analyst_api, kandas_quota, admitted):
    admission, iins, surname = admitted
    for url in (f"/api/v1/quotas/{kandas_quota.pk}/admissions/", f"/api/v1/admissions/{admission.pk}/"):
        response = analyst_api.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert not any(iin in text for iin in iins)
        assert surname not in text
    assert analyst_api.get(f"/api/v1/admissions/{admission.pk}/").json()["persons"] == 3


def test_staff_see_the_family(staff_api, admitted):
    admission, iins, _surname = admitted
    text = staff_api.get(f"/api/v1/admissions/{admission.pk}/").content.decode()
    assert all(iin in text for iin in iins)


def test_the_admin_keeps_admissions_from_analysts(client, analyst_user, kandas_quota, admitted):
    admission, iins, _surname = admitted
    client.force_login(analyst_user)
    assert client.get("/admin/quotas/admission/").status_code == 403
    assert client.get(f"/admin/quotas/admission/{admission.pk}/change/").status_code == 403
    # The quota page shows utilisation to analysts, but not the families in it.
    response = client.get(f"/admin/quotas/quota/{kandas_quota.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not any(iin in html for iin in iins)
    assert admission.head_surname not in html
