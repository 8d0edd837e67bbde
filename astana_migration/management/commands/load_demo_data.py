"""Synthetic but realistic demo data, at any scale, through the same services staff use.

Each app contributes in ``<app>/demo.py`` a ``load(*, rng, options, stdout)`` function; they run
in the order below (settlements first: admissions arrive in settlements).
"""

import random
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from astana_migration.accounts.services import demo_users_create

DEMO_APPS = ["settlements", "quotas", "registration", "monitoring", "proposals"]


class Command(BaseCommand):
    help = "Load demo data (settlements, quotas, registrations, …) and one demo user per role."

    def add_arguments(self, parser):
        parser.add_argument("--settlements", type=int, default=300, help="number of settlements (default 300)")
        parser.add_argument("--registrations", type=int, default=20000, help="registration records (default 20000)")
        parser.add_argument("--seed", type=int, default=2024, help="random seed, for repeatable data")

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Demo data is refused here: set ALLOW_DEMO_DATA=1 to allow it.")
        rng = random.Random(options["seed"])  # noqa: S311 - repeatable demo data, not secrets
        # Users first: the apps' demos act as them (an admission is made "by" the staff user).
        users = demo_users_create()
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            module.load(rng=rng, options=options, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo users (username / password):"))
        for username, password in users.items():
            self.stdout.write(f"  {username:10} {password}")
