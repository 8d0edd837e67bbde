from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring.services import forecasts_compute, indicators_recompute


class Command(BaseCommand):
    help = "Recompute the computed monitoring indicators (and alerts, forecasts) now, in this process."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="the year to recompute (default: this year)")

    def handle(self, *args, **options):
        year = options["year"] or timezone.localdate().year
        if not 2000 <= year <= timezone.localdate().year + 1:
            raise CommandError(f"--year {year} is out of range")
        result = indicators_recompute(year=year)
        forecasts = forecasts_compute(base_year=year)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indicators of {year}: {result['values']} values, {result['alerts']} new outflow alerts; "
                f"{forecasts} forecast figures."
            )
        )
