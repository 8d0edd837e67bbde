"""A record typed in the admin is held to the import's rules (``RegistrationRecord.clean``), with
the message on the field it concerns."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kernel.territory.models import District, Region
from registration.models import RegistrationRecord


@pytest.fixture
def record(reference_data):
    return RegistrationRecord(
        iin="900101322018",
        surname="Әбенов",
        name="Ерлан",
        birth_date=datetime.date(1990, 1, 1),
        sex="M",
        citizenship="kaz",
        category="citizen",
        kind="permanent",
        district=District.objects.get(kato="711410000"),
        street="Мәңгілік Ел даңғылы",
        building="55",
        registered_on=datetime.date(2025, 3, 14),
        purpose="work",
    )


def _errors(record) -> dict:
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            record.full_clean()
        # Lazy messages are rendered here, still in English.
        return caught.value.message_dict


def test_a_good_record_passes_and_codes_are_normalised(record):
    record.arrived_from_country = "uzb"
    record.full_clean()
    assert (record.citizenship, record.arrived_from_country) == ("KAZ", "UZB")


def test_a_wrong_control_digit_is_named_on_the_iin(record):
    record.iin = "900101322019"
    assert _errors(record)["iin"] == ["The IIN's control digit is wrong: check the number."]


def test_a_district_outside_astana_is_refused(record):
    record.district = District.objects.exclude(region__kato="710000000").first()
    assert _errors(record)["district"] == [
        f"District: “{record.district.kato}” is not the KATO code of a district of Astana."
    ]


def test_an_arrival_is_from_a_region_or_a_country_not_both(record):
    record.arrived_from_region = Region.objects.get(kato="550000000")
    record.arrived_from_country = "UZB"
    assert _errors(record)["arrived_from_region"] == ["Arrived from: give either a region or a country, not both."]


def test_a_departure_needs_a_deregistration(record):
    record.departed_to_country = "RUS"
    assert _errors(record)["departed_to_region"] == ["Departed to: only a deregistered record has a destination."]


def test_a_temporary_stay_lasts_one_to_twelve_months(record):
    record.kind = "temporary"
    record.valid_until = datetime.date(2026, 6, 1)
    assert _errors(record)["valid_until"] == [
        "Valid until: a temporary registration lasts from 1 to 12 months, "
        "i.e. from 2025-04-14 to 2026-03-14 for this registration date."
    ]


def test_a_foreigner_without_an_iin_needs_a_document(record):
    record.iin = ""
    record.category, record.citizenship = "foreigner", "UZB"
    errors = _errors(record)
    message = "a person without an IIN is identified by a document; give its type and number."
    assert errors["document_type"] == [f"Document type: {message}"]
    assert errors["document_number"] == [f"Document number: {message}"]


def test_a_second_active_permanent_registration_of_a_document_holder_is_refused(record):
    record.iin = ""
    record.category, record.citizenship = "stateless", "XXA"
    record.document_type, record.document_number = "stateless_certificate", "N0001"
    record.full_clean()
    record.save()
    twin = RegistrationRecord.objects.get(pk=record.pk)
    twin.pk = None
    twin.registered_on = datetime.date(2025, 4, 1)

    assert "This person already has an active permanent registration." in str(_errors(twin))
