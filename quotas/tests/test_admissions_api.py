"""POST /api/v1/quotas/<id>/admissions/ → 201 / 409 quota_exhausted / 400, and the cancel endpoint."""

import pytest

from kernel.audit.models import AuditEntry
from quotas.models import Admission
from quotas.tests.conftest import family


def _payload(rng, settlement, today, members=0):
    head, others = family(rng, members=members)
    as_json = lambda person: {**person, "birth_date": person["birth_date"].isoformat()}  # noqa: E731
    return {
        "head": as_json(head),
        "members": [as_json(m) for m in others],
        "settlement": settlement.kato,
        "admitted_on": today.isoformat(),
    }


def _url(quota):
    return f"/api/v1/quotas/{quota.pk}/admissions/"


def test_it_admits_a_family_201(staff_api, kandas_quota, settlement, rng, today):
    payload = _payload(rng, settlement, today, members=2)
    response = staff_api.post(_url(kandas_quota), payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["persons"] == 3
    assert body["status"] == "admitted"
    assert body["settlement"] == settlement.kato
    assert body["head"]["iin"] == payload["head"]["iin"]
    assert [m["relation"] for m in body["members"]] == ["spouse", "child"]
    kandas_quota.refresh_from_db()
    assert kandas_quota.used_persons == 3


def test_a_staff_key_admits_too_and_is_named_in_the_audit(staff_key_api, kandas_quota, settlement, rng, today):
    response = staff_key_api.post(_url(kandas_quota), _payload(rng, settlement, today), format="json")
    assert response.status_code == 201
    admission = Admission.objects.get()
    assert admission.created_by_label == "api:test-cc"
    assert (
        AuditEntry.objects.get(
            content_type__model="admission", object_id=str(admission.pk), action="create"
        ).actor_label
        == "api:test-cc"
    )


def test_it_answers_409_quota_exhausted_when_the_family_does_not_fit(staff_api, kandas_quota, settlement, rng, today):
    assert (
        staff_api.post(_url(kandas_quota), _payload(rng, settlement, today, members=8), format="json").status_code
        == 201
    )
    response = staff_api.post(
        _url(kandas_quota), _payload(rng, settlement, today, members=1), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "quota_exhausted"
    assert "1 place is left" in body["detail"]
    assert Admission.objects.count() == 1


@pytest.mark.parametrize(
    ("spoil", "error_path"),
    [
        (lambda p: p["head"].update(iin="123456789012"), ("head", "iin")),
        (lambda p: p["members"][0].update(iin="12ab"), ("members", "0", "iin")),
        (lambda p: p["members"].append(dict(p["members"][0])), ("members",)),
        (lambda p: p["members"][0].update(iin=p["head"]["iin"]), ("members",)),
        (lambda p: p["members"][0].update(relation="neighbour"), ("members", "0", "relation")),
        (lambda p: p.update(settlement="999999999"), ("settlement",)),
        (lambda p: p.update(admitted_on="2001-01-01"), ("admitted_on",)),
        (lambda p: p.update(admitted_on="yesterday"), ("admitted_on",)),
        (lambda p: p["head"].pop("surname"), ("head", "surname")),
    ],
)
# DRF keys the errors of a list's items by their index: {"members": {"0": {"iin": [...]}}}.
def test_it_answers_400_with_the_field_in_error(staff_api, kandas_quota, settlement, rng, today, spoil, error_path):
    payload = _payload(rng, settlement, today, members=1)
    spoil(payload)
    response = staff_api.post(_url(kandas_quota), payload, format="json")
    assert response.status_code == 400
    errors = response.json()
    for step in error_path:
        errors = errors[step]
    assert errors
    assert not Admission.objects.exists()
    kandas_quota.refresh_from_db()
    assert kandas_quota.used_persons == 0


def test_it_answers_404_for_an_unknown_quota(staff_api, settlement, rng, today):
    assert (
        staff_api.post("/api/v1/quotas/999999/admissions/", _payload(rng, settlement, today), format="json").status_code
        == 404
    )


def test_analysts_and_mobility_centres_cannot_admit(
    analyst_api, mobility_key_api, kandas_quota, settlement, rng, today
):
    for client in (analyst_api, mobility_key_api):
        assert client.post(_url(kandas_quota), _payload(rng, settlement, today), format="json").status_code == 403
    assert not Admission.objects.exists()


def test_cancelling_frees_the_places_and_is_harmless_twice(staff_api, kandas_quota, settlement, rng, today):
    admission_id = staff_api.post(
        _url(kandas_quota), _payload(rng, settlement, today, members=3), format="json"
    ).json()["id"]
    for _attempt in range(2):
        response = staff_api.post(
            f"/api/v1/admissions/{admission_id}/cancel/", {"reason": "moved abroad"}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["status"] == "cancelled"
    kandas_quota.refresh_from_db()
    assert (kandas_quota.used_persons, kandas_quota.used_families) == (0, 0)


def test_analysts_cannot_cancel(staff_api, analyst_api, kandas_quota, settlement, rng, today):
    admission_id = staff_api.post(_url(kandas_quota), _payload(rng, settlement, today), format="json").json()["id"]
    assert analyst_api.post(f"/api/v1/admissions/{admission_id}/cancel/", {}, format="json").status_code == 403
    assert Admission.objects.get(pk=admission_id).status == "admitted"
