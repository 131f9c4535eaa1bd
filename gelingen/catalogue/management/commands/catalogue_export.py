from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gelingen.catalogue.models import QualityModel
from gelingen.catalogue.transfer import dump, export_catalogue


class Command(BaseCommand):
    help = "Write a quality model to stdout as YAML or JSON (the import format)."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("version")
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")

    def handle(self, *args, code: str, version: str, format: str, **options):
        model = QualityModel.objects.filter(code=code, version=version).first()
        if model is None:
            raise CommandError(
                _("Modell %(code)s %(version)s ist nicht importiert.") % {"code": code, "version": version}
            )
        self.stdout.write(dump(export_catalogue(model), format), ending="")
