"""The self-assessment rows built in Python (quality/assessment_rows.py): escaped values, the chosen
options, the version for optimistic locking, and extras with or without a Python renderer."""

from datetime import date

import pytest
from django.urls import reverse

from gelingen.quality import extensions
from gelingen.quality.extensions import RowExtra

pytestmark = pytest.mark.django_db


def _row(text: str, pk: int) -> str:
    start = text.index(f'<li id="row-{pk}"')
    return text[start : text.index("</li>\n", start)]


def test_editable_row_escapes_values_and_selects_the_saved_options(client_qm, qm_a, cycle_a):
    row = cycle_a.assessments.get(requirement__code="QB1.1")
    row.status, row.responsible, row.due_date = "practice", qm_a, date(2026, 5, 4)
    row.note = '<script>alert("x")</script> & mehr'
    row.save()
    html = _row(client_qm.get(cycle_a.get_absolute_url()).content.decode(), row.pk)
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; mehr" in html
    assert '<option value="practice" selected>' in html and html.count(" selected>") == 2
    assert f'<option value="{qm_a.pk}" selected>' in html
    assert 'name="due_date" value="2026-05-04"' in html
    assert f'name="lock_version" value="{row.lock_version}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'action="{reverse("quality:assessment_update", args=["alpha", cycle_a.pk, row.pk])}"' in html


def test_read_only_row_shows_values_as_text(client_reader, qm_a, cycle_a):
    row = cycle_a.assessments.get(requirement__code="QB1.1")
    row.responsible, row.due_date, row.note = qm_a, date(2026, 5, 4), "Zeile 1\n<b>Zeile 2</b>"
    row.save()
    html = _row(client_reader.get(cycle_a.get_absolute_url()).content.decode(), row.pk)
    assert "<form" not in html and f"<dd>{qm_a.name}</dd>" in html
    assert "<dd>04.05.2026</dd>" in html
    assert "<dd>Zeile 1<br>&lt;b&gt;Zeile 2&lt;/b&gt;</dd>" in html


def test_rows_follow_the_language(client_qm, qm_a, cycle_a):
    qm_a.language = "en"
    qm_a.save(update_fields=["language"])
    html = client_qm.get(cycle_a.get_absolute_url()).content.decode()
    row = cycle_a.assessments.get(requirement__code="QB1.1")
    assert ">Save<" in _row(html, row.pk) and "No evidence" in _row(html, row.pk)


def test_extra_without_python_renderer_uses_its_template(settings, tmp_path, monkeypatch, client_qm, cycle_a):
    (tmp_path / "extra_row.html").write_text(
        '<p class="extra">{{ row.requirement.code }} {{ membership.role }} {{ cycle.pk }}</p>',
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    extra = RowExtra("extra_row.html", lambda organisation, rows, model_id: None)
    monkeypatch.setattr(extensions, "_row_extras", [*extensions._row_extras, extra])
    html = client_qm.get(cycle_a.get_absolute_url()).content.decode()
    assert f'<p class="extra">QB1.1 qm {cycle_a.pk}</p>' in html
    assert html.count('<p class="extra">') == 71
