"""Clients' consent to share, its revocation, confidential flags, and the CoC's sharing model."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SharingPolicy(models.Model):
    """The CoC's default sharing model (one row).

    Explicit: a client's record is shared beyond the agency that entered it only under a signed consent.
    Implied: it is shared with every participating agency unless the client refused or revoked.
    """

    class Model(models.TextChoices):
        EXPLICIT = "explicit", _("Explicit consent: share only when the client signed a consent")
        IMPLIED = "implied", _("Implied consent: share with the CoC unless the client refused or revoked")

    model = models.CharField(_("sharing model"), max_length=10, choices=Model.choices, default=Model.EXPLICIT)

    class Meta:
        verbose_name = _("sharing policy")
        verbose_name_plural = _("sharing policy")

    def __str__(self) -> str:
        return str(self.get_model_display())

    @classmethod
    def current(cls) -> SharingPolicy:
        from hearth.core.request import request_cached

        # Every access check of a page reads it: once per request is enough.
        return request_cached("privacy.sharing_policy", lambda: cls.objects.get_or_create(pk=1)[0])


class ConsentQuerySet(models.QuerySet):
    def in_force(self, day: date | None = None) -> ConsentQuerySet:
        """Consents signed, not expired and not revoked on ``day`` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(revoked_at__isnull=True, signed_on__lte=day).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=day)
        )


class Consent(models.Model):
    """A client's release of information: with whom their record is shared, from when, until when, and its proof."""

    class Scope(models.TextChoices):
        COC = "coc", _("Every participating agency of the CoC")
        AGENCIES = "agencies", _("The agencies named")

    class Method(models.TextChoices):
        TYPED = "typed", _("Signed on screen (typed name)")
        PAPER = "paper", _("Signed on paper (scan uploaded)")

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="consents")
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agency that recorded the consent."),
    )
    signed_on = models.DateField(_("date signed"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    scope = models.CharField(_("share with"), max_length=10, choices=Scope.choices, default=Scope.COC)
    agencies = models.ManyToManyField(
        "directory.Organization", blank=True, related_name="+", verbose_name=_("agencies")
    )
    method = models.CharField(_("signature"), max_length=10, choices=Method.choices, default=Method.TYPED)
    typed_signature = models.CharField(_("client's typed name"), max_length=150, blank=True)
    document = models.FileField(_("signed paper (scan)"), upload_to="consents/%Y/", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_note = models.CharField(_("note on the revocation"), max_length=300, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["client", "revoked_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("signed_on")),
                name="consent_expires_after_signed",
            )
        ]

    def __str__(self) -> str:
        return f"Consent {self.pk} for client {self.client_id} ({self.signed_on})"

    def is_in_force(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.revoked_at is None and self.signed_on <= day and (self.expires_on is None or self.expires_on >= day)


class ClientRestriction(models.Model):
    """A client flagged confidential (for example a survivor of domestic violence): never shared outside the
    agency that entered the record, whatever the consent, and left out of search elsewhere."""

    client = models.OneToOneField("clients.Client", on_delete=models.PROTECT, related_name="restriction")
    confidential = models.BooleanField(_("confidential"), default=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Restriction on client {self.client_id}"
