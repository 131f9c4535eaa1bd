"""Write every row and every uploaded file into one zip archive (see gelingen.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from gelingen.core.backup import write_backup


class Command(BaseCommand):
    help = "Write a backup (all rows as JSON with natural keys plus all uploaded files) into one zip file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive to write, e.g. gelingen-2026-12-02.zip")

    def handle(self, *args, file: Path, **options):
        manifest = write_backup(file)
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Sicherung geschrieben: {file} ({rows} Zeilen, {len(manifest['files'])} Dateien)"
            )
        )
