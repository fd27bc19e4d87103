from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import HudUser, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    raw_id_fields = ("organization",)
    readonly_fields = ("granted_by", "granted_at")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Hearth", {"fields": ("language",)}))


@admin.register(HudUser)
class HudUserAdmin(admin.ModelAdmin):
    list_display = ("hud_id", "user_first_name", "user_last_name", "user_email", "login")
    search_fields = ("hud_id", "user_last_name", "user_email")
