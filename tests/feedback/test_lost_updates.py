"""Two people handling the same feedback entry: the second save is refused with the conflict message,
the first one's handling stays, the second one's input is still in the form (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gelingen.quality.feedback.models import Feedback
from tests.edit_pairs import CONFLICT, count_lost, form_values, interleaved, simultaneous

pytestmark = pytest.mark.django_db

ROUNDS = 10


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entry(org) -> Feedback:
    return Feedback.objects.create(
        organisation=org,
        kind="complaint",
        source="individual",
        channel="phone",
        received_on=timezone.localdate(),
        text="Der Rückruf kam erst nach einer Woche.",
    )


def _edit(org, entry) -> str:
    return reverse("feedback:edit", args=[org.slug, entry.pk])


def test_second_handler_gets_the_conflict_and_nothing_is_lost(org_a, qm_a, staff_a):
    entry = _entry(org_a)
    a, b = _client(qm_a), _client(staff_a)
    pair = interleaved(
        a,
        b,
        _edit(org_a, entry),
        {"status": "in_progress", "consequence": "Rückruf-Regel im Team besprochen", "handler": qm_a.pk},
        {"status": "in_progress", "consequence": "Beschwerdeführerin angerufen", "handler": staff_a.pk},
    )
    assert pair.first.status_code == 302
    html = pair.second.content.decode()
    assert pair.second.status_code == 200 and CONFLICT in html
    assert "Gespeichert ist jetzt:" in html and "Rückruf-Regel im Team besprochen" in html
    assert "Beschwerdeführerin angerufen" in html  # B's text is still in the form
    entry.refresh_from_db()
    assert (entry.consequence, entry.handler, entry.lock_version) == (
        "Rückruf-Regel im Team besprochen",
        qm_a,
        1,
    )
    # B saves again on purpose, from the form with the saved version: that works
    again = b.post(_edit(org_a, entry), {**_form_of(pair.second), "consequence": "Beides erledigt"})
    assert again.status_code == 302
    entry.refresh_from_db()
    assert (entry.consequence, entry.lock_version) == ("Beides erledigt", 2)


def _form_of(response) -> dict:
    return form_values(response.content.decode())


def test_no_pair_of_interleaved_edits_loses_one(org_a, qm_a, staff_a):
    a, b = _client(qm_a), _client(staff_a)

    def run(i: int):
        entry = _entry(org_a)
        pair = interleaved(a, b, _edit(org_a, entry), {"consequence": f"A {i}"}, {"consequence": f"B {i}"})
        entry.refresh_from_db()
        return pair, entry.consequence == f"A {i}"

    assert count_lost(ROUNDS, run) == 0


def test_read_only_member_still_cannot_edit(org_a, reader_a):
    entry = _entry(org_a)
    response = _client(reader_a).post(_edit(org_a, entry), {"text": "x", "lock_version": "0"})
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_on_postgresql_only_one_wins(org_a, qm_a, staff_a):
    """Two requests at the same moment with the same loaded version: one is saved, one refused."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in memory cannot be shared between connections; the pair tests cover it")
    entry = _entry(org_a)
    page = _edit(org_a, entry)
    base = form_values(_client(qm_a).get(page).content.decode())
    for i in range(5):
        Feedback.objects.filter(pk=entry.pk).update(lock_version=0, consequence="")
        texts = (f"A {i}", f"B {i}")
        responses = simultaneous(
            [
                (user, page, {**base, "lock_version": "0", "consequence": text})
                for user, text in zip((qm_a, staff_a), texts, strict=True)
            ]
        )
        saved = [text for text, r in zip(texts, responses, strict=True) if r.status_code == 302]
        refused = [r for r in responses if r.status_code != 302]
        assert len(saved) == 1 and len(refused) == 1, [r.status_code for r in responses]
        assert refused[0].status_code == 409 or CONFLICT in refused[0].content.decode()
        stored = Feedback.objects.get(pk=entry.pk)
        assert (stored.consequence, stored.lock_version) == (saved[0], 1)
