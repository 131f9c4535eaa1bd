"""Every versioned form refuses a stale version with the conflict message and saves nothing over the
newer record; a save that passed validation still loses against one committed in between."""

from __future__ import annotations

from io import StringIO

import pytest
from django import forms
from django.core.management import call_command
from django.test import RequestFactory

from gelingen.accounts.models import Organisation
from gelingen.core.versioning import (
    EditConflict,
    EditConflictMiddleware,
    FingerprintFormMixin,
    VersionedFormMixin,
)
from gelingen.quality.ideas.forms import IdeaForm
from gelingen.quality.ideas.models import Idea
from tests.core.test_form_escaping import _first, build, form_classes

pytestmark = pytest.mark.django_db


def _data_of(form: forms.BaseForm) -> dict:
    """What the browser would send back for the unbound form."""
    data: dict = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


@pytest.fixture
def demo_org():
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    return Organisation.objects.get(slug="suchtberatung-nordstadt")


def versioned_model_forms() -> list[type[forms.BaseForm]]:
    return [
        cls
        for cls in form_classes()
        if issubclass(cls, VersionedFormMixin)
        and issubclass(cls, forms.BaseModelForm)
        # fingerprint forms have no version column to set; tests/selfreport/test_goal_conflicts.py
        and not issubclass(cls, FingerprintFormMixin)
    ]


def test_every_versioned_form_refuses_a_stale_version(demo_org):
    classes = versioned_model_forms()
    assert len(classes) >= 15
    problems = []
    for cls in classes:
        model = cls._meta.model
        record = _first(model, demo_org)
        assert record.pk, f"the demo has no {model.__name__}"
        name = cls.version_field_name
        model._base_manager.filter(pk=record.pk).update(**{name: 5})
        unbound = build(cls, demo_org, None)
        data = _data_of(unbound)
        assert data[unbound.add_prefix(name)] == "5", cls.__name__
        stale = build(cls, demo_org, {**data, unbound.add_prefix(name): "4"})
        if stale.is_valid() or str(cls.conflict_message) not in stale.non_field_errors():
            problems.append(f"{cls.__name__}: stale version not refused")
        fresh = build(cls, demo_org, data)
        fresh.is_valid()
        if str(cls.conflict_message) in fresh.non_field_errors():
            problems.append(f"{cls.__name__}: current version refused")
    assert problems == []


def test_a_validated_model_form_loses_against_a_save_in_between(qm_a, org_a):
    idea = Idea.objects.create(organisation=org_a, title="Alt", description="Text", submitted_by=qm_a)
    data = {
        "kind": "idea",
        "source": "staff",
        "title": "Neu von B",
        "description": "Text",
        "lock_version": "0",
    }
    form = IdeaForm(data, instance=Idea.objects.get(pk=idea.pk), organisation=org_a)
    assert form.is_valid(), form.errors
    Idea.objects.filter(pk=idea.pk).update(title="Neu von A", lock_version=1)  # A saved meanwhile
    with pytest.raises(EditConflict):
        form.save()
    assert Idea.objects.get(pk=idea.pk).title == "Neu von A"


def test_idea_edit_page_shows_the_conflict_and_keeps_both_texts(client_qm, qm_a, org_a):
    from django.urls import reverse

    idea = Idea.objects.create(organisation=org_a, title="Alt", description="Text", submitted_by=qm_a)
    Idea.objects.filter(pk=idea.pk).update(title="Von A gespeichert", lock_version=1)
    url = reverse("ideas:edit", args=[org_a.slug, idea.pk])
    data = {
        "kind": "idea",
        "source": "staff",
        "title": "Von B getippt",
        "description": "Text",
        "lock_version": "0",
    }
    response = client_qm.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jemand anderes hat diesen Eintrag gespeichert" in html
    assert "Von A gespeichert" in html and 'value="Von B getippt"' in html
    assert Idea.objects.get(pk=idea.pk).title == "Von A gespeichert"


def test_unhandled_conflict_answers_409_in_german(rf: RequestFactory, qm_a):
    request = rf.post("/x/")
    request.user = qm_a
    middleware = EditConflictMiddleware(lambda r: None)  # type: ignore[arg-type, return-value]
    response = middleware.process_exception(request, EditConflict())
    assert response is not None and response.status_code == 409
    assert "Jemand anderes hat diesen Eintrag gespeichert" in response.content.decode()
    assert middleware.process_exception(request, ValueError()) is None
