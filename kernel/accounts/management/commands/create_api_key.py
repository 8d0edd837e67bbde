from django.core.management.base import BaseCommand

from kernel.accounts.models import ApiKey
from kernel.accounts.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key for a recipient and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the recipient's code, e.g. demo-mc")
        parser.add_argument("--scope", choices=ApiKey.Scope.values, default=ApiKey.Scope.SETTLEMENTS)

    def handle(self, *args, code, scope, **options):
        key, raw = api_key_create(code=code, scope=scope, by=None)
        self.stdout.write(f"API key for {code} (scope {scope}), shown once:")
        self.stdout.write(raw)
