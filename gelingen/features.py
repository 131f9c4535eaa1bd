"""The one list of feature apps: settings, URLs, navigation, reminders and the demo all read it.

A feature is an app an organisation works in under `/o/<slug>/<url_prefix>`. Adding an app (testing,
cooperation, networks, offers) means adding one `Feature` here; nothing else keeps a list of apps.

This module is imported by `gelingen.settings`, so it must not need a configured Django: plain
dataclasses and lazy translations only, no models, no `reverse()` at import time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SERVICE = "service"
TESTING_BODY = "testing_body"
MUNICIPALITY = "municipality"
PROVIDER = "provider"

# Navigation groups in the order the shell shows them; a feature names one of these keys.
NAV_GROUPS: dict[str, Promise] = {
    "overview": _("Überblick"),
    "quality": _("Qualitätsarbeit"),
    "feedback": _("Rückmeldungen"),
    "selfreport": _("Selbstreport"),
    "testing": _("Testierung"),
    "cooperation": _("Kooperation"),
    "networks": _("Netzwerke"),
    "offers": _("Angebote"),
}


@dataclass(frozen=True)
class NavLink:
    """One entry of the main navigation. `url_name` takes the organisation slug as its only argument.

    `active` is the path below `/o/<slug>/` that marks the entry as the current page (longest match
    wins), e.g. "activities/due/" beats "activities/".
    """

    label: Promise
    url_name: str
    active: str
    group: str = ""  # defaults to the feature's group


@dataclass(frozen=True)
class Feature:
    key: str  # short name; also the module name in the demo package (demo/<key>.py)
    app: str  # the Django app module, e.g. "gelingen.quality.evidence"
    url_prefix: str  # below /o/<slug>/, e.g. "evidence/"; "" for the quality app's own pages
    namespace: str  # URL namespace of the app's urls module
    entry: str  # URL name (in the namespace) the navigation links to
    label: Promise  # navigation label
    group: str  # key of NAV_GROUPS
    kinds: tuple[str, ...] = (SERVICE,)  # organisation kinds (Organisation.Kind values) that use it
    due_items: bool = False  # registers a provider in core.deadlines (the due list, reminders, iCal)
    public_prefix: str = ""  # mount point of `<app>.public_urls` outside /o/, e.g. "feedback/"
    granted_prefix: str = ""  # mount point of `<app>.granted_urls` below /shared/ (pages opened by grants)
    nav_active: str = ""  # path below /o/<slug>/ that marks the entry current; default: url_prefix
    more_nav: tuple[NavLink, ...] = field(default_factory=tuple)

    @property
    def urls(self) -> str:
        return f"{self.app}.urls"

    @property
    def public_urls(self) -> str:
        return f"{self.app}.public_urls"

    @property
    def granted_urls(self) -> str:
        return f"{self.app}.granted_urls"

    @property
    def nav(self) -> tuple[NavLink, ...]:
        first = NavLink(
            self.label, f"{self.namespace}:{self.entry}", self.nav_active or self.url_prefix, self.group
        )
        return (
            first,
            *(NavLink(n.label, n.url_name, n.active, n.group or self.group) for n in self.more_nav),
        )

    def available_to(self, kind: str) -> bool:
        return kind in self.kinds


FEATURES: tuple[Feature, ...] = (
    Feature(
        key="quality",
        app="gelingen.quality",
        url_prefix="",
        namespace="quality",
        entry="current_assessment",
        label=_("Selbstbewertung"),
        group="quality",
        due_items=True,
        nav_active="cycles/",
    ),
    Feature(
        key="leitbild",
        app="gelingen.quality.leitbild",
        url_prefix="leitbild/",
        namespace="leitbild",
        entry="overview",
        label=_("Leitbild"),
        group="quality",
        due_items=True,
    ),
    Feature(
        key="evidence",
        app="gelingen.quality.evidence",
        url_prefix="evidence/",
        namespace="evidence",
        entry="list",
        label=_("Nachweise"),
        group="quality",
    ),
    Feature(
        key="handbook",
        app="gelingen.quality.handbook",
        url_prefix="handbook/",
        namespace="handbook",
        entry="index",
        label=_("Handbuch"),
        group="quality",
    ),
    Feature(
        key="measures",
        app="gelingen.quality.measures",
        url_prefix="measures/",
        namespace="measures",
        entry="list",
        label=_("Maßnahmen"),
        group="quality",
        due_items=True,
    ),
    Feature(
        key="ideas",
        app="gelingen.quality.ideas",
        url_prefix="ideas/",
        namespace="ideas",
        entry="list",
        label=_("Ideen"),
        group="quality",
    ),
    Feature(
        key="activities",
        app="gelingen.quality.activities",
        url_prefix="activities/",
        namespace="activities",
        entry="list",
        label=_("Tätigkeiten"),
        group="quality",
        due_items=True,
        public_prefix="calendar/",
        more_nav=(NavLink(_("Fällig"), "activities:due", "activities/due/", "overview"),),
    ),
    Feature(
        key="feedback",
        app="gelingen.quality.feedback",
        url_prefix="feedback/",
        namespace="feedback",
        entry="list",
        label=_("Rückmeldungen"),
        group="feedback",
        due_items=True,
        public_prefix="feedback/",
    ),
    Feature(
        key="figures",
        app="gelingen.quality.figures",
        url_prefix="figures/",
        namespace="figures",
        entry="list",
        label=_("Kennzahlen"),
        group="quality",
        due_items=True,
    ),
    Feature(
        key="selfreport",
        app="gelingen.selfreport",
        url_prefix="selfreport/",
        namespace="selfreport",
        entry="current",
        label=_("Selbstreport"),
        group="selfreport",
        granted_prefix="selfreport/",
    ),
    Feature(
        key="testing",
        app="gelingen.testing",
        url_prefix="testing/",
        namespace="testing",
        entry="list",
        label=_("Testierung"),
        group="testing",
        kinds=(SERVICE, TESTING_BODY),
        due_items=True,
    ),
    Feature(
        key="reviewers",
        app="gelingen.testing.reviewers",
        url_prefix="reviewers/",
        namespace="testing_reviewers",
        entry="index",
        label=_("Gutachter*innen"),
        group="testing",
        kinds=(SERVICE, TESTING_BODY),
        due_items=True,
    ),
    Feature(
        key="gutachten",
        app="gelingen.testing.gutachten",
        url_prefix="gutachten/",
        namespace="testing_gutachten",
        entry="index",
        label=_("Gutachten"),
        group="testing",
        kinds=(SERVICE, TESTING_BODY),
    ),
    Feature(
        key="testat",
        app="gelingen.testing.testat",
        url_prefix="testat/",
        namespace="testing_testat",
        entry="index",
        label=_("Testate"),
        group="testing",
        kinds=(SERVICE, TESTING_BODY),
        public_prefix="testat/",
    ),
    Feature(
        key="visits",
        app="gelingen.testing.visits",
        url_prefix="visits/",
        namespace="visits",
        entry="index",
        label=_("Visitationen und Workshops"),
        group="testing",
        kinds=(SERVICE, TESTING_BODY),
    ),
)

_BY_KEY = {f.key: f for f in FEATURES}


def feature(key: str) -> Feature:
    return _BY_KEY[key]


def apps() -> list[str]:
    """The feature apps for INSTALLED_APPS, in registry order."""
    return [f.app for f in FEATURES]


def kinds(key: str) -> tuple[str, ...]:
    """The organisation kinds that see a feature, for `org_view(kinds=...)`."""
    return _BY_KEY[key].kinds


def for_kind(kind: str) -> list[Feature]:
    return [f for f in FEATURES if f.available_to(kind)]


def kinds_with_due_items(features: Iterable[Feature] = FEATURES) -> set[str]:
    """Organisation kinds that have at least one feature with due items (who reminders look at)."""
    return {kind for f in features if f.due_items for kind in f.kinds}


def due_page(kind: str) -> str:
    """URL name (slug argument) of the page listing what is due in an organisation of this kind.

    Service organisations have the shared due list; other kinds (a testing body) land on the entry page
    of their first feature with due items, where those deadlines are worked on.
    """
    if feature("activities").available_to(kind):
        return "activities:due"
    for f in for_kind(kind):
        if f.due_items:
            return f"{f.namespace}:{f.entry}"
    return "dashboard"
