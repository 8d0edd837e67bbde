"""Analysts see registration records de-identified: no IIN, document, name, birth date or
address reaches them through the admin (list, record page, search, lookups, exports, imports)
or the API."""

import re

import pytest
from django.urls import reverse

from registration.models import RegistrationRecord
from registration.services import import_batch_submit
from registration.tests.conftest import csv_file, demo_rows, valid_row

CHANGELIST = "/admin/registration/registrationrecord/"
PERSONAL_FIELDS = ("iin", "document_number", "surname", "name", "patronymic", "birth_date", "street", "address_code")


@pytest.fixture
def records(staff_user):
    rows = demo_rows(60, seed=31)
    batch = import_batch_submit(content=csv_file(rows), file_name="seed.csv", by=staff_user)
    assert batch.rows_created == 60
    return RegistrationRecord.objects.all()


@pytest.fixture
def analyst_client(client, analyst_user):
    client.force_login(analyst_user)
    client.cookies["django_language"] = "en"
    return client


def _personal_values(records) -> set[str]:
    """Every personal value of the records, as it could appear on a page or in a file."""
    values = set()
    for record in records:
        for field in PERSONAL_FIELDS:
            value = getattr(record, field)
            if value:
                values.add(str(value))
                if field == "birth_date":
                    values.add(value.strftime("%d.%m.%Y"))
                    values.add(value.strftime("%B %d, %Y").replace(" 0", " "))
        if record.iin:
            values.add(f"{record.iin[:4]}******{record.iin[-2:]}")  # even masked
    # A newborn is registered on the day of birth: that date is shown as the registration date,
    # which analysts may see, so it proves nothing as a birth date.
    shown_dates = {
        str(day)
        for record in records
        for day in (record.registered_on, record.valid_until, record.deregistered_on)
        if day is not None
    }
    # Short values (a building number, a one-letter name) would match anything: names are long.
    return {v for v in values - shown_dates if len(v) >= 4 and not v.isdigit() or len(v) >= 6}


def _assert_no_personal_data(text: str, records) -> None:
    leaked = sorted(v for v in _personal_values(records) if v in text)
    assert leaked == []
    assert not re.search(r"(?<!\d)\d{12}(?!\d)", text), "a 12-digit number (an IIN?) is on the page"


def test_the_list_shows_an_analyst_only_de_identified_columns(analyst_client, records):
    response = analyst_client.get(CHANGELIST)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 50
    html = response.content.decode()
    _assert_no_personal_data(html, records)
    assert "Search" not in html  # nothing to search by without names or numbers


def test_a_record_page_shows_an_analyst_no_personal_field(analyst_client, records):
    for record in records[:10]:
        response = analyst_client.get(reverse("admin:registration_registrationrecord_change", args=[record.pk]))

        assert response.status_code == 200
        form = response.context["adminform"].form
        assert not set(form.fields) & set(PERSONAL_FIELDS)
        _assert_no_personal_data(response.content.decode(), records)


def test_an_analyst_cannot_look_a_person_up_by_url(analyst_client, records):
    record = records.exclude(iin="").first()

    for query in (f"iin={record.iin}", f"surname={record.surname}", f"birth_date={record.birth_date}"):
        response = analyst_client.get(f"{CHANGELIST}?{query}")
        # Refused outright (Django's DisallowedModelAdminLookup), or dropped: never filtered.
        assert response.status_code in (302, 400)


def test_an_analysts_search_term_is_never_applied(analyst_client, records):
    record = records.exclude(iin="").first()

    refused = analyst_client.post(reverse("admin:registration_registrationrecord_search"), {"term": record.surname})
    response = analyst_client.get(CHANGELIST)

    assert refused.status_code == 403

    assert response.context["cl"].result_count == records.count()


def test_an_analysts_export_has_no_personal_column(analyst_client, records):
    response = analyst_client.post(
        CHANGELIST, {"action": "export_selected_csv", "select_across": "1", "_selected_action": [records[0].pk]}
    )

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(body.strip().splitlines()) == records.count() + 1
    header = body.splitlines()[0]
    for label in ("IIN", "surname", "name", "birth date", "street", "document number", "ethnicity"):
        assert label not in header.split(",")
    _assert_no_personal_data(body, records)


def test_an_analyst_can_neither_change_nor_add_nor_import(analyst_client, records):
    record = records.first()
    assert analyst_client.post(reverse("admin:registration_registrationrecord_add"), {}).status_code == 403
    change = analyst_client.post(
        reverse("admin:registration_registrationrecord_change", args=[record.pk]), {"surname": "X"}
    )
    assert change.status_code == 403
    assert analyst_client.get(reverse("admin:registration_importbatch_add")).status_code == 403
    assert analyst_client.get(reverse("admin:registration_importbatch_changelist")).status_code == 403


def test_an_analyst_cannot_read_an_import_error_report(analyst_client, staff_user):
    batch = import_batch_submit(content=csv_file([valid_row(iin="900101322019")]), file_name="x.csv", by=staff_user)

    for fmt in ("csv", "xlsx"):
        url = reverse("admin:registration_importbatch_report", args=[batch.pk, fmt])
        assert analyst_client.get(url).status_code == 403
    assert analyst_client.get(reverse("admin:registration_importbatch_change", args=[batch.pk])).status_code == 403


def test_no_api_endpoint_hands_an_analyst_personal_data(analyst_api, records):
    # Every list endpoint of the API, as the schema describes them (other apps' included).
    schema = analyst_api.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = [p for p, operations in schema.json()["paths"].items() if "get" in operations and "{" not in p]
    assert "/api/v1/" in paths

    for path in paths:
        response = analyst_api.get(path)
        _assert_no_personal_data(response.content.decode(), records)
    # And no registration endpoint exists to begin with.
    assert not [p for p in paths if "registration" in p]


def test_the_same_checks_do_find_personal_data_on_a_staff_page(client, staff_user, records):
    # The checks above are not vacuous: on a staff member's pages they find names and IINs.
    client.force_login(staff_user)
    record = records.exclude(iin="").first()

    page = client.get(reverse("admin:registration_registrationrecord_change", args=[record.pk]))

    with pytest.raises(AssertionError):
        _assert_no_personal_data(page.content.decode(), records)
