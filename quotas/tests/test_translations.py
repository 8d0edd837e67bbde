"""Staff work in Kazakh or Russian: the quota pages and the API's refusals speak both."""

import pytest

from quotas.services import admission_create
from quotas.tests.conftest import family


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", ["Лимиттерді өзгерту", "Квоталар және қабылдау"]), ("ru", ["Изменить лимиты", "Квоты и прием"])],
)
def test_the_quota_page_speaks_kazakh_and_russian(client, staff_user, kandas_quota, language, expected):
    client.force_login(staff_user)
    client.cookies["django_language"] = language
    html = client.get(f"/admin/quotas/quota/{kandas_quota.pk}/change/").content.decode()
    for text in expected:
        assert text in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "Квотада 1 орын қалды"), ("ru", "В квоте осталось 1 место")],
)
def test_a_refusal_is_told_in_the_callers_language(staff_api, kandas_quota, settlement, rng, today, language, expected):
    head, members = family(rng, members=8)
    admission_create(quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None)
    head, members = family(rng, members=1)
    payload = {
        "head": {**head, "birth_date": head["birth_date"].isoformat()},
        "members": [{**m, "birth_date": m["birth_date"].isoformat()} for m in members],
        "settlement": settlement.kato,
        "admitted_on": today.isoformat(),
    }
    response = staff_api.post(
        f"/api/v1/quotas/{kandas_quota.pk}/admissions/", payload, format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 409
    assert expected in response.json()["detail"]
