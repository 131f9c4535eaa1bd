"""Load a backup written by `backup` into an empty (migrated) database and the file storage."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gelingen.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup into a migrated database without data (run `migrate` first). A database with "
        "data is refused unless --force is given, which deletes all its rows first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="delete all existing rows first")

    def handle(self, *args, file: Path, force: bool = False, **options):
        try:
            manifest = restore_backup(file, force=force)
        except BackupError as e:
            raise CommandError(str(e)) from e
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Wiederhergestellt: {rows} Zeilen, {len(manifest['files'])} Dateien")
        )
