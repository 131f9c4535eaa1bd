"""Create the demo organisations, people and data once; later runs leave them alone."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from demo import accounts
from demo.context import DemoContext, seed_features
from demo.quality import seed_cycle
from gelingen.accounts.roles import LEITUNG, QM, STAFF
from gelingen.catalogue.models import QualityModel
from gelingen.quality.models import Cycle

CATALOGUE = Path(settings.BASE_DIR) / "catalogues" / "kqs-3.yaml"


class Command(BaseCommand):
    help = (
        "Create the demo organisations, people and data and print the logins. When the demo exists, "
        "nothing is changed (addresses, roles, passwords and all work stay as they are) unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="password for every demo login when the demo is created (default: a random one)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="set the demo organisations' master data, the people's names and roles and every "
            "demo password back (new password: --password or a random one); the work done stays",
        )

    def handle(self, *args, password=None, reset=False, **options):
        if accounts.existing() and not reset:
            if password:
                self.stdout.write(
                    self.style.WARNING(
                        "--password gilt nur beim Anlegen der Demo (oder zusammen mit --reset)."
                    )
                )
            self.stdout.write(
                self.style.SUCCESS("Die Demo-Daten sind schon da und bleiben unverändert. Anmeldungen:")
            )
            self._print_logins()
            self.stdout.write("  Passwort: unverändert (neu setzen: manage.py demo --reset --password …)")
            return
        password = password or secrets.token_urlsafe(9)
        self._create(password)
        self.stdout.write(
            self.style.SUCCESS("Demo-Daten sind bereit. Anmeldungen (alle mit demselben Passwort):")
        )
        self._print_logins()
        self.stdout.write(f"  Passwort: {password}")

    @transaction.atomic
    def _create(self, password: str) -> None:
        if not QualityModel.objects.filter(code="kqs", version="3").exists():
            call_command("catalogue_import", str(CATALOGUE), stdout=self.stdout)
        model = QualityModel.objects.get(code="kqs", version="3")
        orgs = accounts.put_organisations()
        people = accounts.put_people(orgs, password)
        for data in accounts.ORGANISATIONS:
            org, team = orgs[data["slug"]], people[data["slug"]]
            created = not org.cycles.exists()
            kind = data.get("cycle_kind", Cycle.Kind.FIRST)
            cycle = seed_cycle(org, model, team[QM], [team[LEITUNG], team[STAFF]], kind=kind)
            seed_features(DemoContext(org=org, model=model, cycle=cycle, people=team, created=created))

    def _print_logins(self) -> None:
        for org, memberships in accounts.logins():
            self.stdout.write(f"  {org.name}")
            for m in memberships:
                self.stdout.write(f"    {m.user.email:45} {m.user.name:22} {m.get_role_display()}")
