from django.core.management.base import BaseCommand

from settlements.services import delivery_sweep


class Command(BaseCommand):
    help = "Enqueue the settlement list deliveries that are due (the periodic outbox sweep, by hand)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="at most this many rows (default 500)")

    def handle(self, *args, limit, **options):
        count = delivery_sweep(limit=limit)
        self.stdout.write(f"{count} deliveries enqueued.")
