"""The admin of registration records for staff: list, filters, record pages (audited), the
record form with the import's rules, deregistration, export."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kernel.audit.models import AuditEntry
from registration.models import RegistrationRecord
from registration.services import import_batch_submit
from registration.tests.conftest import csv_file, demo_rows, valid_row

CHANGELIST = "/admin/registration/registrationrecord/"


@pytest.fixture
def records(staff_user):
    batch = import_batch_submit(content=csv_file(demo_rows(120, seed=21)), file_name="seed.csv", by=staff_user)
    assert batch.rows_created == 120
    return RegistrationRecord.objects.order_by("pk")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    return client


def test_the_list_shows_staff_the_residents(staff_client, records):
    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200
    newest = records.order_by("-registered_on", "-id").first()
    html = response.content.decode()
    assert newest.surname in html
    # Even staff see IINs masked in the list; the full number is on the record's page.
    if newest.iin:
        assert newest.iin not in html
        assert f"{newest.iin[:4]}******{newest.iin[-2:]}" in html
    assert "120 registration records" in html


@pytest.mark.calendar
@pytest.mark.parametrize(
    "query",
    ["district=711410000", "kind=temporary", "category=foreigner", "status=ended", "status=active", "registered=year"],
)
def test_each_filter_narrows_the_list(staff_client, staff_user, records, query):
    if query == "registered=year":
        # On 1 January nobody has registered yet this year: someone does, today.
        today = timezone.localdate().isoformat()
        import_batch_submit(content=csv_file([valid_row(registered_on=today)]), file_name="today.csv", by=staff_user)
    response = staff_client.get(f"{CHANGELIST}?{query}")

    assert response.status_code == 200
    key, value = query.split("=")
    shown = response.context["cl"].result_list
    expected = {
        "district": records.filter(district__kato=value),
        "kind": records.filter(kind=value),
        "category": records.filter(category=value),
        "status": records.filter(deregistered_on__isnull=(value == "active")),
        "registered": records.filter(registered_on__year=timezone.localdate().year),
    }[key]
    assert expected.exists()
    assert {r.pk for r in shown} <= set(expected.values_list("pk", flat=True))
    assert len(shown) == min(50, expected.count())


def test_opening_a_record_is_audited(staff_client, staff_user, records):
    record = records.first()

    response = staff_client.get(reverse("admin:registration_registrationrecord_change", args=[record.pk]))

    assert response.status_code == 200
    assert record.surname in response.content.decode()
    entry = AuditEntry.objects.get(action="view")
    assert (entry.actor, entry.object_id) == (staff_user, str(record.pk))


def test_the_form_applies_the_import_rules(staff_client, records):
    district = records.first().district
    data = {
        "iin": "",
        "document_type": "foreign_passport",
        "document_number": "",
        "surname": "Каримов",
        "name": "Азиз",
        "birth_date": "1990-05-05",
        "sex": "M",
        "citizenship": "UZB",
        "category": "foreigner",
        "kind": "temporary",
        "registered_on": "2025-03-14",
        "valid_until": "",
        "purpose": "work",
        "district": district.pk,
        "street": "Тұран даңғылы",
        "building": "1",
    }

    response = staff_client.post(reverse("admin:registration_registrationrecord_add"), data)

    assert response.status_code == 200  # the form again, with the reasons
    errors = response.context["adminform"].form.errors
    assert errors["valid_until"] == ["Valid until: a temporary registration needs its end date."]
    assert errors["document_number"] == [
        "Document number: a person without an IIN is identified by a document; give its type and number."
    ]


def test_a_record_added_in_the_admin_goes_through_the_service(staff_client, staff_user, records):
    district = records.first().district
    data = {
        "iin": "850315441855",
        "surname": "Иванова",
        "name": "Мария",
        "birth_date": "1985-03-15",
        "sex": "F",
        "citizenship": "KAZ",
        "category": "citizen",
        "kind": "permanent",
        "registered_on": "2025-03-14",
        "purpose": "family",
        "district": district.pk,
        "street": "Тұран даңғылы",
        "building": "1",
    }

    response = staff_client.post(reverse("admin:registration_registrationrecord_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    record = RegistrationRecord.objects.get(iin="850315441855")
    assert AuditEntry.objects.filter(action="create", object_id=str(record.pk), actor=staff_user).exists()
    # A second active permanent registration of the same person is refused, with a clear reason.
    response = staff_client.post(reverse("admin:registration_registrationrecord_add"), data | {"street": "Абай"})
    assert response.status_code == 200
    assert "This person already has an active permanent registration." in response.content.decode()


def test_records_are_never_deleted(staff_client, records):
    record = records.first()

    response = staff_client.get(reverse("admin:registration_registrationrecord_delete", args=[record.pk]))

    assert response.status_code == 403


def test_bulk_deregistration_asks_for_the_date_then_uses_the_service(staff_client, staff_user, records):
    active = list(records.filter(deregistered_on__isnull=True).order_by("pk")[:3])
    ids = [str(r.pk) for r in active]
    today = timezone.localdate()

    asked = staff_client.post(CHANGELIST, {"action": "deregister_selected", "_selected_action": ids})
    assert asked.status_code == 200
    assert "Deregister" in asked.content.decode()

    done = staff_client.post(
        CHANGELIST,
        {
            "action": "deregister_selected",
            "_selected_action": ids,
            "apply": "1",
            "on": today.isoformat(),
            "departed_to": "550000000",
        },
    )

    assert done.status_code == 302
    for record in active:
        record.refresh_from_db()
        assert record.deregistered_on == today
        assert record.departed_to_region.kato == "550000000"
    assert AuditEntry.objects.filter(action="transition", actor=staff_user).count() == 3


def test_staff_export_the_selected_records_with_personal_data(staff_client, staff_user, records):
    chosen = list(records[:2])

    response = staff_client.post(
        CHANGELIST, {"action": "export_selected_csv", "_selected_action": [r.pk for r in chosen]}
    )

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert len(lines) == 3
    with translation.override("en"):
        assert lines[0].startswith("record №;IIN;document type")  # semicolons: Excel's columns
    assert chosen[0].surname in body
    assert AuditEntry.objects.filter(action="export", actor=staff_user).count() == 1
