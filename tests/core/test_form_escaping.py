"""Every form of the project renders user values escaped: help texts, labels, choices, widget attributes.

The demo world is created, every text and file name in the database is replaced by markup, and each
Form/ModelForm class found in the gelingen package is rendered unbound (from its instance) and bound
(with markup in every field). The rendered HTML must contain no tag or event handler from those values.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from html.parser import HTMLParser
from io import StringIO

import pytest
from django import forms
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import reverse

import gelingen
from gelingen.accounts.models import Organisation, User
from gelingen.accounts.roles import LEITUNG
from gelingen.quality import scope
from gelingen.quality.evidence.models import Evidence
from gelingen.quality.handbook.models import Revision
from gelingen.quality.leitbild.models import LeitbildVersion
from gelingen.quality.scope import area_choices

pytestmark = pytest.mark.django_db

LONG = '<img src=x onerror=alert(1)>"><script>x</script>'
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '"><script>x</script>'
SHORT = '"><evil>'
HOSTILE_FILE = "org-1/evidence/<img src=x onerror=alert(1)>.pdf"
FORBIDDEN_TAGS = {"script", "img", "evil"}


class _Markup(HTMLParser):
    """Collects tags and event-handler attributes an injected value would create."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        self.found += [f"{tag}[{name}]" for name, _value in attrs if name.startswith("on")]


def injected_markup(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.found


def test_detector_finds_raw_payloads_and_accepts_escaped_ones():
    from django.utils.html import escape

    for payload in (LONG, IMG, SCRIPT, SHORT):
        assert injected_markup(f"<p>{payload}</p>")
        assert injected_markup(f"<p>{escape(payload)}</p>") == []


def _payload(max_length: int | None, reserve: int = 0) -> str | None:
    room = (max_length or 10_000) - reserve
    return next((p for p in (LONG, IMG, SCRIPT, SHORT) if len(p) <= room), None)


def make_everything_hostile() -> None:
    """Every char/text field without choices, and every file name, of every gelingen model holds markup."""
    for model in apps.get_models():
        if not model.__module__.startswith("gelingen.") or model._meta.proxy:
            continue
        if model._meta.label == "selfreport.Submission":
            continue  # frozen: the database refuses any change (no form edits it either)
        values: dict[str, object] = {}
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                values[field.attname] = HOSTILE_FILE
            elif (
                isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and not isinstance(field, models.SlugField)
            ):
                unique = field.unique or field.name in _unique_together_fields(model)
                payload = _payload(field.max_length, reserve=8 if unique else 0)
                if payload is None:
                    continue
                values[field.attname] = (
                    Concat(models.Value(payload), Cast("pk", models.CharField()))
                    if unique
                    else models.Value(payload)
                )
        if values:
            model._base_manager.update(**values)


def _unique_together_fields(model) -> set[str]:
    names: set[str] = set()
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    for group in model._meta.unique_together:
        names.update(group)
    return names


def form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for info in pkgutil.walk_packages(gelingen.__path__, "gelingen."):
        if ".migrations" in info.name or info.name.endswith(".wsgi"):
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                if issubclass(obj, forms.BaseModelForm) and obj._meta.model is None:
                    continue  # a mixin of model forms (no Meta.model): its subclasses are tested
                found.append(obj)
    return found


def _first(model, org: Organisation):
    queryset = model._base_manager.order_by("pk")
    if any(f.name == "organisation" for f in model._meta.fields):
        queryset = queryset.filter(organisation=org)
    obj = queryset.first() or model._base_manager.order_by("pk").first()
    if obj is None:  # not in the demo: an unsaved one with markup in its texts
        obj = model()
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                setattr(obj, field.attname, _payload(field.max_length) or "")
    return obj


def _keyword_arguments(org: Organisation) -> dict[str, Callable[[type], object]]:
    """How to build each constructor argument a project form asks for (new ones must be added here)."""
    members = list(scope.members(org))
    return {
        "organisation": lambda cls: org,
        "organisations": lambda cls: Organisation.objects.all(),
        "email": lambda cls: "neu@example.org",
        "existing": lambda cls: set(),
        "areas": lambda cls: (
            area_choices(org) if cls.__name__ == "EvidenceFilterForm" else list(scope.areas(org))
        ),
        "requirements": lambda cls: scope.requirements(org),
        "members": lambda cls: members,
        "people": lambda cls: members,
        "hours": lambda cls: {},
        "choices": lambda cls: [(IMG, IMG)],
        "versions": lambda cls: list(LeitbildVersion.objects.filter(organisation=org)),
        "hints": lambda cls: dict.fromkeys(cls.base_fields, LONG) | {"mission": LONG, "values": LONG},
        "revision": lambda cls: _first(Revision, org),
        "figure": lambda cls: _first(apps.get_model("figures", "KeyFigure"), org),
        "indicator": lambda cls: _first(apps.get_model("figures", "QualitativeIndicator"), org),
        "process": lambda cls: _first(apps.get_model("handbook", "KeyProcess"), org),
        "today": lambda cls: None,
        "roles": lambda cls: None,
        "record": lambda cls: None,
        "step": lambda cls: "send_gutachten",  # testing.StepForm: the step with a choice field
        "testing_body": lambda cls: org,
        "rows": lambda cls: [_goal_row()],  # testing_gutachten.GoalsForm: the agreed goals of a re-testing
    }


def _goal_row():
    from gelingen.testing.gutachten.rules import GoalRow

    return GoalRow("testat-goal:1", IMG, [IMG], None, {})


def build(cls: type[forms.BaseForm], org: Organisation, data: dict | None) -> forms.BaseForm:
    kwargs: dict[str, object] = {}
    builders = _keyword_arguments(org)
    for name, param in inspect.signature(cls.__init__).parameters.items():
        if param.kind != param.KEYWORD_ONLY or name == "instance":
            continue
        assert name in builders, f"{cls.__qualname__} needs `{name}`: add it to _keyword_arguments"
        kwargs[name] = builders[name](cls)
    model = getattr(getattr(cls, "_meta", None), "model", None)
    if model is not None:
        kwargs["instance"] = _first(model, org)
    if data is not None:
        return cls(data, **kwargs)
    return cls(**kwargs)


def _hostile_data(form: forms.BaseForm) -> dict[str, str]:
    return {form.add_prefix(name): LONG for name in form.fields}


@pytest.fixture
def hostile_world():
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    make_everything_hostile()
    return Organisation.objects.get(slug="suchtberatung-nordstadt")


def test_every_form_renders_hostile_values_escaped(hostile_world):
    org = hostile_world
    classes = form_classes()
    assert len(classes) > 50  # the discovery works
    failures = []
    for cls in classes:
        unbound = build(cls, org, None)
        bound = build(cls, org, _hostile_data(unbound))
        bound.is_valid()
        for state, form in (("unbound", unbound), ("bound", bound)):
            html = str(form) + form.as_p() + form.as_table() + form.as_ul()
            if found := injected_markup(html):
                failures.append(f"{cls.__module__}.{cls.__qualname__} ({state}): {sorted(set(found))}")
    assert failures == [], "\n".join(failures)


def test_evidence_and_handbook_edit_pages_escape_the_stored_file_name(hostile_world):
    org = hostile_world
    leitung = User.objects.filter(memberships__organisation=org, memberships__role=LEITUNG).first()
    client = Client()
    client.force_login(leitung)
    evidence = Evidence.objects.filter(organisation=org).first()
    revision = Revision.objects.filter(document__organisation=org).order_by("pk").first()
    assert evidence is not None and revision is not None
    Revision.objects.filter(pk=revision.pk).update(approved_at=None)  # a draft can be edited
    pages = [
        reverse("evidence:edit", args=[org.slug, evidence.pk]),
        reverse("handbook:revision_edit", args=[org.slug, revision.document_id, revision.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, url  # the name is shown, escaped
        # the page has scripts and images of its own: look for the injected ones
        assert "<img src=x" not in html and "<script>x" not in html and "<evil>" not in html, url
        assert [f for f in injected_markup(html) if f.endswith("[onerror]")] == [], url


def test_project_renderer_escapes_plain_help_texts_and_keeps_built_markup():
    from django.utils.html import format_html

    class Sample(forms.Form):
        plain = forms.CharField(help_text=IMG)
        built = forms.CharField(help_text=format_html("<em>{}</em>", SCRIPT))

    html = str(Sample())
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<em>&quot;&gt;&lt;script&gt;x&lt;/script&gt;</em>" in html
    assert injected_markup(html) == []
