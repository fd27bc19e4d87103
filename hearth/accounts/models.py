"""Users, their memberships in agencies (user x organization x role), and HUD's staff record (HMIS CSV User.csv)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
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
    # Raised to end every session of the user at once (access removed, password or MFA reset): the session hash
    # Django checks on each request includes it.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        key_salt = "hearth.accounts.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def end_sessions(self) -> None:
        """Log the user out everywhere: every session's hash stops matching at its next request."""
        User.objects.filter(pk=self.pk).update(session_generation=models.F("session_generation") + 1)
        self.refresh_from_db(fields=["session_generation"])

    def active_memberships(self) -> models.QuerySet[Membership]:
        return self.memberships.filter(is_active=True, organization__date_deleted__isnull=True)

    def _request_roles(self) -> list[tuple[str, int]] | None:
        """(role, organization id) of the active memberships, read once per request for the user who made it (the
        request's middleware gives that user a ``_request_memo``); None for any other User object."""
        memo = self.__dict__.get("_request_memo")
        if memo is None:
            return None
        if "roles" not in memo:
            memo["roles"] = list(self.active_memberships().values_list("role", "organization_id"))
        return memo["roles"]

    def organization_ids(self, *roles: str) -> list[int]:
        """Organizations where this user holds one of ``roles`` (any role when none is given)."""
        memberships = self._request_roles()
        if memberships is not None:
            return sorted({org for role, org in memberships if not roles or role in roles})
        qs = self.active_memberships()
        if roles:
            qs = qs.filter(role__in=roles)
        return list(qs.values_list("organization_id", flat=True).distinct())

    def has_role(self, *roles: str, organization_id: int | None = None) -> bool:
        memberships = self._request_roles()
        if memberships is not None:
            return any(role in roles and organization_id in (None, org) for role, org in memberships)
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
    ended_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Requested by an agency's HMIS representative, waiting for the HMIS lead (when the CoC requires approval).
    pending_approval = models.BooleanField(_("waiting for approval"), default=False)
    approved_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

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


class SecurityPolicy(models.Model):
    """The CoC's security choices (one row): who needs a second factor, whether the HMIS lead approves new access."""

    mfa_for_all_users = models.BooleanField(
        _("require a second factor for every user"),
        default=False,
        help_text=_("HMIS lead administrators and agency HMIS representatives always need one."),
    )
    lead_approves_access = models.BooleanField(_("the HMIS lead approves access granted by agencies"), default=False)

    class Meta:
        verbose_name = _("security policy")
        verbose_name_plural = _("security policy")

    def __str__(self) -> str:
        return str(_("Security policy"))

    @classmethod
    def current(cls) -> SecurityPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class TOTPDevice(models.Model):
    """A user's authenticator app (TOTP, RFC 6238). ``last_step`` stops a code from being used twice."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(default=timezone.now)
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"TOTP {self.user}"


class LoginAttempt(models.Model):
    """One try at the password or the second factor, for lockout per username and per address."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["ip_address", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {'ok' if self.succeeded else 'failed'}"


CLEARANCE_DAYS = 365


class Clearance(models.Model):
    """What a user must have done before seeing client data: training, the privacy quiz, the user agreement.

    Each is renewed yearly; the clearance lasts until the first of them is a year old.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="clearance")
    training_completed_on = models.DateField(_("new-user training completed"), null=True, blank=True)
    training_recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    quiz_passed_on = models.DateField(_("privacy and security quiz passed"), null=True, blank=True)
    quiz_score = models.PositiveSmallIntegerField(_("quiz score (%)"), null=True, blank=True)
    agreement_signed_on = models.DateField(_("user agreement signed"), null=True, blank=True)
    agreement_signature = models.CharField(_("signature"), max_length=150, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.valid_until or '-'}"

    @property
    def valid_until(self) -> date | None:
        """The last day client data may be seen; None while a step is missing."""
        steps = (self.training_completed_on, self.quiz_passed_on, self.agreement_signed_on)
        if any(step is None for step in steps):
            return None
        return min(steps) + timedelta(days=CLEARANCE_DAYS)  # type: ignore[type-var]

    def is_valid(self, today: date | None = None) -> bool:
        until = self.valid_until
        return until is not None and (today or timezone.localdate()) < until


class QuizQuestion(models.Model):
    """A question of the privacy and security quiz (edited by the HMIS lead at ``accounts:quiz_questions``).

    ``correct`` indexes ``choices``; ``text_es``/``choices_es`` are the Spanish wording (``choices_es`` parallel to
    ``choices``), each falling back to English where blank. Retired questions (``is_active`` off) are kept."""

    text = models.TextField(_("question"))
    text_es = models.TextField(_("question in Spanish"), blank=True, default="")
    choices = models.JSONField(_("answers"), help_text=_("A list of answers, in order."))
    choices_es = models.JSONField(_("answers in Spanish"), default=list, blank=True)
    correct = models.PositiveSmallIntegerField(_("number of the right answer (from 0)"))
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    def text_in(self, language: str) -> str:
        """The question in ``language`` ('es' or English), English when the Spanish is blank."""
        if language.startswith("es") and self.text_es.strip():
            return self.text_es
        return self.text

    def choices_in(self, language: str) -> list[str]:
        """The answers in ``language``, each falling back to English where its Spanish is blank."""
        if not language.startswith("es"):
            return list(self.choices)
        spanish = list(self.choices_es or [])
        return [
            spanish[i] if i < len(spanish) and str(spanish[i]).strip() else english
            for i, english in enumerate(self.choices)
        ]
