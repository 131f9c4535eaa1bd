"""Backup and restore of everything Gelingen keeps: every row and every uploaded file, in one zip.

The rows are written by `dumpdata` with natural keys (content types by name, not by number), so a
backup made on SQLite restores into PostgreSQL and the other way round; the files are read through the
storage (local disk or S3). The models come from `django.apps`, so core imports no app.

Archive layout: `manifest.json` (format, rows per model, files with SHA-256), `data.json`, `files/<name>`.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models, transaction
from django.dispatch import Signal

FORMAT = "gelingen-backup/1"
# Rebuilt by `migrate` (content types, permissions) or not worth keeping (sessions).
EXCLUDED = ("contenttypes", "auth.permission", "sessions")


class BackupError(Exception):
    pass


def _kept_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in EXCLUDED
        and m._meta.label_lower not in EXCLUDED
        and m._meta.managed
        and not m._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in _kept_models()}


def stored_files() -> dict[str, str]:
    """Every file a FileField names, as {name: storage alias or field label} (one entry per name)."""
    found: dict[str, models.FileField] = {}
    for model in _kept_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                for name in names:
                    if name:
                        found.setdefault(name, field)
    return {name: f"{f.model._meta.label_lower}.{f.name}" for name, f in found.items()}


def _storage_for(label: str):
    model_label, field_name = label.rsplit(".", 1)
    return apps.get_model(model_label)._meta.get_field(field_name).storage


def is_empty() -> bool:
    return not any(count for count in row_counts().values())


def write_backup(target: Path | io.BufferedIOBase) -> dict:
    """Write the archive; returns its manifest. A file named by a row but missing in the storage fails."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data.json"
        with transaction.atomic():  # rows and counts from one snapshot (PostgreSQL: repeatable enough)
            call_command(
                "dumpdata",
                *[f"--exclude={label}" for label in EXCLUDED],
                natural_foreign=True,
                natural_primary=False,
                output=str(data),
                verbosity=0,
            )
            counts = row_counts()
            files = stored_files()
        manifest: dict = {"format": FORMAT, "rows": counts, "files": {}}
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(data, "data.json")
            for name, label in sorted(files.items()):
                storage = _storage_for(label)
                if not storage.exists(name):
                    raise BackupError(f"Datei fehlt im Speicher: {name}")
                with storage.open(name, "rb") as f:
                    content = f.read()
                archive.writestr(f"files/{name}", content)
                manifest["files"][name] = {"field": label, "sha256": hashlib.sha256(content).hexdigest()}
            archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError as e:
        raise BackupError("Keine Gelingen-Sicherung (manifest.json fehlt).") from e
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unbekanntes Format: {manifest.get('format')!r}")
    return manifest


# Sent before every row is deleted: an app whose rows the database itself guards (frozen submissions,
# refused by triggers) removes them the deliberate way first. core imports no app, so apps listen here.
before_wipe = Signal()


def wipe() -> None:
    """Delete every row of the database (restore --force)."""
    before_wipe.send(sender=None)
    call_command("flush", interactive=False, verbosity=0)


def restore_backup(source: Path | io.BufferedIOBase, force: bool = False) -> dict:
    """Load an archive into a migrated database without data (or, with force, replace what is there)."""
    with zipfile.ZipFile(source) as archive:
        manifest = read_manifest(archive)
        if not is_empty():
            if not force:
                raise BackupError("Die Datenbank enthält schon Daten; zum Ersetzen --force angeben.")
            wipe()
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data.json"
            data.write_bytes(archive.read("data.json"))
            with transaction.atomic():
                call_command("loaddata", str(data), verbosity=0)
        for name, entry in manifest["files"].items():
            content = archive.read(f"files/{name}")
            if hashlib.sha256(content).hexdigest() != entry["sha256"]:
                raise BackupError(f"Prüfsumme stimmt nicht: {name}")
            storage = _storage_for(entry["field"])
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(content))
            if saved != name:
                raise BackupError(f"Datei unter anderem Namen gespeichert: {name} -> {saved}")
    return manifest
