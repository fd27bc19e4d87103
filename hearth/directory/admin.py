from django.contrib import admin

from hearth.core.admin import HudRecordAdmin

from .models import (
    Affiliation,
    CEParticipation,
    CoC,
    Funder,
    HMISParticipation,
    Inventory,
    Organization,
    Project,
    ProjectCoC,
)


@admin.register(CoC)
class CoCAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name")


@admin.register(Organization)
class OrganizationAdmin(HudRecordAdmin):
    list_display = ("organization_name", "hud_id", "victim_service_provider", "participation_status",
                    "hmis_contact_name", "date_deleted")
    list_filter = ("participation_status", "victim_service_provider", "date_deleted")
    search_fields = ("organization_name", "organization_common_name", "hud_id", "hmis_contact_name")


@admin.register(Project)
class ProjectAdmin(HudRecordAdmin):
    list_display = ("project_name", "organization__organization_name", "project_type", "operating_start_date",
                    "operating_end_date", "date_deleted")
    list_filter = ("project_type", "continuum_project", "date_deleted")
    search_fields = ("project_name", "project_common_name", "hud_id", "organization__organization_name")
    raw_id_fields = ("organization", "owner_org", "hud_user")


class ProjectRecordAdmin(HudRecordAdmin):
    """A project's descriptor record: found by its project's name or the record's HMIS ID."""

    search_fields = ("hud_id", "project__project_name", "project__hud_id")
    raw_id_fields = ("project", "owner_org", "hud_user")


@admin.register(Funder)
class FunderAdmin(ProjectRecordAdmin):
    list_display = ("hud_id", "project__project_name", "funder", "grant_id", "start_date", "end_date", "date_deleted")
    search_fields = (*ProjectRecordAdmin.search_fields, "grant_id", "other_funder")


@admin.register(ProjectCoC)
class ProjectCoCAdmin(ProjectRecordAdmin):
    list_display = ("hud_id", "project__project_name", "coc_code", "geocode", "city", "zip", "date_deleted")
    search_fields = (*ProjectRecordAdmin.search_fields, "coc_code", "geocode", "zip")


@admin.register(Inventory)
class InventoryAdmin(ProjectRecordAdmin):
    list_display = ("hud_id", "project__project_name", "coc_code", "household_type", "unit_inventory", "bed_inventory",
                    "inventory_start_date", "inventory_end_date", "date_deleted")
    search_fields = (*ProjectRecordAdmin.search_fields, "coc_code")


@admin.register(Affiliation)
class AffiliationAdmin(ProjectRecordAdmin):
    list_display = ("hud_id", "project__project_name", "residential_project__project_name", "date_deleted")
    raw_id_fields = (*ProjectRecordAdmin.raw_id_fields, "residential_project")


@admin.register(HMISParticipation)
class HMISParticipationAdmin(ProjectRecordAdmin):
    list_display = ("hud_id", "project__project_name", "hmis_participation_type",
                    "hmis_participation_status_start_date", "hmis_participation_status_end_date", "date_deleted")


@admin.register(CEParticipation)
class CEParticipationAdmin(ProjectRecordAdmin):
    list_display = ("hud_id", "project__project_name", "access_point", "receives_referrals",
                    "ce_participation_status_start_date", "ce_participation_status_end_date", "date_deleted")
