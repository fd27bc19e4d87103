"""The report form: which report, which HUD layout, the period, the CoC and the projects (only those the user may
report on)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hearth.core.forms import HearthForm
from hearth.directory.models import CoC, Project, ProjectCoC

from .access import reportable_projects
from .models import ReportRun


def coc_choices() -> list[tuple[str, str]]:
    """CoC codes of the directory's CoCs and of projects' ProjectCoC rows (the configured CoC first)."""
    names = dict(CoC.objects.values_list("code", "name"))
    codes = set(names) | set(ProjectCoC.objects.alive().values_list("coc_code", flat=True).distinct())
    codes.add(settings.HEARTH_COC_CODE)
    ordered = sorted(codes, key=lambda code: (code != settings.HEARTH_COC_CODE, code))
    return [(code, f"{code} {names[code]}" if code in names else code) for code in ordered]


def default_period(today: date) -> tuple[date, date]:
    """HUD's last complete operating year: October 1 to September 30."""
    end_year = today.year if today >= date(today.year, 9, 30) else today.year - 1
    return date(end_year - 1, 10, 1), date(end_year, 9, 30)


class ProjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Project) -> str:
        return f"{obj.project_name} ({obj.organization.organization_name}, {obj.hud_id})"


class ReportRunForm(HearthForm):
    report = forms.ChoiceField(label=_("Report"), choices=ReportRun.Report.choices)
    spec = forms.ChoiceField(
        label=_("HUD table layout"),
        choices=ReportRun.Spec.choices,
        initial=ReportRun.Spec.FY2022,
        help_text=_("FY2022 is the layout HUD's Data Lab test kit checks; FY2026 is the one agencies submit now."),
    )
    start = forms.DateField(label=_("Period start"))
    end = forms.DateField(label=_("Period end"))
    coc_code = forms.ChoiceField(label=_("Continuum of Care"))
    projects = ProjectChoiceField(
        label=_("Projects"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several. None chosen: every project you may report on in the CoC."),
    )

    def __init__(self, *args: Any, user: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        start, end = default_period(today)
        self.fields["start"].initial, self.fields["end"].initial = start, end
        self.fields["coc_code"].choices = coc_choices()
        self.fields["coc_code"].initial = settings.HEARTH_COC_CODE
        self.fields["projects"].queryset = (
            reportable_projects(user).select_related("organization").order_by("organization__organization_name",
                                                                               "project_name")
        )  # fmt: skip
        self.fields["projects"].widget.attrs["size"] = 8

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period ends before it starts."))
        report, spec = data.get("report"), data.get("spec")
        if report in ("apr", "caper") and spec:
            from hearth.reports.apr.registry import tables_for

            if not tables_for(report, spec):
                self.add_error("spec", _("This report has no tables in that layout yet: choose the FY2022 layout."))
        coc = data.get("coc_code")
        projects = list(data.get("projects") or [])
        if coc and projects:
            in_coc = set(
                ProjectCoC.objects.alive()
                .filter(coc_code=coc, project__in=projects)
                .values_list("project_id", flat=True)
            )
            outside = [p.project_name for p in projects if p.pk not in in_coc]
            if outside:
                self.add_error(
                    "projects", _("Not in CoC %(coc)s: %(names)s.") % {"coc": coc, "names": ", ".join(outside)}
                )
        if coc and not projects and not self.user.is_lead_admin:
            # Everyone but the HMIS lead reports on their own agency's projects: "none chosen" means all of those.
            in_coc = ProjectCoC.objects.alive().filter(coc_code=coc).values("project_id")
            mine = list(self.fields["projects"].queryset.filter(pk__in=in_coc))
            if not mine:
                self.add_error("projects", _("None of your agency's projects is in CoC %(coc)s.") % {"coc": coc})
            data["projects"] = mine
        return data
