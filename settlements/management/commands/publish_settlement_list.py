from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from settlements.errors import SettlementListError
from settlements.models import SettlementList
from settlements.selectors import deliveries_waiting_for_queue
from settlements.services import settlement_list_publish


class Command(BaseCommand):
    help = "Publish an approved settlement list version (the same service as the admin's publish action)."

    def add_arguments(self, parser):
        parser.add_argument("version", type=int, help="the version number")
        parser.add_argument("--by", required=True, help="username of the department head who publishes")

    def handle(self, *args, version, by, **options):
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"No user named {by!r}.")
        settlement_list = SettlementList.objects.filter(version=version).first()
        if settlement_list is None:
            raise CommandError(f"No settlement list version {version}.")
        try:
            published = settlement_list_publish(settlement_list=settlement_list, by=user)
        except SettlementListError as exc:
            raise CommandError(str(exc)) from exc
        deliveries = published.deliveries.count()
        waiting = deliveries_waiting_for_queue([published.pk])
        self.stdout.write(
            self.style.SUCCESS(
                f"Version {published.version} ({published.year}) published: {published.items_count} settlements, "
                f"checksum {published.checksum}, {deliveries} deliveries queued."
            )
        )
        if waiting:
            self.stdout.write(
                self.style.WARNING(
                    f"{waiting} of the deliveries are waiting: the job queue (Redis) is unreachable; the periodic "
                    "sweep (or sweep_deliveries) sends them once it is back."
                )
            )
