from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "gelingen.catalogue"
    label = "catalogue"
