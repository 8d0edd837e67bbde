from django.core.management.base import BaseCommand, CommandError

from kernel.security.lockout import login_lockout_clear


class Command(BaseCommand):
    help = "Lift a login lockout before its cool-off ends (for a username, a client address, or both)."

    def add_arguments(self, parser):
        parser.add_argument("--username", help="the locked username")
        parser.add_argument("--address", help="the locked client IP address")

    def handle(self, *args, username, address, **options):
        if not username and not address:
            raise CommandError("Name --username, --address or both.")
        login_lockout_clear(username=username, address=address, by="manage.py unlock_login")
        self.stdout.write("Lock lifted.")
