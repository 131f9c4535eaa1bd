from django.apps import AppConfig


class SelfreportConfig(AppConfig):
    name = "gelingen.selfreport"
    label = "selfreport"

    def ready(self) -> None:
        from . import background  # noqa: F401  registers the export and submission job kinds
