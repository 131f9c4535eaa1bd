"""Backup round trip: a backup restored into an empty database has every row and every file."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from gelingen.accounts.models import Organisation, User
from gelingen.core import backup
from gelingen.quality.evidence.models import Evidence

# transaction=True: flushing a database (PostgreSQL: TRUNCATE) is not possible inside a test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


@pytest.fixture
def memory_storage(settings):
    """A storage that is not a file system (like S3): nothing may rely on paths."""
    settings.STORAGES = {**settings.STORAGES, "default": IN_MEMORY}


def _contents() -> dict[str, bytes]:
    out = {}
    for name, label in backup.stored_files().items():
        with backup._storage_for(label).open(name, "rb") as f:
            out[name] = f.read()
    return out


def test_round_trip_restores_every_row_and_file(memory_storage, settings, tmp_path):
    call_command("demo", "--password", "demo-passwort-123", stdout=StringIO())
    for i, evidence in enumerate(Evidence.objects.order_by("pk")[:3]):
        evidence.file.save(f"nachweis-{i}.pdf", ContentFile(b"%PDF-1.4 Nachweis " + bytes([i]) * 500))
        evidence.file_name = f"nachweis-{i}.pdf"
        evidence.save()
    rows, files = backup.row_counts(), _contents()
    assert sum(rows.values()) > 1000 and len(files) >= 3
    archive = tmp_path / "gelingen.zip"
    call_command("backup", str(archive), stdout=StringIO())

    # An empty database (migrated, no data) and an empty storage
    backup.wipe()
    settings.STORAGES = {**settings.STORAGES, "default": {**IN_MEMORY, "OPTIONS": {"location": "neu"}}}
    assert backup.is_empty() and not _contents()

    out = StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Wiederhergestellt" in out.getvalue()
    assert backup.row_counts() == rows
    assert _contents() == files
    qm = User.objects.get(email="qm@suchtberatung-nordstadt.example")
    assert qm.check_password("demo-passwort-123")
    # The id sequences follow the restored rows (PostgreSQL): a new row does not collide.
    new = Organisation.objects.create(name="Nach der Wiederherstellung", slug="nach-restore")
    assert new.pk > max(Organisation.objects.exclude(pk=new.pk).values_list("pk", flat=True))


def test_restore_refuses_a_database_with_data_unless_forced(memory_storage, org_a, tmp_path):
    archive = tmp_path / "b.zip"
    call_command("backup", str(archive), stdout=StringIO())
    with pytest.raises(CommandError, match="schon Daten"):
        call_command("restore", str(archive), stdout=StringIO())
    org_a.name = "Umbenannt"
    org_a.save()
    call_command("restore", str(archive), "--force", stdout=StringIO())
    org_a.refresh_from_db()
    assert org_a.name != "Umbenannt"


def test_restore_rejects_other_files(tmp_path):
    import zipfile

    bad = tmp_path / "x.zip"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("data.json", "[]")
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(bad), stdout=StringIO())
