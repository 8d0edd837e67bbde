from django.core.management.base import BaseCommand
from django.utils import timezone

from registration.services import import_batch_sweep


class Command(BaseCommand):
    help = (
        "Re-enqueue the registration imports whose job never came and reject those abandoned while "
        "working (the periodic sweep, by hand)."
    )

    def handle(self, *args, **options):
        enqueued, rejected = import_batch_sweep(timezone.now())
        self.stdout.write(f"{enqueued} imports enqueued again, {rejected} abandoned imports rejected.")
