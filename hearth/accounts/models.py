"""Users, their memberships in agencies (user x organization x role), and HUD's staff record (HMIS CSV User.csv)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.core.fields import HudCharField
from hearth.core.models import HudBase


class Role(models.TextChoices):
    LEAD_ADMIN = "lead_admin", _("HMIS lead administrator")
    AGENCY_ADMIN = "agency_admin", _("Agency HMIS representative")
    CASEWORKER = "caseworker", _("Caseworker")
    REPORTING = "reporting", _("Reporting only")


CLIENT_DATA_ROLES = (Role.LEAD_ADMIN, Role.AGENCY_ADMIN, Role.CASEWORKER)


class User(AbstractUser):
    """A person who logs in to Hearth. What they may do comes from their memberships."""

    language = models.CharField(
        _("language"), max_length=8, choices=[("en", "English"), ("es", "Español")], default="en"
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def active_memberships(self) -> models.QuerySet[Membership]:
        return self.memberships.filter(is_active=True, organization__date_deleted__isnull=True)

    def organization_ids(self, *roles: str) -> list[int]:
        """Organizations where this user holds one of ``roles`` (any role when none is given)."""
        qs = self.active_memberships()
        if roles:
            qs = qs.filter(role__in=roles)
        return list(qs.values_list("organization_id", flat=True).distinct())

    def has_role(self, *roles: str, organization_id: int | None = None) -> bool:
        qs = self.active_memberships().filter(role__in=roles)
        if organization_id is not None:
            qs = qs.filter(organization_id=organization_id)
        return qs.exists()

    @property
    def is_lead_admin(self) -> bool:
        """HMIS lead administrators (and Django superusers) act for the whole CoC."""
        if self.is_superuser:
            return True
        cached = getattr(self, "_is_lead_admin", None)
        if cached is None:
            cached = self._is_lead_admin = self.has_role(Role.LEAD_ADMIN)
        return cached

    def can_manage_organization(self, organization_id: int) -> bool:
        return self.is_lead_admin or self.has_role(Role.AGENCY_ADMIN, organization_id=organization_id)


class Membership(models.Model):
    """A user's role in one organization. One user may work for several agencies."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], condition=Q(is_active=True), name="membership_unique_active"
            )
        ]
        indexes = [models.Index(fields=["user", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.organization}"


class HudUser(HudBase):
    """HUD's staff record (HMIS CSV User.csv): who entered data, as named in exports. Linked to a login when local."""

    HUD_FILE = "User.csv"

    user_first_name = HudCharField(_("first name"), max_length=50, blank=True)
    user_last_name = HudCharField(_("last name"), max_length=50, blank=True)
    user_phone = HudCharField(_("phone"), max_length=10, blank=True)
    user_extension = HudCharField(_("extension"), max_length=5, blank=True)
    user_email = HudCharField(_("email"), max_length=320, blank=True)
    login = models.OneToOneField(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="hud_user")

    class Meta(HudBase.Meta):
        verbose_name = _("HMIS user record")

    def __str__(self) -> str:
        return f"{self.user_first_name} {self.user_last_name}".strip() or self.hud_id

    @classmethod
    def for_login(cls, user: Any) -> HudUser | None:
        """The staff record that stands for a login in HMIS CSV UserID columns, made on first use."""
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        record, _created = cls.objects.get_or_create(
            login=user,
            defaults={
                "user_first_name": user.first_name[:50],
                "user_last_name": user.last_name[:50],
                "user_email": user.email[:320],
            },
        )
        return record
