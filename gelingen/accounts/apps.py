from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gelingen.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_delete

        from . import recent
        from .models import Membership, Organisation
        from .role_changes import keep_last_leader

        pre_delete.connect(keep_last_leader, sender=Membership, dispatch_uid="keep_last_leader")
        post_save.connect(recent.membership_changed, sender=Membership, dispatch_uid="recent_membership")
        post_delete.connect(recent.membership_changed, sender=Membership, dispatch_uid="recent_membership")
        post_save.connect(recent.organisation_changed, sender=Organisation, dispatch_uid="recent_org")
