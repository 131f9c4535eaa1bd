"""The demo organisations and their people."""

from __future__ import annotations

from gelingen.accounts.models import Membership, Organisation, User
from gelingen.accounts.roles import LEITUNG, OFFICER, QM, READONLY, REVIEWER, STAFF
from gelingen.quality.models import Cycle

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
        # sorts after Albers, so the pool's first profile (demo/reviewers.py) stays hers
        ("gutachter@testierung-nord.example", "Sven Ohlsen", REVIEWER),
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
SLUGS = [TESTING_BODY["slug"], *(data["slug"] for data in ORGANISATIONS)]


def existing() -> list[Organisation]:
    """The demo organisations already in the database (empty before the first run)."""
    return list(Organisation.objects.filter(slug__in=SLUGS))


def put_organisations() -> dict[str, Organisation]:
    """Create the demo organisations, or set their shipped master data again."""
    orgs = {}
    for data in [TESTING_BODY, *ORGANISATIONS]:
        data = {"kind": Organisation.Kind.SERVICE, **{k: v for k, v in data.items() if k != "cycle_kind"}}
        org, _ = Organisation.objects.update_or_create(slug=data["slug"], defaults=data)
        orgs[org.slug] = org
    return orgs


def put_people(orgs: dict[str, Organisation], password: str) -> dict[str, dict[str, User]]:
    """Create the demo people with this password, or set their names, roles and password again."""
    people: dict[str, dict[str, User]] = {}
    for slug, entries in PEOPLE.items():
        for email, name, role in entries:
            user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
            user.name = name
            user.set_password(password)
            user.save()
            Membership.objects.update_or_create(user=user, organisation=orgs[slug], defaults={"role": role})
            people.setdefault(slug, {})[role] = user
    return people


def logins() -> list[tuple[Organisation, list[Membership]]]:
    """The demo logins as they are now (names and roles may have been changed since), in shipped order."""
    emails = {email: i for entries in PEOPLE.values() for i, (email, _, _) in enumerate(entries)}
    memberships = Membership.objects.filter(
        organisation__slug__in=SLUGS, user__email__in=emails
    ).select_related("user", "organisation")
    by_org: dict[str, list[Membership]] = {}
    orgs: dict[str, Organisation] = {}
    for m in memberships:
        orgs[m.organisation.slug] = m.organisation
        by_org.setdefault(m.organisation.slug, []).append(m)
    return [
        (orgs[slug], sorted(by_org[slug], key=lambda m: emails[m.user.email]))
        for slug in SLUGS
        if slug in orgs
    ]
