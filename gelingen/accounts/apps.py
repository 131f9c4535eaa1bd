from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gelingen.accounts"
    label = "accounts"
