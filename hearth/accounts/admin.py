from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Clearance, HudUser, LoginAttempt, Membership, QuizQuestion, SecurityPolicy, TOTPDevice, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    raw_id_fields = ("organization",)
    readonly_fields = ("granted_by", "granted_at", "ended_by", "approved_by", "approved_at")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Hearth", {"fields": ("language",)}))
    actions = ["reset_authenticator", "end_sessions"]

    @admin.action(description=_("Reset the authenticator (the user sets up a new one at the next log-in)"))
    def reset_authenticator(self, request, queryset):
        for user in queryset:
            services.totp_device_remove(user=user, acting_user=request.user)

    @admin.action(description=_("Log the user out everywhere"))
    def end_sessions(self, request, queryset):
        for user in queryset:
            user.end_sessions()


@admin.register(HudUser)
class HudUserAdmin(admin.ModelAdmin):
    list_display = ("hud_id", "user_first_name", "user_last_name", "user_email", "login")
    search_fields = ("hud_id", "user_last_name", "user_email")


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ("position", "text", "correct", "is_active")
    list_display_links = ("text",)
    list_editable = ("position", "is_active")


@admin.register(Clearance)
class ClearanceAdmin(admin.ModelAdmin):
    list_display = ("user", "training_completed_on", "quiz_passed_on", "quiz_score", "agreement_signed_on")
    raw_id_fields = ("user", "training_recorded_by")
    search_fields = ("user__username",)


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "ip_address", "succeeded")
    list_filter = ("succeeded",)
    search_fields = ("username", "ip_address")


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ("user", "confirmed_at")
    exclude = ("secret",)
    readonly_fields = ("user", "confirmed_at", "last_step")


admin.site.register(SecurityPolicy)
