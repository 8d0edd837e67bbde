from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring.services import indicators_and_forecasts_recompute


class Command(BaseCommand):
    help = "Recompute the computed monitoring indicators (and alerts, forecasts) now, in this process."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, help="the year to recompute (default: the years the nightly job covers)"
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        year = options["year"]
        if year is not None and not 2000 <= year <= today.year + 1:
            raise CommandError(f"--year {year} is out of range")
        result = indicators_and_forecasts_recompute(year=year, today=today)
        forecasts = result.pop("forecasts")
        for done_year, figures in result.items():
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indicators of {done_year}: {figures['values']} values, {figures['alerts']} new outflow alerts."
                )
            )
        self.stdout.write(self.style.SUCCESS(f"{forecasts} forecast figures."))
