"""Directory forms. They parse input only: the services validate the record (``full_clean()`` and HUD's rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hearth.core.fields import HudFieldMixin
from hearth.core.forms import HearthForm, HearthModelForm

from . import services
from .models import CEParticipation, CoC, Funder, HMISParticipation, Inventory, Organization, Project, ProjectCoC


class DirectoryModelForm(HearthModelForm):
    """Labels, code lists and widgets from the model; HUD's messages for a missing answer; the HUD element as hint.

    Model validation is left to the service, which raises every problem at once (see ``views.show_errors``), so the
    form does not validate the record a second time with Django's generic messages.
    """

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            try:
                model_field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not isinstance(model_field, HudFieldMixin):
                continue
            field.error_messages["required"] = model_field.error_messages["blank"]
            element = model_field.hud_element
            if element and not field.help_text:
                field.help_text = _("HUD %(element)s") % {"element": element}

    def _post_clean(self) -> None:
        """Parse only; the service validates the record."""


class CoCForm(DirectoryModelForm):
    class Meta:
        model = CoC
        fields = services.COC_FIELDS
        help_texts = {"code": _("As HUD publishes it, e.g. WA-500 (HUD 2.03.1)."),
                      "is_active": _("Projects can be set up only in active CoCs.")}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("A CoC's code does not change once set up.")


class OrganizationForm(DirectoryModelForm):
    """Everything about an agency: for the HMIS lead."""

    class Meta:
        model = Organization
        fields = services.ORGANIZATION_FIELDS
        help_texts = {
            "organization_name": _("The organization's legal name (HUD 2.01.2)."),
            "victim_service_provider": _("A private nonprofit whose primary mission is to serve survivors of domestic "
                                         "violence, dating violence, sexual assault or stalking (HUD 2.01.3)."),
            "participation_status": _("Whether the agency takes part in this HMIS."),
        }


class OrganizationContactForm(DirectoryModelForm):
    """The agency's HMIS contact: what its HMIS representative may change."""

    class Meta:
        model = Organization
        fields = services.ORGANIZATION_CONTACT_FIELDS


class ProjectForm(DirectoryModelForm):
    class Meta:
        model = Project
        fields = services.PROJECT_FIELDS
        help_texts = {
            "operating_start_date": _("The first day the project provided (or will provide) services or housing "
                                      "(HUD 2.02.3)."),
            "project_type": _("Required for a continuum project (HUD 2.02.6)."),
            "rrh_sub_type": _("Only for PH – Rapid Re-Housing (HUD 2.02.A)."),
            "housing_type": _("Only for residential project types: ES, TH, PSH, Safe Haven, PH, and RRH with housing "
                              "(HUD 2.02.D)."),
            "residential_affiliation": _("Only for Services Only and RRH: Services Only: are the services provided "
                                         "together with a residential project? (HUD 2.02.B)"),
            "pit_count": _("Optional: active clients on the night of the Point-in-Time count."),
        }

    def __init__(self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations.order_by("organization_name")
            self.fields["organization"].label_from_instance = lambda org: org.organization_name
            if len(organizations[:2]) == 1 and not self.initial.get("organization"):
                self.initial["organization"] = organizations[0].pk  # an agency representative's only agency
            self.fields["organization"].help_text = _("The agency that operates the project (HUD 2.01).")


class ProjectCloseForm(HearthForm):
    operating_end_date = forms.DateField(
        label=_("Operating end date"),
        help_text=_("The last day the project provided services or housing (HUD 2.02.4). Open funding, inventory and "
                    "participation records end on the same day."),
        error_messages={"required": _("Operating end date is required (HUD 2.02.4).")},
    )


class ProjectRecordForm(DirectoryModelForm):
    """A project's descriptor record; ``project`` decides which choices apply."""

    def __init__(self, *args: Any, project: Project, **kwargs: Any):
        self.project = project
        super().__init__(*args, **kwargs)


class FunderForm(ProjectRecordForm):
    class Meta:
        model = Funder
        fields = services.FUNDER_FIELDS
        labels = {"grant_id": _("Grant identifier"), "start_date": _("Grant start date"),
                  "end_date": _("Grant end date")}
        help_texts = {
            "other_funder": _("Only when the funder is “Local or Other Funding Source” (HUD 2.06.A)."),
            "end_date": _("May stay blank until the grant ends (HUD 2.06.4)."),
        }


class ProjectCoCForm(ProjectRecordForm):
    coc_code = forms.ChoiceField(label=_("CoC code"), help_text=_("A CoC this HMIS serves (HUD 2.03.1)."))

    class Meta:
        model = ProjectCoC
        fields = services.PROJECT_COC_FIELDS
        labels = {"address1": _("Street address"), "address2": _("Street address line 2"),
                  "zip": _("ZIP code")}
        help_texts = {
            "geocode": _("Six digits: the geocode of the project's principal site (HUD 2.03.2)."),
            "zip": _("Five digits (HUD 2.03.7)."),
            "state": _("Two-letter state abbreviation (HUD 2.03.6)."),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        codes = list(CoC.objects.filter(is_active=True).values_list("code", "name"))
        current = self.instance.coc_code
        if current and current not in {c for c, _n in codes}:
            codes.append((current, current))
        self.fields["coc_code"].choices = [("", "---------"), *[(c, f"{c} {n}") for c, n in codes]]
        self.fields["coc_code"].error_messages["required"] = _("CoC code is required (HUD 2.03.1).")


class InventoryForm(ProjectRecordForm):
    coc_code = forms.ChoiceField(label=_("CoC code"),
                                 help_text=_("One of the project's CoCs; one record per CoC (HUD 2.07.3)."))

    class Meta:
        model = Inventory
        fields = services.INVENTORY_FIELDS
        labels = {
            "es_bed_type": _("Bed type"),
            "unit_inventory": _("Total unit inventory"),
            "bed_inventory": _("Total bed inventory"),
            "ch_vet_bed_inventory": _("Beds dedicated to chronically homeless Veterans"),
            "youth_vet_bed_inventory": _("Beds dedicated to youth Veterans"),
            "vet_bed_inventory": _("Beds dedicated to any other Veterans"),
            "ch_youth_bed_inventory": _("Beds dedicated to chronically homeless youth"),
            "youth_bed_inventory": _("Beds dedicated to any other youth"),
            "ch_bed_inventory": _("Beds dedicated to any other chronically homeless persons"),
            "other_bed_inventory": _("Non-dedicated beds"),
        }
        help_texts = {
            "bed_inventory": _("The dedicated and non-dedicated beds below must add up to this total (HUD 2.07.14)."),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        codes = sorted(ProjectCoC.objects.alive().filter(project=self.project).values_list("coc_code", flat=True))
        self.fields["coc_code"].choices = [("", "---------"), *[(c, c) for c in codes]]
        self.fields["coc_code"].error_messages["required"] = _("CoC code is required (HUD 2.07.3).")
        if services.is_emergency_shelter(self.project):
            for name, element in (("availability", "2.07.6"), ("es_bed_type", "2.07.5")):
                self.fields[name].required = True
                self.fields[name].help_text = _("HUD %(element)s") % {"element": element}
                self.fields[name].error_messages["required"] = _(
                    "%(field)s is required for emergency shelters (HUD %(element)s).") % {
                    "field": self.fields[name].label, "element": element}
        else:
            del self.fields["availability"]
            del self.fields["es_bed_type"]


class HMISParticipationForm(ProjectRecordForm):
    class Meta:
        model = HMISParticipation
        fields = services.HMIS_PARTICIPATION_FIELDS
        labels = {"hmis_participation_type": _("Participation type"),
                  "hmis_participation_status_start_date": _("Participation status start date"),
                  "hmis_participation_status_end_date": _("Participation status end date")}
        help_texts = {"hmis_participation_status_start_date": _(
            "For a new project, the operating start date. Periods may not overlap (HUD 2.08.2).")}


class CEParticipationForm(ProjectRecordForm):
    class Meta:
        model = CEParticipation
        fields = services.CE_PARTICIPATION_FIELDS
        labels = {
            "access_point": _("Project is a coordinated entry access point"),
            "prevention_assessment": _("Access point provides homelessness prevention assessment, screening and/or "
                                       "referral"),
            "crisis_assessment": _("Access point provides shelter (crisis) assessment, screening and/or referral"),
            "housing_assessment": _("Access point provides housing assessment, screening and/or referral"),
            "direct_services": _("Access point provides direct services"),
            "receives_referrals": _("Project receives CE referrals"),
            "ce_participation_status_start_date": _("CE participation status start date"),
            "ce_participation_status_end_date": _("CE participation status end date"),
        }
        help_texts = {name: _("Only for access points: answer each (HUD 2.09.A).")
                      for name in services.CE_ACTIVITY_FIELDS}


def end_date_form(model: type, field_name: str) -> type[HearthForm]:
    """A form with only ``field_name``, the end date of one of a project's dated records."""
    model_field = model._meta.get_field(field_name)
    field = model_field.formfield(required=True)
    field.error_messages["required"] = model_field.error_messages["blank"]
    element = getattr(model_field, "hud_element", None)
    if element:
        field.help_text = _("HUD %(element)s") % {"element": element}
    return type(f"{model.__name__}EndForm", (HearthForm,), {field_name: field})
