"""Bad figures and bad families are refused with an error naming the field, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kernel.territory.models import District
from quotas.models import Admission, AdmissionMember, Quota, QuotaLimitChange
from quotas.services import admission_create, quota_create
from quotas.tests.conftest import family


def _create(region, **overrides):
    fields = {"kind": "kandas", "region": region, "period_start": 2026, "limit_persons": 977, "by": None}
    fields.update(overrides)
    return quota_create(**fields)


@pytest.mark.parametrize("limit", [-1, 2.5, "many", True])
def test_it_refuses_a_limit_that_is_not_a_whole_number(pavlodar, limit):
    with pytest.raises(ValidationError) as caught:
        _create(pavlodar, limit_persons=limit)
    assert "limit_persons" in caught.value.message_dict
    assert not Quota.objects.exists()


@pytest.mark.parametrize("field", ["limit_families", "limit_compatriots"])
def test_it_refuses_a_negative_optional_limit(pavlodar, field):
    with pytest.raises(ValidationError) as caught:
        _create(pavlodar, kind="foreign_labour", **{field: -5})
    assert field in caught.value.message_dict
    assert not Quota.objects.exists()


def test_it_refuses_a_period_that_ends_before_it_starts(pavlodar):
    with pytest.raises(ValidationError) as caught:
        _create(pavlodar, period_start=2027, period_end=2025)
    assert "period_end" in caught.value.message_dict
    assert not Quota.objects.exists()


def test_it_refuses_a_second_quota_for_the_same_kind_territory_and_period(pavlodar):
    _create(pavlodar)
    with pytest.raises(ValidationError) as caught:
        _create(pavlodar, limit_persons=10)
    assert "already exists" in str(caught.value)
    assert Quota.objects.count() == 1
    # Another period, or another kind, is another quota.
    _create(pavlodar, period_start=2026, period_end=2028)
    _create(pavlodar, kind="resettler")


def test_it_refuses_a_second_district_quota_too(pavlodar):
    district = District.objects.get(kato="552000000")
    _create(pavlodar, district=district)
    with pytest.raises(ValidationError):
        _create(pavlodar, district=district)
    assert Quota.objects.count() == 1


def test_it_refuses_a_district_of_another_region(pavlodar):
    with pytest.raises(ValidationError) as caught:
        _create(pavlodar, district=District.objects.exclude(region=pavlodar).first())
    assert "district" in caught.value.message_dict


def test_only_foreign_labour_has_a_reserved_share(pavlodar):
    with pytest.raises(ValidationError) as caught:
        _create(pavlodar, limit_compatriots=10)
    assert "limit_compatriots" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _create(pavlodar, kind="foreign_labour", limit_persons=10, limit_compatriots=11)
    assert "limit_compatriots" in caught.value.message_dict
    assert not QuotaLimitChange.objects.exists()


def _admit(quota, settlement, head, members, today):
    return admission_create(quota=quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None)


def _nothing_saved(quota):
    quota.refresh_from_db()
    assert (quota.used_persons, quota.used_families) == (0, 0)
    assert not Admission.objects.exists()
    assert not AdmissionMember.objects.exists()


def test_it_refuses_an_invalid_iin_of_the_head(kandas_quota, settlement, rng, today):
    head, members = family(rng, members=1)
    head["iin"] = head["iin"][:11] + str((int(head["iin"][11]) + 1) % 10)
    with pytest.raises(ValidationError) as caught:
        _admit(kandas_quota, settlement, head, members, today)
    assert "control digit" in " ".join(caught.value.message_dict["head_iin"])
    _nothing_saved(kandas_quota)


def test_it_refuses_an_invalid_iin_of_a_member(kandas_quota, settlement, rng, today):
    head, members = family(rng, members=2)
    members[1]["iin"] = "12345"
    with pytest.raises(ValidationError) as caught:
        _admit(kandas_quota, settlement, head, members, today)
    assert any(message.startswith("Member 2") for message in caught.value.message_dict["members"])
    _nothing_saved(kandas_quota)


def test_it_refuses_a_member_listed_twice(kandas_quota, settlement, rng, today):
    head, members = family(rng, members=2)
    members.append(dict(members[0]))
    with pytest.raises(ValidationError) as caught:
        _admit(kandas_quota, settlement, head, members, today)
    assert caught.value.message_dict["members"] == ["Member 3 has the same IIN as member 1: a person is listed once."]
    _nothing_saved(kandas_quota)


def test_it_refuses_the_head_listed_again_as_a_member(kandas_quota, settlement, rng, today):
    head, members = family(rng, members=1)
    members[0]["iin"] = head["iin"]
    with pytest.raises(ValidationError) as caught:
        _admit(kandas_quota, settlement, head, members, today)
    assert "the head of family" in caught.value.message_dict["members"][0]
    _nothing_saved(kandas_quota)


def test_it_refuses_a_person_already_admitted(kandas_quota, settlement, rng, today):
    head, members = family(rng, members=1)
    first = _admit(kandas_quota, settlement, head, members, today)
    other_head, _ = family(rng)
    with pytest.raises(ValidationError) as caught:
        _admit(kandas_quota, settlement, other_head, [{**members[0]}], today)
    assert f"No. {first.pk}" in str(caught.value)
    kandas_quota.refresh_from_db()
    assert kandas_quota.used_persons == 2


def test_it_refuses_a_settlement_outside_the_quota_territory(kandas_quota, rng, today):
    from quotas.tests.conftest import make_settlement

    elsewhere = make_settlement(district=District.objects.exclude(region=kandas_quota.region).first())
    head, members = family(rng)
    with pytest.raises(ValidationError) as caught:
        _admit(kandas_quota, elsewhere, head, members, today)
    assert "settlement" in caught.value.message_dict
    _nothing_saved(kandas_quota)


def test_it_refuses_a_date_outside_the_period_or_in_the_future(kandas_quota, settlement, rng, today):
    head, members = family(rng)
    for day in (datetime.date(kandas_quota.period_start - 1, 12, 31), today + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as caught:
            _admit(kandas_quota, settlement, head, members, day)
        assert "admitted_on" in caught.value.message_dict
    _nothing_saved(kandas_quota)


def test_it_refuses_missing_names_and_dates(kandas_quota, settlement, rng, today):
    head, members = family(rng, members=1)
    head["surname"] = ""
    members[0]["birth_date"] = None
    members[0]["relation"] = "cousin twice removed"
    with pytest.raises(ValidationError) as caught:
        _admit(kandas_quota, settlement, head, members, today)
    errors = caught.value.message_dict
    assert "head_surname" in errors
    assert len(errors["members"]) == 2
    _nothing_saved(kandas_quota)
