"""HMIS CSV interchange records: where imported data came from, and each import or export batch (Export.csv)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.core.fields import CodeField, HudCharField, HudDateField, HudDateTimeField
from hearth.core.models import code_constraints, new_hud_id


class DataSource(models.Model):
    """A system that sends us HMIS CSV exports. Record IDs are unique within their data source."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    source_type = CodeField(_("source type"), hud_list="1.9", default=1)
    source_id = models.CharField(_("source ID"), max_length=350, blank=True)
    # Set when an agency's HMIS representative brought the source in: its data is that organization's only (the
    # export's own organization record is attached to it, and rows of any other organization are refused).
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Export(models.Model):
    """HMIS CSV Export.csv: one import or export batch, with the Export.csv row that described it."""

    HUD_FILE = "Export.csv"

    class Direction(models.TextChoices):
        IMPORT = "import", _("import")
        EXPORT = "export", _("export")

    hud_id = models.CharField(_("export ID"), max_length=32, default=new_hud_id, db_index=True)
    direction = models.CharField(max_length=6, choices=Direction.choices)
    data_source = models.ForeignKey(DataSource, on_delete=models.PROTECT, null=True, blank=True, related_name="exports")
    source_type = CodeField(_("source type"), hud_list="1.9")
    source_id = HudCharField(_("source ID"), max_length=350, blank=True)
    source_name = HudCharField(_("source name"), max_length=50, blank=True)
    source_contact_first = HudCharField(_("source contact first name"), max_length=50, blank=True)
    source_contact_last = HudCharField(_("source contact last name"), max_length=50, blank=True)
    source_contact_phone = HudCharField(_("source contact phone"), max_length=10, blank=True)
    source_contact_extension = HudCharField(_("source contact extension"), max_length=5, blank=True)
    source_contact_email = HudCharField(_("source contact email"), max_length=320, blank=True)
    export_date = HudDateTimeField(_("export date"))
    export_start_date = HudDateField(_("export start date"))
    export_end_date = HudDateField(_("export end date"))
    software_name = HudCharField(_("software name"), max_length=50)
    software_version = HudCharField(_("software version"), max_length=50, blank=True)
    csv_version = HudCharField(_("CSV version"), max_length=50, blank=True)
    export_period_type = CodeField(_("export period type"), hud_list="1.1")
    export_directive = CodeField(_("export directive"), hud_list="1.2")
    hash_status = CodeField(_("hash status"), hud_list="1.5")
    implementation_id = HudCharField(_("implementation ID"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    report = models.JSONField(_("report"), default=dict, blank=True, help_text=_("Counts per file, errors, warnings."))

    class Meta:
        constraints = code_constraints("Export.csv")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.hud_id} ({self.export_date:%Y-%m-%d})"
