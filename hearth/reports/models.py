"""Report runs kept with their parameters, who ran them, their tables and the clients behind every count."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportRunQuerySet(models.QuerySet):
    def finished(self) -> ReportRunQuerySet:
        return self.filter(status=ReportRun.Status.DONE)


class ReportRun(models.Model):
    """One run of the APR, CAPER or SPM on the live database (``hearth.reports.services.report_run_start``).

    ``summary`` holds each table's grid (``{"tables": [{"name", "title", "rows": [[{"text", "ref", "count"}]]}]}``,
    ``"timing"``); the PersonalIDs behind each count are kept per cell in ``ReportCell`` (a CoC-wide run has
    millions of them, too many for one JSON value read on every page). ``folder`` (under ``VAR_DIR/reports``) holds
    the Sage zip / HDX CSVs and, for the SPM, the measure-1 tables that explain a client's nights.
    """

    class Report(models.TextChoices):
        APR = "apr", _("CoC Annual Performance Report (APR)")
        CAPER = "caper", _("ESG CAPER")
        SPM = "spm", _("System Performance Measures (SPM)")

    class Spec(models.TextChoices):
        FY2022 = "2022", _("FY2022 layout (HUD's Data Lab test kit)")
        FY2026 = "2026", _("FY2026 layout")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    report = models.CharField(_("report"), max_length=5, choices=Report.choices)
    spec = models.CharField(_("HUD layout"), max_length=4, choices=Spec.choices, default=Spec.FY2022)
    start = models.DateField(_("period start"))
    end = models.DateField(_("period end"))
    coc_code = models.CharField(_("CoC"), max_length=6)
    projects = models.ManyToManyField("directory.Project", blank=True, related_name="+", verbose_name=_("projects"))
    # The projects' HMIS IDs as given to the engine; empty: every project of the CoC (only the HMIS lead).
    project_hud_ids = models.JSONField(_("project IDs"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    folder = models.CharField(_("result files"), max_length=300, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="report_run_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_report_display()} {self.start}..{self.end} #{self.pk}"

    @property
    def path(self) -> Path | None:
        """The folder of the result files, or None before the run wrote them."""
        return Path(settings.VAR_DIR) / "reports" / self.folder if self.folder else None

    @property
    def download_name(self) -> str:
        kind = "hdx" if self.report == self.Report.SPM else "sage"
        return f"{self.report}-{kind}-{self.start:%Y%m%d}-{self.end:%Y%m%d}-run{self.pk}.zip"


class ReportCell(models.Model):
    """The PersonalIDs behind one count of one table of a run (the drill-down of ARCHITECTURE.md section 7)."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="cells")
    table = models.CharField(max_length=20)
    ref = models.CharField(max_length=10)
    personal_ids = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "table", "ref"], name="report_cell_unique")]

    def __str__(self) -> str:
        return f"{self.table} {self.ref} ({len(self.personal_ids)})"
