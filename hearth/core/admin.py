from django.contrib import admin

from .models import AuditEvent


class HudRecordAdmin(admin.ModelAdmin):
    """Admin defaults for HMIS CSV records: show the HMIS ID and soft-delete state, never hard-delete."""

    list_display = ("hud_id", "__str__", "date_updated", "date_deleted")
    search_fields = ("hud_id",)
    list_filter = ("date_deleted",)
    readonly_fields = ("date_created", "created_by", "updated_by", "export", "data_source")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "object_type", "object_id", "client", "ip_address")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "user__username")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
