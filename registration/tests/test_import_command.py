"""``import_registrations <file> --by <user>``: the admin's import, from a shell or a script."""

import pytest
from django.core.management import CommandError, call_command

from registration.models import ImportBatch, RegistrationRecord
from registration.tests.conftest import csv_file, demo_rows, valid_row, xlsx_file


def test_it_imports_a_file_as_the_named_user(staff_user, tmp_path, capsys):
    path = tmp_path / "records.xlsx"
    path.write_bytes(xlsx_file(demo_rows(40)))

    call_command("import_registrations", str(path), "--by", "staff", "--language", "en")

    batch = ImportBatch.objects.get()
    assert batch.created_by == staff_user
    assert RegistrationRecord.objects.count() == 40
    assert "Added 40" in capsys.readouterr().out


def test_a_rejected_file_fails_with_a_report_and_no_personal_data_on_the_terminal(staff_user, tmp_path, capsys):
    path = tmp_path / "records.csv"
    path.write_bytes(csv_file([valid_row(iin="900101322019")]))
    report = tmp_path / "errors.csv"

    with pytest.raises(CommandError, match="1 errors, nothing imported"):
        call_command("import_registrations", str(path), "--by", "staff", "--report", str(report), "--language", "en")

    assert RegistrationRecord.objects.count() == 0
    err = capsys.readouterr().err
    assert "2\tiin\tIIN: the control digit is wrong; check the number." in err
    assert "900101322019" not in err
    assert "reason" in report.read_text(encoding="utf-8-sig")


def test_it_refuses_a_user_who_may_not_import(analyst_user, tmp_path):
    path = tmp_path / "records.csv"
    path.write_bytes(csv_file([valid_row()]))

    with pytest.raises(CommandError, match="may not import"):
        call_command("import_registrations", str(path), "--by", "analyst")
    assert not ImportBatch.objects.exists()
