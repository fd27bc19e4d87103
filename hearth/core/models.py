"""Base models: the columns every HMIS CSV record carries, soft delete, source-scoped IDs, the append-only audit log."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth import standards


def new_hud_id() -> str:
    """A new HMIS CSV ID (S32) for a record created in Hearth."""
    return uuid.uuid4().hex


class HudQuerySet(models.QuerySet):
    def alive(self) -> HudQuerySet:
        """Records not soft-deleted (HMIS CSV DateDeleted is blank)."""
        return self.filter(date_deleted__isnull=True)

    def owned_by(self, organization_ids: Any) -> HudQuerySet:
        return self.filter(owner_org_id__in=organization_ids)


class HudBase(models.Model):
    """What every record from an HMIS CSV file carries besides its own columns.

    ``hud_id`` is the record's ID column (PersonalID, EnrollmentID, ...). Records created in Hearth get a new one;
    imported records keep their source's ID, unique within their ``data_source``, so a re-import updates them.
    """

    HUD_FILE: ClassVar[str] = ""
    # (start, end) date fields where HUD says the end may not come before the start. Checked by ``clean`` (so by
    # forms and services), deliberately not by the database: HUD's own sample exports break these rules, and an
    # HMIS must be able to hold what other systems send it (the importer reports them as data-quality findings).
    DATE_ORDER: ClassVar[tuple[tuple[str, str], ...]] = ()

    # Looked up with its data source (the unique constraints below are indexes); Client adds an index of its own.
    hud_id = models.CharField(_("HMIS ID"), max_length=32, default=new_hud_id)
    # Bookkeeping references (data source, import, created/updated by, HMIS user) are kept without a database
    # foreign-key constraint: the importer checks them in bulk before writing, and PostgreSQL's per-row FK triggers on
    # five extra columns of every row cost more than the rest of a large import. Django still enforces on_delete.
    # Nothing filters on them, so they have no index either (each one cost every write; a data source's records are
    # found through the (data_source, hud_id) unique index).
    data_source = models.ForeignKey(
        "hudcsv.DataSource",
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Where an imported record came from; blank for records entered in Hearth."),
    )
    owner_org = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owning organization"),
    )
    date_created = models.DateTimeField(_("date created"), default=timezone.now)  # 5.01
    date_updated = models.DateTimeField(_("date updated"), default=timezone.now)  # 5.02
    date_deleted = models.DateTimeField(_("date deleted"), null=True, blank=True)
    export = models.ForeignKey(
        "hudcsv.Export",
        on_delete=models.SET_NULL,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The import that last wrote this record."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = HudQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["data_source", "hud_id"],
                condition=Q(data_source__isnull=False),
                name="%(app_label)s_%(class)s_source_id_unique",
            ),
            models.UniqueConstraint(
                fields=["hud_id"], condition=Q(data_source__isnull=True), name="%(app_label)s_%(class)s_local_id_unique"
            ),
        ]

    @property
    def is_deleted(self) -> bool:
        return self.date_deleted is not None

    def get_constraints(self) -> list[tuple[type[models.Model], list[Any]]]:
        """The constraints ``full_clean`` asks the database about: not the HUD code checks.

        Coded fields validate their codes themselves (``CodeField.validate``, with HUD's message); asking the database
        again would cost one query per constraint (~60 on some tables). The database still enforces them on write.
        """
        return [
            (model, [c for c in constraints if c.name not in PYTHON_CHECKED_CONSTRAINTS])
            for model, constraints in super().get_constraints()
        ]

    def clean(self) -> None:
        super().clean()
        self.clean_date_order()
        self.clean_conditional_codes()

    def clean_date_order(self) -> None:
        """An end date may not come before its start date (e.g. 2.02.4 Operating End Date, 3.20 Move-in Date)."""
        errors = {}
        for start_name, end_name in self.DATE_ORDER:
            start, end = getattr(self, start_name), getattr(self, end_name)
            if start is not None and end is not None and end < start:
                end_field, start_field = (self._meta.get_field(name) for name in (end_name, start_name))
                errors[end_name] = _("%(end)s (%(end_name)s) may not be before %(start)s (%(start_name)s).") % {
                    "end": str(end_field.verbose_name).capitalize(),
                    "start": str(start_field.verbose_name),
                    "end_name": end_name,
                    "start_name": start_name,
                }
        if errors:
            raise ValidationError(errors)

    def hud_row(self) -> dict[str, Any]:
        """This record's coded values keyed by HMIS CSV column name (what HUD's conditional rules refer to)."""
        return {
            col.name: getattr(self, col.field_name, None)
            for col in standards.layout(self.HUD_FILE)
            if col.base_type == "integer"
        }

    def clean_conditional_codes(self) -> None:
        """Check the columns whose code list depends on another field (e.g. Services.TypeProvided on RecordType)."""
        if not self.HUD_FILE:
            return
        errors: dict[str, str] = {}
        row: dict[str, Any] | None = None
        for col in standards.layout(self.HUD_FILE):
            if not standards.conditional_rules(self.HUD_FILE, col.name):
                continue
            value = getattr(self, col.field_name, None)
            if value in (None, ""):
                continue
            row = row if row is not None else self.hud_row()
            allowed = standards.conditional_codes(self.HUD_FILE, col.name, row)
            if allowed is not None and value not in allowed[0]:
                errors[col.field_name] = _("%(field)s: %(value)s is not valid here (HUD rule: %(rule)s).") % {
                    "field": getattr(
                        field := self._meta.get_field(col.field_name), "hud_label", lambda: field.verbose_name
                    )(),
                    "value": value,
                    "rule": allowed[1],
                }
        if errors:
            raise ValidationError(errors)


class HudRecord(HudBase):
    """A HUD record that names the HMIS user who last changed it (HMIS CSV UserID, 5.07)."""

    hud_user = models.ForeignKey(
        "accounts.HudUser",
        on_delete=models.SET_NULL,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("HMIS user"),
    )

    class Meta(HudBase.Meta):
        abstract = True


# Names of the CHECK constraints whose rule the fields check too (see HudBase.get_constraints).
PYTHON_CHECKED_CONSTRAINTS: set[str] = set()


def code_constraints(file: str, *, skip: tuple[str, ...] = ()) -> list[models.CheckConstraint]:
    """Database checks that each coded column of an HMIS CSV file holds a code HUD allows there (or is blank)."""
    stem = file.removesuffix(".csv").lower()
    out = []
    for col in standards.layout(file):
        codes = col.allowed_codes()
        if not codes or col.name in skip:
            continue
        codes = list(codes)
        # Retired codes stay valid on historical rows that an import brings in.
        codes += sorted(standards.RETIRED_CODES.get((file, col.name), frozenset()) - set(codes))
        condition = Q(**{f"{col.field_name}__in": codes})
        if col.nullable:
            condition |= Q(**{f"{col.field_name}__isnull": True})
        out.append(models.CheckConstraint(condition=condition, name=f"{stem}_{col.field_name}_code"))
    PYTHON_CHECKED_CONSTRAINTS.update(c.name for c in out)
    return out


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("the audit log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("the audit log is append-only")


class AuditEvent(models.Model):
    """One read or write of client data: who, when, what, from where. Append-only (also enforced by the database)."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        LOGIN = "login", _("logged in")
        DENIED = "denied", _("was refused")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, null=True, related_name="+")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # Tamper evidence: entry_hash = SHA-256(prev_hash + this entry's canonical content); prev_hash is the entry_hash
    # of the event before it in the chain. An event is written unsealed (these three columns empty) in the request's
    # transaction and sealed right after that commits (``hearth.core.audit.seal_pending``): ``chain_seq`` is its
    # place in the chain, the order of sealing, not of ids (ids commit out of order). The database lets a row be
    # sealed once and never changed otherwise. ``hearth audit_verify`` recomputes the chain.
    chain_seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    entry_hash = models.CharField(max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["client", "-at"]),
            models.Index(fields=["user", "-at"]),
            # The sealer's queue: the few events written but not yet sealed.
            models.Index(fields=["id"], condition=models.Q(chain_seq__isnull=True), name="core_audit_unsealed"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("the audit log is append-only")


class AuditChainHead(models.Model):
    """The end of the audit chain (one row): its lock keeps the chain linear while events are sealed; its hash and
    count (= the last ``chain_seq``) reveal a cut tail."""

    last_hash = models.CharField(max_length=64, default="")
    last_event_id = models.BigIntegerField(null=True)
    length = models.BigIntegerField(default=0)

    class Meta:
        db_table = "core_auditevent_chain_head"  # named with the log it belongs to

    def __str__(self) -> str:
        return f"audit chain: {self.length} events, last {self.last_event_id}"
