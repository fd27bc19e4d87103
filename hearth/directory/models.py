"""The CoC's directory: HUD project descriptor elements (2.01-2.09) as HMIS CSV models."""

from __future__ import annotations

from datetime import date

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.fields import (
    CodeField,
    HudCharField,
    HudDateField,
    HudIntegerField,
)
from hearth.core.models import HudQuerySet, HudRecord, code_constraints


class CoC(models.Model):
    """A Continuum of Care that this HMIS implementation serves (HUD 2.03.1 CoC code)."""

    code = models.CharField(
        _("CoC code"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2}-[0-9]{3}$", _("A CoC code is two capital letters, a dash and three digits (HUD 2.03.1).")
            )
        ],
    )
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Continuum of Care")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ParticipationStatus(models.TextChoices):
    ACTIVE = "active", _("Participating")
    PENDING = "pending", _("Joining")
    INACTIVE = "inactive", _("No longer participating")


class ProjectQuerySet(HudQuerySet):
    def operating_on(self, day: date) -> ProjectQuerySet:
        return self.filter(operating_start_date__lte=day).filter(
            models.Q(operating_end_date__isnull=True) | models.Q(operating_end_date__gte=day)
        )


class Organization(HudRecord):
    """HMIS CSV Organization.csv (2.01), with the CoC's record of the agency's HMIS participation."""

    HUD_FILE = "Organization.csv"

    organization_name = HudCharField(_("organization name"), max_length=200, hud_element="2.01.2")
    victim_service_provider = CodeField(_("victim service provider"), hud_list="1.10", hud_element="2.01.3")
    organization_common_name = HudCharField(_("organization common name"), max_length=200, blank=True)
    participation_status = models.CharField(
        _("HMIS participation"), max_length=10, choices=ParticipationStatus.choices, default=ParticipationStatus.ACTIVE
    )
    hmis_contact_name = models.CharField(_("HMIS contact"), max_length=100, blank=True)
    hmis_contact_email = models.EmailField(_("HMIS contact email"), blank=True)
    hmis_contact_phone = models.CharField(_("HMIS contact phone"), max_length=20, blank=True)

    def __str__(self) -> str:
        return self.organization_name

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("Organization.csv")]


class Project(HudRecord):
    """HMIS CSV Project.csv."""

    HUD_FILE = "Project.csv"
    DATE_ORDER = (("operating_start_date", "operating_end_date"),)

    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="projects")
    project_name = HudCharField(_("project name"), max_length=200, hud_element="2.02.2")
    project_common_name = HudCharField(_("project common name"), max_length=200, blank=True)
    operating_start_date = HudDateField(_("operating start date"), hud_element="2.02.3")
    operating_end_date = HudDateField(_("operating end date"), null=True, blank=True, hud_element="2.02.4")
    continuum_project = CodeField(_("continuum project"), hud_list="1.10", hud_element="2.02.5")
    project_type = CodeField(_("project type"), hud_list="2.02.6", null=True, blank=True, hud_element="2.02.6")
    housing_type = CodeField(_("housing type"), hud_list="2.02.D", null=True, blank=True, hud_element="2.02.D")
    rrh_sub_type = CodeField(_("RRH sub type"), hud_list="2.02.A", null=True, blank=True, hud_element="2.02.A")
    residential_affiliation = CodeField(
        _("residential affiliation"), hud_list="1.10", null=True, blank=True, hud_element="2.02.B"
    )
    target_population = CodeField(
        _("target population"), hud_list="2.02.7", null=True, blank=True, hud_element="2.02.7"
    )
    hopwa_med_assisted_living_fac = CodeField(
        _("HOPWA med assisted living fac"), hud_list="2.02.8", null=True, blank=True, hud_element="2.02.8"
    )
    pit_count = HudIntegerField(_("PIT count"), validators=[MinValueValidator(0)], null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    def __str__(self) -> str:
        return self.project_name

    class Meta(HudRecord.Meta):
        constraints = [
            *HudRecord.Meta.constraints,
            *code_constraints("Project.csv"),
        ]


class Funder(HudRecord):
    """HMIS CSV Funder.csv."""

    HUD_FILE = "Funder.csv"
    DATE_ORDER = (("start_date", "end_date"),)

    project = models.ForeignKey("directory.Project", on_delete=models.PROTECT, related_name="funders")
    funder = CodeField(_("funder"), hud_list="2.06.1", hud_element="2.06.1")
    other_funder = HudCharField(_("other funder"), max_length=100, blank=True, hud_element="2.06.A")
    grant_id = HudCharField(_("grant ID"), max_length=100, hud_element="2.06.2")
    start_date = HudDateField(_("start date"), hud_element="2.06.3")
    end_date = HudDateField(_("end date"), null=True, blank=True, hud_element="2.06.4")

    class Meta(HudRecord.Meta):
        constraints = [
            *HudRecord.Meta.constraints,
            *code_constraints("Funder.csv"),
        ]


class ProjectCoC(HudRecord):
    """HMIS CSV ProjectCoC.csv."""

    HUD_FILE = "ProjectCoC.csv"

    project = models.ForeignKey("directory.Project", on_delete=models.PROTECT, related_name="project_cocs")
    coc_code = HudCharField(_("COC code"), max_length=6, hud_pattern=r"^[a-zA-Z]{2}-[0-9]{3}$", hud_element="2.03.1")
    geocode = HudCharField(_("geocode"), max_length=6, hud_pattern=r"^[0-9]{6}$", hud_element="2.03.2")
    address1 = HudCharField(_("address1"), max_length=100, blank=True, hud_element="2.03.3")
    address2 = HudCharField(_("address2"), max_length=100, blank=True, hud_element="2.03.4")
    city = HudCharField(_("city"), max_length=50, blank=True, hud_element="2.03.5")
    state = HudCharField(_("state"), max_length=2, hud_pattern=r"^[a-zA-Z]{2}$", blank=True, hud_element="2.03.6")
    zip = HudCharField(_("ZIP"), max_length=5, hud_pattern=r"^[0-9]{5}$", blank=True, hud_element="2.03.7")
    geography_type = CodeField(_("geography type"), hud_list="2.03.4", null=True, blank=True, hud_element="2.03.8")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("ProjectCoC.csv")]


class Inventory(HudRecord):
    """HMIS CSV Inventory.csv."""

    HUD_FILE = "Inventory.csv"
    DATE_ORDER = (("inventory_start_date", "inventory_end_date"),)

    project = models.ForeignKey("directory.Project", on_delete=models.PROTECT, related_name="inventories")
    coc_code = HudCharField(_("COC code"), max_length=6, hud_element="2.07.3")
    household_type = CodeField(_("household type"), hud_list="2.07.4", hud_element="2.07.4")
    availability = CodeField(_("availability"), hud_list="2.07.6", null=True, blank=True, hud_element="2.07.6")
    unit_inventory = HudIntegerField(_("unit inventory"), validators=[MinValueValidator(0)], hud_element="2.07.15")
    bed_inventory = HudIntegerField(_("bed inventory"), validators=[MinValueValidator(0)], hud_element="2.07.14")
    ch_vet_bed_inventory = HudIntegerField(
        _("CH VET bed inventory"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="2.07.7"
    )
    youth_vet_bed_inventory = HudIntegerField(
        _("youth VET bed inventory"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="2.07.8"
    )
    vet_bed_inventory = HudIntegerField(
        _("VET bed inventory"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="2.07.9"
    )
    ch_youth_bed_inventory = HudIntegerField(
        _("CH youth bed inventory"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="2.07.10"
    )
    youth_bed_inventory = HudIntegerField(
        _("youth bed inventory"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="2.07.11"
    )
    ch_bed_inventory = HudIntegerField(
        _("CH bed inventory"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="2.07.12"
    )
    other_bed_inventory = HudIntegerField(
        _("other bed inventory"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="2.07.13"
    )
    es_bed_type = CodeField(_("ES bed type"), hud_list="2.07.5", null=True, blank=True, hud_element="2.07.5")
    inventory_start_date = HudDateField(_("inventory start date"), hud_element="2.07.1")
    inventory_end_date = HudDateField(_("inventory end date"), null=True, blank=True, hud_element="2.07.2")

    class Meta(HudRecord.Meta):
        constraints = [
            *HudRecord.Meta.constraints,
            *code_constraints("Inventory.csv"),
        ]


class Affiliation(HudRecord):
    """HMIS CSV Affiliation.csv."""

    HUD_FILE = "Affiliation.csv"

    project = models.ForeignKey("directory.Project", on_delete=models.PROTECT, related_name="affiliations")
    residential_project = models.ForeignKey(
        "directory.Project", on_delete=models.PROTECT, related_name="residential_affiliations"
    )

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("Affiliation.csv")]


class HMISParticipation(HudRecord):
    """HMIS CSV HMISParticipation.csv."""

    HUD_FILE = "HMISParticipation.csv"
    DATE_ORDER = (("hmis_participation_status_start_date", "hmis_participation_status_end_date"),)

    project = models.ForeignKey("directory.Project", on_delete=models.PROTECT, related_name="hmis_participations")
    hmis_participation_type = CodeField(_("HMIS participation type"), hud_list="2.08.1", hud_element="2.08.1")
    hmis_participation_status_start_date = HudDateField(_("HMIS participation status start date"), hud_element="2.08.2")
    hmis_participation_status_end_date = HudDateField(
        _("HMIS participation status end date"), null=True, blank=True, hud_element="2.08.3"
    )

    class Meta(HudRecord.Meta):
        constraints = [
            *HudRecord.Meta.constraints,
            *code_constraints("HMISParticipation.csv"),
        ]


class CEParticipation(HudRecord):
    """HMIS CSV CEParticipation.csv."""

    HUD_FILE = "CEParticipation.csv"
    DATE_ORDER = (("ce_participation_status_start_date", "ce_participation_status_end_date"),)

    project = models.ForeignKey("directory.Project", on_delete=models.PROTECT, related_name="ce_participations")
    access_point = CodeField(_("access point"), hud_list="1.10", hud_element="2.09.1")
    prevention_assessment = CodeField(
        _("prevention assessment"), hud_list="1.10", null=True, blank=True, hud_element="2.09.A"
    )
    crisis_assessment = CodeField(_("crisis assessment"), hud_list="1.10", null=True, blank=True, hud_element="2.09.A")
    housing_assessment = CodeField(
        _("housing assessment"), hud_list="1.10", null=True, blank=True, hud_element="2.09.A"
    )
    direct_services = CodeField(_("direct services"), hud_list="1.10", null=True, blank=True, hud_element="2.09.A")
    receives_referrals = CodeField(_("receives referrals"), hud_list="1.10", hud_element="2.09.2")
    ce_participation_status_start_date = HudDateField(_("CE participation status start date"), hud_element="2.09.3")
    ce_participation_status_end_date = HudDateField(
        _("CE participation status end date"), null=True, blank=True, hud_element="2.09.4"
    )

    class Meta(HudRecord.Meta):
        constraints = [
            *HudRecord.Meta.constraints,
            *code_constraints("CEParticipation.csv"),
        ]
