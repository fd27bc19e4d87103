from django.contrib import admin

from .models import ClientRestriction, Consent, SharingPolicy


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("client", "organization", "signed_on", "expires_on", "scope", "revoked_at")
    raw_id_fields = ("client", "organization", "recorded_by", "revoked_by")
    filter_horizontal = ("agencies",)


@admin.register(ClientRestriction)
class ClientRestrictionAdmin(admin.ModelAdmin):
    list_display = ("client", "confidential", "set_by", "set_at")
    raw_id_fields = ("client", "set_by")


admin.site.register(SharingPolicy)
