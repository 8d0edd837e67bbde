from django.core.management.base import BaseCommand

from kernel.accounts.services import roles_sync
from kernel.territory.services import territory_load_reference


class Command(BaseCommand):
    help = "Load regions, districts and rural districts (KATO) and the role groups; idempotent."

    def handle(self, *args, **options):
        counts = territory_load_reference()
        roles = roles_sync()
        self.stdout.write(
            self.style.SUCCESS(
                f"Territories: {counts['regions']} regions, {counts['districts']} districts, "
                f"{counts['rural_districts']} rural districts. Roles: {', '.join(roles)}."
            )
        )
