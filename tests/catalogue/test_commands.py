"""catalogue_import / catalogue_export: all-or-nothing, immutable used versions, lossless round trip."""

import json
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from gelingen.catalogue.models import EvidenceExample, QualityModel, Requirement, Specification
from tests.conftest import CATALOGUE_FILE, make_cycle

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_shipped_catalogue():
    output = run("catalogue_import", str(CATALOGUE_FILE))
    model = QualityModel.objects.get(code="kqs", version="3")
    assert model.areas.count() == 15
    assert model.requirements.filter(area__optional=False).count() == 71
    assert model.areas.get(number=1).specifications.count() == 8
    assert Requirement.objects.get(model=model, code="QB3.2").area.number == 3
    assert "71" in output or "86" in output


def test_invalid_file_writes_nothing(tmp_path):
    text = CATALOGUE_FILE.read_text(encoding="utf-8").replace("code: QB12.4", "code: QB12.3")
    bad = tmp_path / "kaputt.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        run("catalogue_import", str(bad))
    assert "kaputt.yaml:" in str(exc.value)
    assert "QB12.3" in str(exc.value) and "nichts importiert" in str(exc.value)
    assert QualityModel.objects.count() == 0
    assert Requirement.objects.count() == 0


def test_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="kann nicht gelesen werden"):
        run("catalogue_import", str(tmp_path / "fehlt.yaml"))


def test_same_version_twice_is_refused_unless_replace():
    run("catalogue_import", str(CATALOGUE_FILE))
    with pytest.raises(CommandError, match="bereits importiert"):
        run("catalogue_import", str(CATALOGUE_FILE))
    run("catalogue_import", str(CATALOGUE_FILE), "--replace")
    assert QualityModel.objects.count() == 1
    assert Requirement.objects.count() == 86


def test_skip_existing_is_quiet_and_idempotent():
    run("catalogue_import", str(CATALOGUE_FILE))
    assert "bereits importiert" in run("catalogue_import", str(CATALOGUE_FILE), "--skip-existing")
    assert QualityModel.objects.count() == 1


def test_used_version_is_immutable(org_a):
    run("catalogue_import", str(CATALOGUE_FILE))
    model = QualityModel.objects.get()
    make_cycle(org_a, model)
    with pytest.raises(CommandError, match="nicht mehr geändert"):
        run("catalogue_import", str(CATALOGUE_FILE), "--replace")
    assert model.requirements.count() == 86


def test_export_json_shape():
    run("catalogue_import", str(CATALOGUE_FILE))
    data = json.loads(run("catalogue_export", "kqs", "3", "--format", "json"))
    assert {"code", "version", "name", "areas"} <= set(data)
    assert (data["code"], data["version"]) == ("kqs", "3")
    area = data["areas"][2]
    assert {"number", "name", "optional", "specifications", "requirements"} <= set(area)
    assert area["number"] == 3 and area["optional"] is False
    assert {"code", "text", "explanation", "generic"} <= set(area["requirements"][0])
    assert area["requirements"][0]["code"] == "QB3.1"
    assert data["areas"][0]["requirements"][-1]["generic"] == "G1"


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_round_trip_is_lossless(tmp_path, fmt):
    run("catalogue_import", str(CATALOGUE_FILE))
    first = run("catalogue_export", "kqs", "3", "--format", fmt)
    counts = (Requirement.objects.count(), Specification.objects.count(), EvidenceExample.objects.count())
    QualityModel.objects.all().delete()
    path = tmp_path / f"export.{fmt}"
    path.write_text(first, encoding="utf-8")
    run("catalogue_import", str(path))
    second = run("catalogue_export", "kqs", "3", "--format", fmt)
    assert first == second
    assert (
        Requirement.objects.count(),
        Specification.objects.count(),
        EvidenceExample.objects.count(),
    ) == counts
    # and the export equals the shipped file's content
    shipped = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    exported = yaml.safe_load(second)
    assert (
        exported["areas"][0]["requirements"][0]["text"]
        == shipped["areas"][0]["requirements"][0]["text"].strip()
    )


def test_export_unknown_model():
    with pytest.raises(CommandError, match="nicht importiert"):
        run("catalogue_export", "kqs", "99")
