"""Ethnicity is a reference list (issue 11): a stable code stored, the name shown in the reader's
language, the import accepting the code or a Kazakh or Russian name and refusing anything else as a
row error — so a name or an IIN typed in that column never reaches analysts."""

import pytest
from django.apps import apps
from django.utils import translation

from monitoring.reports.data import part_label
from registration.ethnicities import CHOICES, ethnicity_code, ethnicity_name
from registration.exports import error_report_rows
from registration.models import ImportBatch, RegistrationRecord
from registration.services import import_batch_submit
from registration.tests.conftest import csv_file, valid_row


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kazakh", "kazakh"),
        ("KAZAKH", "kazakh"),
        ("қазақ", "kazakh"),
        ("Қазақ", "kazakh"),
        ("казах", "kazakh"),
        ("Казашка", "kazakh"),
        (" орыс ", "russian"),
        ("Русский", "russian"),
        ("басқа ұлт", "other"),
        ("другая  национальность", "other"),
        ("", ""),
        ("Иванов", None),
        ("900101322018", None),
        ('=HYPERLINK("x")', None),
    ],
)
def test_a_code_or_a_name_finds_its_code(text, code):
    assert ethnicity_code(text) == code


def test_the_name_follows_the_readers_language():
    assert ethnicity_name("uyghur", "kk") == "ұйғыр"
    assert ethnicity_name("uyghur", "ru") == "уйгур"
    assert ethnicity_name("uyghur", "en") == "Uyghur"
    labels = dict(CHOICES)
    with translation.override("ru"):
        assert str(labels["russian"]) == "русский"
        assert part_label("russian") == "русский"
    with translation.override("kk"):
        assert str(labels["russian"]) == "орыс"
        assert part_label("russian") == "орыс"


def test_the_import_stores_the_code_of_a_name_in_either_language(staff_user):
    rows = [
        valid_row(ethnicity="Қазақ"),
        valid_row(iin="850315441855", ethnicity="русский"),
        valid_row(iin="920202400016", ethnicity=""),
    ]
    batch = import_batch_submit(content=csv_file(rows), file_name="a.csv", by=staff_user)
    assert batch.status == ImportBatch.Status.APPLIED, batch.status
    assert sorted(RegistrationRecord.objects.values_list("ethnicity", flat=True)) == ["", "kazakh", "russian"]


@pytest.mark.parametrize("typed", ["Иванов Иван", "850315441855", "қазақша"])
def test_anything_else_is_a_row_error_naming_the_column_and_nothing_is_saved(staff_user, typed):
    rows = [valid_row(), valid_row(iin="850315441855", ethnicity=typed)]
    batch = import_batch_submit(content=csv_file(rows), file_name="a.csv", by=staff_user)
    assert batch.status == ImportBatch.Status.REJECTED
    assert RegistrationRecord.objects.count() == 0
    with translation.override("en"):
        report = error_report_rows(batch)[1:]
    assert [(r[0], r[1]) for r in report] == [(3, "ethnicity")]
    assert "is not on the reference list" in report[0][3]


def test_free_text_already_stored_becomes_codes_and_the_rest_not_stated(staff_user):
    import importlib

    batch = import_batch_submit(
        content=csv_file([valid_row(), valid_row(iin="850315441855", ethnicity="russian")]),
        file_name="a.csv",
        by=staff_user,
    )
    assert batch.status == ImportBatch.Status.APPLIED
    first, second = RegistrationRecord.objects.order_by("pk")
    # As free text left them before the reference list:
    RegistrationRecord.objects.filter(pk=first.pk).update(ethnicity="Орыс")
    RegistrationRecord.objects.filter(pk=second.pk).update(ethnicity="Иванов 900101322018")
    migration = importlib.import_module("registration.migrations.0003_ethnicity_reference_list")
    migration.free_text_to_codes(apps, None)
    assert list(RegistrationRecord.objects.order_by("pk").values_list("ethnicity", flat=True)) == ["russian", ""]
