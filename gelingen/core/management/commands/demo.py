"""Create (or refresh) the demo organisations, people and data. Safe to run again."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from gelingen.accounts.models import Membership, Organisation, User
from gelingen.accounts.roles import LEITUNG, OFFICER, QM, READONLY, REVIEWER, STAFF
from gelingen.catalogue.models import QualityModel
from gelingen.quality.demo import DemoContext, seed_cycle, seed_features
from gelingen.quality.models import Cycle
from gelingen.selfreport import demo as selfreport_demo

CATALOGUE = Path(settings.BASE_DIR) / "catalogues" / "kqs-3.yaml"

TESTING_BODY = {
    "name": "Testierungsstelle Soziale Qualität Nord",
    "slug": "testierungsstelle-nord",
    "kind": Organisation.Kind.TESTING_BODY,
    "street": "Am Prüfhof 3",
    "postcode": "30159",
    "city": "Hannover",
    "phone": "0511 555 0100",
    "email": "kontakt@testierung-nord.example",
    "contact_person": "Dr. Ulrike Sommer",
}
ORGANISATIONS = [
    {
        "name": "Suchtberatung Nordstadt e.V.",
        "slug": "suchtberatung-nordstadt",
        "street": "Lindenallee 12",
        "postcode": "30167",
        "city": "Hannover",
        "phone": "0511 555 0200",
        "email": "info@suchtberatung-nordstadt.example",
        "website": "https://suchtberatung-nordstadt.example",
        "contact_person": "Jana Petersen (Qualitätsbeauftragte)",
    },
    {
        "name": "Jugendhilfe Am Fluss gGmbH",
        "cycle_kind": Cycle.Kind.RETEST,  # tested four years ago: shows the re-testing edition
        "slug": "jugendhilfe-am-fluss",
        "street": "Uferweg 4",
        "postcode": "31134",
        "city": "Hildesheim",
        "phone": "05121 555 300",
        "email": "post@jugendhilfe-am-fluss.example",
        "website": "https://jugendhilfe-am-fluss.example",
        "contact_person": "Murat Demir (Qualitätsbeauftragter)",
    },
]
PEOPLE = {
    "testierungsstelle-nord": [
        ("sachbearbeitung@testierung-nord.example", "Dr. Ulrike Sommer", OFFICER),
        ("gutachterin@testierung-nord.example", "Prof. Karin Albers", REVIEWER),
    ],
    "suchtberatung-nordstadt": [
        ("leitung@suchtberatung-nordstadt.example", "Thomas Brandt", LEITUNG),
        ("qm@suchtberatung-nordstadt.example", "Jana Petersen", QM),
        ("team@suchtberatung-nordstadt.example", "Lea Hoffmann", STAFF),
        ("lesend@suchtberatung-nordstadt.example", "Paul Krüger", READONLY),
    ],
    "jugendhilfe-am-fluss": [
        ("leitung@jugendhilfe-am-fluss.example", "Sabine Wolff", LEITUNG),
        ("qm@jugendhilfe-am-fluss.example", "Murat Demir", QM),
        ("team@jugendhilfe-am-fluss.example", "Anna Schulz", STAFF),
    ],
}


class Command(BaseCommand):
    help = "Create the demo organisations, people and data (idempotent) and print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="password for every demo login (default: a random one)")

    @transaction.atomic
    def handle(self, *args, password=None, **options):
        password = password or secrets.token_urlsafe(9)
        if not QualityModel.objects.filter(code="kqs", version="3").exists():
            call_command("catalogue_import", str(CATALOGUE), stdout=self.stdout)
        model = QualityModel.objects.get(code="kqs", version="3")

        orgs = {}
        for data in [TESTING_BODY, *ORGANISATIONS]:
            data = {"kind": Organisation.Kind.SERVICE, **{k: v for k, v in data.items() if k != "cycle_kind"}}
            org, _ = Organisation.objects.update_or_create(slug=data["slug"], defaults=data)
            orgs[org.slug] = org

        people: dict[str, dict[str, User]] = {}
        for slug, entries in PEOPLE.items():
            for email, name, role in entries:
                user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
                user.name = name
                user.set_password(password)
                user.save()
                Membership.objects.update_or_create(
                    user=user, organisation=orgs[slug], defaults={"role": role}
                )
                people.setdefault(slug, {})[role] = user

        for data in ORGANISATIONS:
            org, team = orgs[data["slug"]], people[data["slug"]]
            created = not org.cycles.exists()
            kind = data.get("cycle_kind", Cycle.Kind.FIRST)
            cycle = seed_cycle(org, model, team[QM], [team[LEITUNG], team[STAFF]], kind=kind)
            ctx = DemoContext(org=org, model=model, cycle=cycle, people=team, created=created)
            seed_features(ctx)
            selfreport_demo.seed(ctx)

        self.stdout.write(
            self.style.SUCCESS("Demo-Daten sind bereit. Anmeldungen (alle mit demselben Passwort):")
        )
        for slug, entries in PEOPLE.items():
            self.stdout.write(f"  {orgs[slug].name}")
            for email, name, role in entries:
                label = dict(Membership._meta.get_field("role").choices)[role]
                self.stdout.write(f"    {email:45} {name:22} {label}")
        self.stdout.write(f"  Passwort: {password}")
