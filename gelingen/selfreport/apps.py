from django.apps import AppConfig


class SelfreportConfig(AppConfig):
    name = "gelingen.selfreport"
    label = "selfreport"

    def ready(self) -> None:
        from gelingen.core.backup import before_wipe

        from . import background  # noqa: F401  registers the export and submission job kinds
        from .submission import purge_all

        before_wipe.connect(purge_all, dispatch_uid="selfreport.purge_all")
