"""Forms for the HMIS CSV pages: upload an export to import, and choose what to export."""

from __future__ import annotations

import zipfile
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hearth.core.forms import HearthForm
from hearth.directory.models import Organization, Project


class ImportUploadForm(HearthForm):
    """One .zip of HMIS CSV files (FY2022, FY2024 or FY2026), and whether only to check it."""

    file = forms.FileField(
        label=_("HMIS CSV export (.zip)"),
        help_text=_(
            "A .zip file holding Export.csv, Client.csv and the other HMIS CSV files (FY2022, FY2024 or FY2026)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run (check only)"),
        help_text=_("Check the files and show what would change, without saving anything."),
        required=False,
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only_organization = None
        if organizations is not None:
            choices = list(organizations.order_by("organization_name"))
            if len(choices) == 1:
                self.only_organization = choices[0]
            else:
                self.fields["organization"] = forms.ModelChoiceField(
                    label=_("Your organization"),
                    queryset=organizations.order_by("organization_name"),
                    help_text=_(
                        "The organization whose data this export holds, when it comes from a system "
                        "Hearth has not imported before."
                    ),  # fmt: skip
                )

    def chosen_organization(self) -> Organization | None:
        """The organization a new data source will belong to (an agency representative's upload), else None."""
        return self.cleaned_data.get("organization") or self.only_organization

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".zip") or not zipfile.is_zipfile(upload):
            raise forms.ValidationError(_("Choose a .zip file of HMIS CSV files."), code="not_zip")
        upload.seek(0)
        return upload


class ExportForm(HearthForm):
    """The export period, the projects, and whether to hash personal identifiers (HashStatus 4)."""

    start = forms.DateField(
        label=_("Start date"),
        required=False,
        help_text=_("Leave both dates blank to export every enrollment."),
    )
    end = forms.DateField(label=_("End date"), required=False)
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_(
            "Choose none to export every project you may export. To choose several, hold Ctrl "
            "(Command on a Mac) while you select."
        ),
    )
    hash_pii = forms.BooleanField(
        label=_("Hash personal identifiers (HashStatus 4)"),
        help_text=_("Names and SSN in Client.csv are replaced by SHA-256 hashes, as HUD's HashStatus 4 defines."),
        required=False,
    )

    def __init__(self, *args: Any, projects: QuerySet[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["projects"]
        field.queryset = projects.select_related("organization").order_by(
            "organization__organization_name", "project_name"
        )
        field.label_from_instance = lambda p: f"{p.organization.organization_name}: {p.project_name}"
        field.widget.attrs["size"] = min(max(field.queryset.count(), 2), 12)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date cannot be before the start date."))
        return data
