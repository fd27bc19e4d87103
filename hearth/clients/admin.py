from django.contrib import admin

from hearth.core.admin import HudRecordAdmin

from .models import Client


@admin.register(Client)
class ClientAdmin(HudRecordAdmin):
    list_display = ("hud_id", "first_name", "last_name", "dob", "owner_org", "date_deleted")
    search_fields = ("hud_id", "first_name", "last_name")
    # The full SSN is read on the client's page (audited) and changed through its edit form, never here.
    exclude = ("ssn",)
