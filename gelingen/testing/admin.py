from django.contrib import admin

from .models import Procedure, TestingBodySettings, Transition


@admin.register(TestingBodySettings)
class TestingBodySettingsAdmin(admin.ModelAdmin):
    list_display = ("testing_body", "selfreport_months", "gutachten_weeks", "visit_weeks", "validity_years")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        from .timeline import next_fields

        # the periods changed: every running procedure of the body gets its next deadline again
        for procedure in Procedure.objects.filter(testing_body_id=obj.testing_body_id).select_related(
            "registered_by", "officer", "previous"
        ):
            Procedure.objects.filter(pk=procedure.pk).update(**next_fields(procedure))


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ("step", "from_status", "to_status", "by", "at", "on", "note")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    """Read-only: the status only moves through the procedure's pages (transitions.advance)."""

    list_display = ("organisation", "testing_body", "kind", "status", "next_due")
    list_filter = ("status", "kind", "testing_body")
    inlines = [TransitionInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
