from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gelingen.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from .models import Membership
        from .role_changes import keep_last_leader

        pre_delete.connect(keep_last_leader, sender=Membership, dispatch_uid="keep_last_leader")
