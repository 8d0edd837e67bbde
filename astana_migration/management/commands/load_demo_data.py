"""Synthetic but realistic demo data, at any scale, through the same services staff use.

Each app contributes in ``<app>/demo.py`` a ``load(*, rng, options, stdout)`` function; they run
in the order below (settlements first: admissions arrive in settlements). Demo data is loaded once
per database: ``make run`` calls this command on every start, and a second run changes nothing (no
new alerts, no new key), then prints the same users, key and ``curl`` line again.
"""

import random
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kernel.accounts.services import demo_api_key_ensure, demo_users_create
from kernel.audit.models import AuditEntry
from kernel.audit.services import audit_record

DEMO_APPS = ["settlements", "quotas", "registration", "monitoring", "proposals"]
DEMO_CLIENT = "demo-mc"
# The audit entry that says this database holds the demo data: the database decides, not a file.
DEMO_MARK = "demo data loaded"


class Command(BaseCommand):
    help = "Load demo data (settlements, quotas, registrations, …), one demo user per role and one demo API key."

    def add_arguments(self, parser):
        parser.add_argument("--settlements", type=int, default=300, help="number of settlements (default 300)")
        parser.add_argument("--registrations", type=int, default=20000, help="registration records (default 20000)")
        parser.add_argument("--seed", type=int, default=2024, help="random seed, for repeatable data")
        parser.add_argument("--host", default="http://127.0.0.1:8000", help="the address printed in the curl line")

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Demo data is refused here: set ALLOW_DEMO_DATA=1 to allow it.")
        loaded = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT, note=DEMO_MARK).first()
        if loaded is None:
            self._load(options)
        else:
            when = timezone.localtime(loaded.at)
            self.stdout.write(f"Demo data is already loaded ({when:%Y-%m-%d %H:%M}): nothing changed.")
        self._introduce(options["host"])

    def _load(self, options):
        rng = random.Random(options["seed"])  # noqa: S311 - repeatable demo data, not secrets
        # Users first: the apps' demos act as them (an admission is made "by" the staff user).
        demo_users_create()
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            module.load(rng=rng, options=options, stdout=self.stdout)
        audit_record(by=None, action=AuditEntry.Action.IMPORT, note=DEMO_MARK)
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            mail_dir = settings.EMAIL_FILE_PATH
            count = sum(1 for _ in Path(mail_dir).glob("*.log")) if Path(mail_dir).is_dir() else 0
            self.stdout.write(f"E-mails the portal sent ({count}) are written as files under {mail_dir}/")

    def _introduce(self, host):
        users = demo_users_create()
        raw = demo_api_key_ensure(code=DEMO_CLIENT, path=Path(settings.VAR_DIR) / "demo-api-key")
        self.stdout.write(self.style.SUCCESS("Demo users (username / password):"))
        for username, password in users.items():
            self.stdout.write(f"  {username:10} {password}")
        self.stdout.write(self.style.SUCCESS(f"API key of the demo mobility centre {DEMO_CLIENT}:"))
        self.stdout.write(f"  {raw}")
        self.stdout.write("Try it:")
        self.stdout.write(f'  curl -H "Authorization: Api-Key {raw}" {host}/api/v1/settlements/')
