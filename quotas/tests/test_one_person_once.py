"""A person holds one standing admission, decided by the database (AdmittedPerson's unique IIN).

The races go over HTTP against a live server: each request is handled in its own server thread
with its own database connection, as production's web processes would handle them. Before the
unique row, the check was a read, and two or three of twenty identical requests got through.
"""

import importlib
import threading
import time

import pytest
import requests
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from kernel.accounts.services import api_key_create
from quotas.models import Admission, AdmittedPerson
from quotas.selectors import quota_counters_from_admissions
from quotas.services import admission_cancel, admission_create, quota_create
from quotas.tests.conftest import family

THREADS = 20


def _as_json(person):
    return {**person, "birth_date": person["birth_date"].isoformat()}


def _payload(head, members, settlement, today):
    return {
        "head": _as_json(head),
        "members": [_as_json(m) for m in members],
        "settlement": settlement.kato,
        "admitted_on": today.isoformat(),
    }


def _post_all(url, payloads):
    """POST every payload at once (one thread each, released together); return the responses."""
    _key, raw = api_key_create(code="race-cc", scope="staff")
    headers = {"Authorization": f"Api-Key {raw}", "Accept-Language": "en"}
    barrier = threading.Barrier(len(payloads))
    responses = [None] * len(payloads)

    def run(index, payload):
        try:
            barrier.wait(timeout=60)
            responses[index] = requests.post(url, json=payload, headers=headers, timeout=120)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            responses[index] = exc

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(payloads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    connection.close()
    return responses


@pytest.fixture
def big_quota(pavlodar, this_year):
    """Room for every family the race sends: only the one-person rule can refuse them."""
    return quota_create(kind="kandas", region=pavlodar, period_start=this_year, limit_persons=500, by=None)


@pytest.mark.django_db(transaction=True)
def test_twenty_identical_requests_admit_the_family_once(live_server, big_quota, settlement, rng, today):
    head, members = family(rng, members=2)
    url = f"{live_server.url}/api/v1/quotas/{big_quota.pk}/admissions/"
    responses = _post_all(url, [_payload(head, members, settlement, today)] * THREADS)

    codes = sorted(getattr(r, "status_code", r) for r in responses)
    assert codes == [201] + [400] * (THREADS - 1), codes
    assert Admission.objects.filter(quota=big_quota, status="admitted").count() == 1
    big_quota.refresh_from_db()
    assert (big_quota.used_persons, big_quota.used_families) == (3, 1)
    assert quota_counters_from_admissions(big_quota) == {"used_persons": 3, "used_families": 1}
    # Every refusal names the head of family, and no answer carries the IIN in an error.
    for response in responses:
        if response.status_code == 400:
            body = response.json()
            assert "The head of family already holds a standing admission" in " ".join(body["head"]["iin"]), body
            assert head["iin"] not in response.text


@pytest.mark.django_db(transaction=True)
def test_one_member_in_two_families_at_once_is_admitted_once(live_server, big_quota, settlement, rng, today):
    # Twenty different families, each listing the same person as its second member.
    shared = family(rng, members=1)[1][0]
    payloads = []
    for _ in range(THREADS):
        head, members = family(rng, members=1)
        payloads.append(_payload(head, [members[0], {**shared, "relation": "child"}], settlement, today))
    url = f"{live_server.url}/api/v1/quotas/{big_quota.pk}/admissions/"
    responses = _post_all(url, payloads)

    codes = sorted(getattr(r, "status_code", r) for r in responses)
    assert codes == [201] + [400] * (THREADS - 1), codes
    for response in responses:
        if response.status_code == 400:
            body = response.json()
            assert "Member 2 already holds a standing admission" in " ".join(body["members"]), body
    assert AdmittedPerson.objects.filter(iin=shared["iin"]).count() == 1
    big_quota.refresh_from_db()
    assert (big_quota.used_persons, big_quota.used_families) == (3, 1)


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_what_the_read_check_missed(kandas_quota, settlement, rng, today):
    # Another transaction holds the member but has not committed when this admission reads: the
    # read check sees nobody, the insert waits on the unique IIN, and fails once the other commits.
    other = admission_create(quota=kandas_quota, **_args(family(rng), settlement, today))
    head, members = family(rng, members=1)
    held = threading.Event()

    def hold_then_commit():
        try:
            with transaction.atomic():
                AdmittedPerson.objects.create(admission=other, iin=members[0]["iin"])
                held.set()
                time.sleep(1)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_then_commit)
    holder.start()
    assert held.wait(timeout=30)
    with pytest.raises(ValidationError) as caught:
        admission_create(quota=kandas_quota, **_args((head, members), settlement, today))
    holder.join(timeout=30)

    assert caught.value.message_dict == {"members": [f"Member 1 already holds a standing admission (No. {other.pk})."]}
    # The database's message (which holds the IIN) is not chained onto the error.
    assert caught.value.__suppress_context__
    assert members[0]["iin"] not in str(caught.value)
    kandas_quota.refresh_from_db()
    assert (kandas_quota.used_persons, kandas_quota.used_families) == (1, 1)
    assert not Admission.objects.filter(head_iin=head["iin"]).exists()


def test_cancelling_frees_the_people_for_a_new_admission(kandas_quota, settlement, rng, today):
    head, members = family(rng, members=1)
    first = admission_create(
        quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None
    )
    assert set(first.admitted_persons.values_list("iin", flat=True)) == {head["iin"], members[0]["iin"]}
    admission_cancel(admission=first, by=None)
    assert not AdmittedPerson.objects.exists()
    again = admission_create(
        quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None
    )
    assert again.admitted_persons.count() == 2


def _args(head_members, settlement, today):
    head, members = head_members
    return {"head": head, "members": members, "settlement": settlement, "admitted_on": today, "by": None}


def test_the_backfill_holds_every_standing_admission_and_names_the_doubles(
    kandas_quota, settlement, rng, today, capsys
):
    backfill = importlib.import_module("quotas.migrations.0003_admitted_person_backfill").backfill
    first_head, first_members = family(rng, members=1)
    first = admission_create(quota=kandas_quota, **_args((first_head, first_members), settlement, today))
    # What the old read-only check let through: a second family listing the same member.
    AdmittedPerson.objects.all().delete()
    head, members = family(rng)
    double = admission_create(quota=kandas_quota, **_args((head, first_members), settlement, today))
    cancelled = admission_create(quota=kandas_quota, **_args(family(rng), settlement, today))
    admission_cancel(admission=cancelled, by=None)
    AdmittedPerson.objects.all().delete()

    backfill(apps, None)

    held = dict(AdmittedPerson.objects.values_list("iin", "admission_id"))
    assert held == {first_head["iin"]: first.pk, first_members[0]["iin"]: first.pk, head["iin"]: double.pk}
    out = capsys.readouterr().out
    assert f"No. {double.pk}" in out
    assert first_members[0]["iin"] not in out
