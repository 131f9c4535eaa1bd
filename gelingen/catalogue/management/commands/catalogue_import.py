from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gelingen.catalogue import parse
from gelingen.catalogue.models import QualityModel
from gelingen.catalogue.transfer import CatalogueRefused, import_catalogue


class Command(BaseCommand):
    help = "Validate a catalogue file (YAML or JSON) completely, then import it; nothing is written on error."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--replace", action="store_true", help="replace a version that no cycle uses yet")
        parser.add_argument(
            "--skip-existing", action="store_true", help="do nothing if this version is already imported"
        )

    def handle(self, *args, file: Path, replace: bool, skip_existing: bool, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("%(file)s: Datei kann nicht gelesen werden: %(error)s") % {"file": file, "error": exc}
            ) from exc
        try:
            data = parse.load(text, source=str(file))
        except parse.CatalogueInvalid as exc:
            summary = _("%(n)d Fehler, nichts importiert:") % {"n": len(exc.errors)}
            raise CommandError("\n".join([summary, *(str(e) for e in exc.errors)])) from exc
        if skip_existing and QualityModel.objects.filter(code=data["code"], version=data["version"]).exists():
            self.stdout.write(_("%(code)s %(version)s ist bereits importiert.") % data)
            return
        try:
            model = import_catalogue(data, replace=replace)
        except CatalogueRefused as exc:
            raise CommandError(str(exc)) from exc
        message = _("%(model)s importiert: %(areas)d Bereiche, %(requirements)d Anforderungen.") % {
            "model": model,
            "areas": model.areas.count(),
            "requirements": model.requirements.count(),
        }
        self.stdout.write(self.style.SUCCESS(message))
