"""Writes of consent, revocation, restrictions and the CoC's sharing model: audited, in one transaction each."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.core.audit import audit

from .models import ClientRestriction, Consent, SharingPolicy


@transaction.atomic
def consent_record(
    *,
    acting_user: Any,
    client: Any,
    organization: Any,
    signed_on: date,
    expires_on: date | None = None,
    scope: str = Consent.Scope.COC,
    agencies: list[Any] | None = None,
    method: str = Consent.Method.TYPED,
    typed_signature: str = "",
    document: Any = None,
) -> Consent:
    """Record a client's consent to share (a typed signature or the uploaded signed paper)."""
    consent = Consent(
        client=client,
        organization=organization,
        signed_on=signed_on,
        expires_on=expires_on,
        scope=scope,
        method=method,
        typed_signature=typed_signature.strip(),
        recorded_by=acting_user,
    )
    if document is not None:
        consent.document = document
    if method == Consent.Method.TYPED and not consent.typed_signature:
        raise ValidationError({"typed_signature": _("Type the client's name as their signature.")})
    if method == Consent.Method.PAPER and not consent.document:
        raise ValidationError({"document": _("Upload the scan of the signed paper.")})
    if scope == Consent.Scope.AGENCIES and not agencies:
        raise ValidationError({"agencies": _("Name at least one agency, or share with the whole CoC.")})
    consent.full_clean()
    consent.save()
    if scope == Consent.Scope.AGENCIES:
        consent.agencies.set(agencies or [])
    audit(user=acting_user, action="create", obj=consent, client_id=client.pk, detail={"scope": scope})
    return consent


@transaction.atomic
def consent_revoke(*, acting_user: Any, consent: Consent, note: str = "") -> Consent:
    """Revoke a consent: other agencies stop seeing the shared record at their next request."""
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.revoked_by = acting_user
        consent.revocation_note = note.strip()[:300]
        consent.save(update_fields=["revoked_at", "revoked_by", "revocation_note"])
        audit(user=acting_user, action="update", obj=consent, client_id=consent.client_id, detail={"revoked": True})
    return consent


@transaction.atomic
def client_restriction_set(*, acting_user: Any, client: Any, confidential: bool, reason: str = "") -> ClientRestriction:
    restriction, _created = ClientRestriction.objects.get_or_create(
        client=client, defaults={"set_by": acting_user, "confidential": confidential, "reason": reason}
    )
    restriction.confidential = confidential
    restriction.reason = reason[:200]
    restriction.set_by = acting_user
    restriction.set_at = timezone.now()
    restriction.save()
    audit(
        user=acting_user, action="update", obj=restriction, client_id=client.pk, detail={"confidential": confidential}
    )
    return restriction


@transaction.atomic
def sharing_policy_set(*, acting_user: Any, model: str) -> SharingPolicy:
    policy = SharingPolicy.current()
    policy.model = model
    policy.full_clean()
    policy.save()
    audit(user=acting_user, action="update", obj=policy, detail={"model": model})
    return policy
