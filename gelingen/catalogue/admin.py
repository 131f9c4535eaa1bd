from django.contrib import admin

from .models import QualityModel


@admin.register(QualityModel)
class QualityModelAdmin(admin.ModelAdmin):
    """Models are changed only by importing a file (see catalogue_import); the admin just lists them."""

    list_display = ["code", "version", "name", "imported_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
