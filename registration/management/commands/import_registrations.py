from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from registration.exports import error_report_csv, error_report_rows
from registration.models import ImportBatch
from registration.services import import_batch_submit


class Command(BaseCommand):
    help = (
        "Import registration records from a CSV or XLSX file (the admin's import, same service): "
        "every row is checked, and any error rejects the whole file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8 or Windows-1251) or .xlsx file in the template's columns")
        parser.add_argument("--by", required=True, help="username of the staff member importing the file")
        parser.add_argument("--report", help="where to write the error report (CSV) if the file is rejected")
        parser.add_argument("--language", default=None, help="language of the messages (kk, ru, en)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = get_user_model().objects.filter(username=options["by"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['by']!r}")
        if not user.has_perm("registration.add_importbatch"):
            raise CommandError(f"User {options['by']!r} may not import registration records")
        with translation.override(options["language"] or translation.get_language()):
            batch = import_batch_submit(content=path.read_bytes(), file_name=path.name, by=user)
            self._report(batch, options.get("report"))

    def _report(self, batch, report_path):
        status = batch.get_status_display()
        if batch.status == ImportBatch.Status.APPLIED:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Batch {batch.pk}: {status}. Added {batch.rows_created}, "
                    f"already present {batch.rows_skipped}, rows {batch.rows_total}."
                )
            )
            return
        if batch.status == ImportBatch.Status.DUPLICATE:
            self.stdout.write(f"Batch {batch.pk}: {status} (batch {batch.duplicate_of_id}); nothing added.")
            return
        if batch.status == ImportBatch.Status.REJECTED:
            rows = error_report_rows(batch)
            for row, column, _value, reason in rows[1:51]:
                self.stderr.write(f"{row}\t{column}\t{reason}")
            if report_path:
                Path(report_path).write_bytes(error_report_csv(batch))
                self.stderr.write(f"Error report: {report_path}")
            raise CommandError(f"Batch {batch.pk}: {status}; {batch.error_count} errors, nothing imported.")
        raise CommandError(f"Batch {batch.pk}: {status} ({batch.failure}).")
