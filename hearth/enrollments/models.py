"""Enrollments and everything collected during a stay, one model per HMIS CSV file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth import standards
from hearth.core.fields import (
    CodeField,
    HudCharField,
    HudDateField,
    HudIntegerField,
    HudMoneyField,
    StringCodeField,
)
from hearth.core.models import HudRecord, code_constraints

# 3.12.A / 3.917.A / 4.12.A: a rental subsidy type is given only for "Rental by client, with ongoing housing subsidy".
RENTAL_WITH_SUBSIDY = 435


def clean_subsidy_type(record: HudRecord, situation_field: str, subsidy_field: str) -> None:
    situation, subsidy = getattr(record, situation_field), getattr(record, subsidy_field)
    label = record._meta.get_field(subsidy_field).verbose_name
    if situation == RENTAL_WITH_SUBSIDY and subsidy is None:
        raise ValidationError(
            {
                subsidy_field: _(
                    "%(field)s is required when the living situation is 435 (rental by "
                    "client, with ongoing housing subsidy) (HUD 3.12.A)."
                )
                % {"field": label}
            }
        )
    if situation != RENTAL_WITH_SUBSIDY and subsidy is not None:
        raise ValidationError(
            {
                subsidy_field: _(
                    "%(field)s is given only when the living situation is 435 (rental by "
                    "client, with ongoing housing subsidy) (HUD 3.12.A)."
                )
                % {"field": label}
            }
        )


class Enrollment(HudRecord):
    """HMIS CSV Enrollment.csv."""

    HUD_FILE = "Enrollment.csv"
    DATE_ORDER = (
        ("entry_date", "move_in_date"),
        ("date_to_street_essh", "entry_date"),
    )

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="enrollments")
    project = models.ForeignKey("directory.Project", on_delete=models.PROTECT, related_name="enrollments")
    entry_date = HudDateField(_("entry date"), hud_element="3.10.1")
    household_id = HudCharField(_("household ID"), max_length=32, hud_element="5.09.1")
    relationship_to_hoh = CodeField(_("relationship to HOH"), hud_list="3.15.1", hud_element="3.15.1")
    enrollment_coc = HudCharField(
        _("enrollment COC"), max_length=6, hud_pattern=r"^[a-zA-Z]{2}-[0-9]{3}$", hud_element="3.16.1"
    )
    living_situation = CodeField(
        _("living situation"),
        hud_list="3.12.1",
        hud_codes=standards.column_of("Enrollment.csv", "LivingSituation").allowed_codes(),
        null=True,
        blank=True,
        hud_element="3.917.1",
    )
    rental_subsidy_type = CodeField(
        _("rental subsidy type"), hud_list="3.12.A", null=True, blank=True, hud_element="3.917.A"
    )
    length_of_stay = CodeField(_("length of stay"), hud_list="3.917.2", null=True, blank=True, hud_element="3.917.2")
    los_under_threshold = CodeField(
        _("los under threshold"), hud_list="1.7", null=True, blank=True, hud_element="3.917.2A; 3.917.2B"
    )
    previous_street_essh = CodeField(
        _("previous street ESSH"), hud_list="1.7", null=True, blank=True, hud_element="3.917.2C"
    )
    date_to_street_essh = HudDateField(_("date to street ESSH"), null=True, blank=True, hud_element="3.917.3")
    times_homeless_past_three_years = CodeField(
        _("times homeless past three years"), hud_list="3.917.4", null=True, blank=True, hud_element="3.917.4"
    )
    months_homeless_past_three_years = CodeField(
        _("months homeless past three years"), hud_list="3.917.5", null=True, blank=True, hud_element="3.917.5"
    )
    disabling_condition = CodeField(_("disabling condition"), hud_list="1.8", hud_element="3.08")
    date_of_engagement = HudDateField(_("date of engagement"), null=True, blank=True, hud_element="4.13.1")
    move_in_date = HudDateField(_("move in date"), null=True, blank=True, hud_element="3.20.1")
    date_of_path_status = HudDateField(_("date of PATH status"), null=True, blank=True, hud_element="P3.1")
    client_enrolled_in_path = CodeField(
        _("client enrolled in PATH"), hud_list="1.7", null=True, blank=True, hud_element="P3.2"
    )
    reason_not_enrolled = CodeField(
        _("reason not enrolled"), hud_list="P3.A", null=True, blank=True, hud_element="P3.A"
    )
    percent_ami = CodeField(_("percent AMI"), hud_list="V4.1", null=True, blank=True, hud_element="V4.1")
    referral_source = CodeField(_("referral source"), hud_list="R1.1", null=True, blank=True, hud_element="R1.1")
    count_outreach_referral_approaches = HudIntegerField(
        _("count outreach referral approaches"),
        validators=[MinValueValidator(0)],
        null=True,
        blank=True,
        hud_element="R1.A",
    )
    date_of_bcp_status = HudDateField(_("date of BCP status"), null=True, blank=True, hud_element="R2.1")
    eligible_for_rhy = CodeField(_("eligible for RHY"), hud_list="1.7", null=True, blank=True, hud_element="R2.2")
    reason_no_services = CodeField(_("reason no services"), hud_list="R2.A", null=True, blank=True, hud_element="R2.A")
    runaway_youth = CodeField(_("runaway youth"), hud_list="1.8", null=True, blank=True, hud_element="R2.B")
    former_ward_child_welfare = CodeField(
        _("former ward child welfare"), hud_list="1.8", null=True, blank=True, hud_element="R11.1"
    )
    child_welfare_years = CodeField(
        _("child welfare years"), hud_list="R11.A", null=True, blank=True, hud_element="R11.A"
    )
    child_welfare_months = HudIntegerField(
        _("child welfare months"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="R11.B"
    )
    former_ward_juvenile_justice = CodeField(
        _("former ward juvenile justice"), hud_list="1.8", null=True, blank=True, hud_element="R12.1"
    )
    juvenile_justice_years = CodeField(
        _("juvenile justice years"), hud_list="R11.A", null=True, blank=True, hud_element="R12.A"
    )
    juvenile_justice_months = HudIntegerField(
        _("juvenile justice months"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="R12.B"
    )
    unemployment_fam = CodeField(_("unemployment fam"), hud_list="1.8", null=True, blank=True, hud_element="R13.9")
    mental_health_disorder_fam = CodeField(
        _("mental health disorder fam"), hud_list="1.8", null=True, blank=True, hud_element="R13.11"
    )
    physical_disability_fam = CodeField(
        _("physical disability fam"), hud_list="1.8", null=True, blank=True, hud_element="R13.15"
    )
    alcohol_drug_use_disorder_fam = CodeField(
        _("alcohol drug use disorder fam"), hud_list="1.8", null=True, blank=True, hud_element="R13.21"
    )
    insufficient_income = CodeField(
        _("insufficient income"), hud_list="1.8", null=True, blank=True, hud_element="R13.22"
    )
    incarcerated_parent = CodeField(
        _("incarcerated parent"), hud_list="1.8", null=True, blank=True, hud_element="R13.24"
    )
    vamc_station = StringCodeField(
        _("VAMC station"), hud_list="V6.1", max_length=5, null=True, blank=True, hud_element="V6.1"
    )
    target_screen_reqd = CodeField(_("target screen reqd"), hud_list="1.7", null=True, blank=True, hud_element="V7.1")
    time_to_housing_loss = CodeField(
        _("time to housing loss"), hud_list="V7.A", null=True, blank=True, hud_element="V7.A"
    )
    annual_percent_ami = CodeField(_("annual percent AMI"), hud_list="V7.B", null=True, blank=True, hud_element="V7.B")
    literal_homeless_history = CodeField(
        _("literal homeless history"), hud_list="V7.C", null=True, blank=True, hud_element="V7.C"
    )
    client_leaseholder = CodeField(_("client leaseholder"), hud_list="1.7", null=True, blank=True, hud_element="V7.D")
    hoh_leaseholder = CodeField(_("HOH leaseholder"), hud_list="1.7", null=True, blank=True, hud_element="V7.E")
    subsidy_at_risk = CodeField(_("subsidy at risk"), hud_list="1.7", null=True, blank=True, hud_element="V7.F")
    eviction_history = CodeField(_("eviction history"), hud_list="V7.G", null=True, blank=True, hud_element="V7.G")
    criminal_record = CodeField(_("criminal record"), hud_list="1.7", null=True, blank=True, hud_element="V7.H")
    incarcerated_adult = CodeField(_("incarcerated adult"), hud_list="V7.I", null=True, blank=True, hud_element="V7.I")
    prison_discharge = CodeField(_("prison discharge"), hud_list="1.7", null=True, blank=True, hud_element="V7.J")
    sex_offender = CodeField(_("sex offender"), hud_list="1.7", null=True, blank=True, hud_element="V7.K")
    disabled_hoh = CodeField(_("disabled HOH"), hud_list="1.7", null=True, blank=True, hud_element="V7.L")
    current_pregnant = CodeField(_("current pregnant"), hud_list="1.7", null=True, blank=True, hud_element="V7.M")
    single_parent = CodeField(_("single parent"), hud_list="1.7", null=True, blank=True, hud_element="V7.N")
    dependent_under6 = CodeField(_("dependent under6"), hud_list="V7.O", null=True, blank=True, hud_element="V7.O")
    hh5_plus = CodeField(_("hh5 plus"), hud_list="1.7", null=True, blank=True, hud_element="V7.P")
    coc_prioritized = CodeField(_("COC prioritized"), hud_list="1.7", null=True, blank=True, hud_element="V7.Q")
    hp_screening_score = HudIntegerField(
        _("HP screening score"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="V7.R"
    )
    threshold_score = HudIntegerField(
        _("threshold score"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="V7.S"
    )
    mental_health_consultation = CodeField(
        _("mental health consultation"), hud_list="V10", null=True, blank=True, hud_element="V10"
    )

    class Meta(HudRecord.Meta):
        constraints = [
            *HudRecord.Meta.constraints,
            *code_constraints("Enrollment.csv"),
        ]
        indexes = [
            models.Index(fields=["client", "entry_date"], name="enrollment_client_idx"),
            models.Index(fields=["project", "entry_date"], name="enrollment_project_idx"),
            models.Index(fields=["household_id"], name="enrollment_household_idx"),
            # The access funnel's "enrolled in one of my agency's projects" test, once per candidate client.
            models.Index(
                fields=["client", "project"],
                condition=models.Q(date_deleted__isnull=True),
                name="enrollment_client_project_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} in {self.project} from {self.entry_date}"

    def clean(self) -> None:
        super().clean()
        clean_subsidy_type(self, "living_situation", "rental_subsidy_type")


class Exit(HudRecord):
    """HMIS CSV Exit.csv."""

    HUD_FILE = "Exit.csv"

    enrollment = models.OneToOneField("enrollments.Enrollment", on_delete=models.PROTECT, related_name="exit")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="exits")
    exit_date = HudDateField(_("exit date"), hud_element="3.11.1")
    destination = CodeField(
        _("destination"),
        hud_list="3.12.1",
        hud_codes=standards.column_of("Exit.csv", "Destination").allowed_codes(),
        hud_element="3.12.1",
    )
    destination_subsidy_type = CodeField(
        _("destination subsidy type"), hud_list="3.12.A", null=True, blank=True, hud_element="3.12.A"
    )
    other_destination = HudCharField(_("other destination"), max_length=50, blank=True, hud_element="3.12.B")
    housing_assessment = CodeField(_("housing assessment"), hud_list="W5.1", null=True, blank=True, hud_element="W5.1")
    subsidy_information = CodeField(
        _("subsidy information"), hud_list="W5.A-B", null=True, blank=True, hud_element="W5.A; W5.B"
    )
    project_completion_status = CodeField(
        _("project completion status"), hud_list="R17.1", null=True, blank=True, hud_element="R17.1"
    )
    early_exit_reason = CodeField(_("early exit reason"), hud_list="R17.A", null=True, blank=True, hud_element="R17.A")
    exchange_for_sex = CodeField(_("exchange for sex"), hud_list="1.8", null=True, blank=True, hud_element="R15.1")
    exchange_for_sex_past_three_months = CodeField(
        _("exchange for sex past three months"), hud_list="1.8", null=True, blank=True, hud_element="R15.A"
    )
    count_of_exchange_for_sex = CodeField(
        _("count of exchange for sex"), hud_list="R15.B", null=True, blank=True, hud_element="R15.B"
    )
    asked_or_forced_to_exchange_for_sex = CodeField(
        _("asked or forced to exchange for sex"), hud_list="1.8", null=True, blank=True, hud_element="R15.C"
    )
    asked_or_forced_to_exchange_for_sex_past_three_months = CodeField(
        _("asked or forced to exchange for sex past three months"),
        hud_list="1.8",
        null=True,
        blank=True,
        hud_element="R15.D",
    )
    workplace_violence_threats = CodeField(
        _("workplace violence threats"), hud_list="1.8", null=True, blank=True, hud_element="R16.1"
    )
    workplace_promise_difference = CodeField(
        _("workplace promise difference"), hud_list="1.8", null=True, blank=True, hud_element="R16.2"
    )
    coerced_to_continue_work = CodeField(
        _("coerced to continue work"), hud_list="1.8", null=True, blank=True, hud_element="R16.A"
    )
    labor_exploit_past_three_months = CodeField(
        _("labor exploit past three months"), hud_list="1.8", null=True, blank=True, hud_element="R16.B"
    )
    counseling_received = CodeField(
        _("counseling received"), hud_list="1.10", null=True, blank=True, hud_element="R18.1"
    )
    individual_counseling = CodeField(
        _("individual counseling"), hud_list="1.7", null=True, blank=True, hud_element="R18.A"
    )
    family_counseling = CodeField(_("family counseling"), hud_list="1.7", null=True, blank=True, hud_element="R18.A")
    group_counseling = CodeField(_("group counseling"), hud_list="1.7", null=True, blank=True, hud_element="R18.A")
    session_count_at_exit = HudIntegerField(_("session count at exit"), null=True, blank=True, hud_element="R18.B")
    post_exit_counseling_plan = CodeField(
        _("post exit counseling plan"), hud_list="1.10", null=True, blank=True, hud_element="R18.3"
    )
    sessions_in_plan = HudIntegerField(_("sessions in plan"), null=True, blank=True, hud_element="R18.2")
    destination_safe_client = CodeField(
        _("destination safe client"), hud_list="1.8", null=True, blank=True, hud_element="R19.1"
    )
    destination_safe_worker = CodeField(
        _("destination safe worker"), hud_list="R19.A", null=True, blank=True, hud_element="R19.2"
    )
    pos_adult_connections = CodeField(
        _("pos adult connections"), hud_list="R19.A", null=True, blank=True, hud_element="R19.3"
    )
    pos_peer_connections = CodeField(
        _("pos peer connections"), hud_list="R19.A", null=True, blank=True, hud_element="R19.4"
    )
    pos_community_connections = CodeField(
        _("pos community connections"), hud_list="R19.A", null=True, blank=True, hud_element="R19.5"
    )
    aftercare_date = HudDateField(_("aftercare date"), null=True, blank=True, hud_element="R20.1")
    aftercare_provided = CodeField(
        _("aftercare provided"), hud_list="R20.2", null=True, blank=True, hud_element="R20.2"
    )
    email_social_media = CodeField(_("email social media"), hud_list="1.10", null=True, blank=True, hud_element="R20.A")
    telephone = CodeField(_("telephone"), hud_list="1.10", null=True, blank=True, hud_element="R20.A")
    in_person_individual = CodeField(
        _("in person individual"), hud_list="1.10", null=True, blank=True, hud_element="R20.A"
    )
    in_person_group = CodeField(_("in person group"), hud_list="1.10", null=True, blank=True, hud_element="R20.A")
    cm_exit_reason = CodeField(_("cm exit reason"), hud_list="V9.1", null=True, blank=True, hud_element="V9.1")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("Exit.csv")]

    def __str__(self) -> str:
        return f"exit of {self.enrollment} on {self.exit_date}"

    def clean(self) -> None:
        super().clean()
        clean_subsidy_type(self, "destination", "destination_subsidy_type")
        # 3.11 Project Exit Date: an exit may not come before its project start (3.10).
        enrollment = Enrollment.objects.filter(pk=self.enrollment_id).only("entry_date").first()
        if enrollment and self.exit_date and self.exit_date < enrollment.entry_date:
            raise ValidationError(
                {
                    "exit_date": _(
                        "Exit date %(exit)s is before the project start date %(entry)s (HUD 3.11: an exit may "
                        "not come before the project start)."
                    )
                    % {"exit": self.exit_date, "entry": enrollment.entry_date}
                }
            )


class IncomeBenefits(HudRecord):
    """HMIS CSV IncomeBenefits.csv."""

    HUD_FILE = "IncomeBenefits.csv"

    enrollment = models.ForeignKey("enrollments.Enrollment", on_delete=models.PROTECT, related_name="income_benefits")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="income_benefits")
    information_date = HudDateField(
        _("information date"), hud_element="5.04 (information date of 4.02/4.03/4.04/W3/P4 in this row)"
    )
    income_from_any_source = CodeField(
        _("income from any source"), hud_list="1.8", null=True, blank=True, hud_element="4.02.2"
    )
    total_monthly_income = HudMoneyField(
        _("total monthly income"), non_negative=True, null=True, blank=True, hud_element="4.02.18"
    )
    earned = CodeField(_("earned"), hud_list="1.7", null=True, blank=True, hud_element="4.02.3")
    earned_amount = HudMoneyField(_("earned amount"), non_negative=True, null=True, blank=True, hud_element="4.02.A")
    unemployment = CodeField(_("unemployment"), hud_list="1.7", null=True, blank=True, hud_element="4.02.4")
    unemployment_amount = HudMoneyField(
        _("unemployment amount"), non_negative=True, null=True, blank=True, hud_element="4.02.B"
    )
    ssi = CodeField(_("SSI"), hud_list="1.7", null=True, blank=True, hud_element="4.02.5")
    ssi_amount = HudMoneyField(_("SSI amount"), non_negative=True, null=True, blank=True, hud_element="4.02.C")
    ssdi = CodeField(_("SSDI"), hud_list="1.7", null=True, blank=True, hud_element="4.02.6")
    ssdi_amount = HudMoneyField(_("SSDI amount"), non_negative=True, null=True, blank=True, hud_element="4.02.D")
    va_disability_service = CodeField(
        _("VA disability service"), hud_list="1.7", null=True, blank=True, hud_element="4.02.7"
    )
    va_disability_service_amount = HudMoneyField(
        _("VA disability service amount"), non_negative=True, null=True, blank=True, hud_element="4.02.E"
    )
    va_disability_non_service = CodeField(
        _("VA disability non service"), hud_list="1.7", null=True, blank=True, hud_element="4.02.8"
    )
    va_disability_non_service_amount = HudMoneyField(
        _("VA disability non service amount"), non_negative=True, null=True, blank=True, hud_element="4.02.F"
    )
    private_disability = CodeField(_("private disability"), hud_list="1.7", null=True, blank=True, hud_element="4.02.9")
    private_disability_amount = HudMoneyField(
        _("private disability amount"), non_negative=True, null=True, blank=True, hud_element="4.02.G"
    )
    workers_comp = CodeField(_("workers comp"), hud_list="1.7", null=True, blank=True, hud_element="4.02.10")
    workers_comp_amount = HudMoneyField(
        _("workers comp amount"), non_negative=True, null=True, blank=True, hud_element="4.02.H"
    )
    tanf = CodeField(_("TANF"), hud_list="1.7", null=True, blank=True, hud_element="4.02.11")
    tanf_amount = HudMoneyField(_("TANF amount"), non_negative=True, null=True, blank=True, hud_element="4.02.I")
    ga = CodeField(_("GA"), hud_list="1.7", null=True, blank=True, hud_element="4.02.12")
    ga_amount = HudMoneyField(_("GA amount"), non_negative=True, null=True, blank=True, hud_element="4.02.J")
    soc_sec_retirement = CodeField(
        _("soc sec retirement"), hud_list="1.7", null=True, blank=True, hud_element="4.02.13"
    )
    soc_sec_retirement_amount = HudMoneyField(
        _("soc sec retirement amount"), non_negative=True, null=True, blank=True, hud_element="4.02.K"
    )
    pension = CodeField(_("pension"), hud_list="1.7", null=True, blank=True, hud_element="4.02.14")
    pension_amount = HudMoneyField(_("pension amount"), non_negative=True, null=True, blank=True, hud_element="4.02.L")
    child_support = CodeField(_("child support"), hud_list="1.7", null=True, blank=True, hud_element="4.02.15")
    child_support_amount = HudMoneyField(
        _("child support amount"), non_negative=True, null=True, blank=True, hud_element="4.02.M"
    )
    alimony = CodeField(_("alimony"), hud_list="1.7", null=True, blank=True, hud_element="4.02.16")
    alimony_amount = HudMoneyField(_("alimony amount"), non_negative=True, null=True, blank=True, hud_element="4.02.N")
    other_income_source = CodeField(
        _("other income source"), hud_list="1.7", null=True, blank=True, hud_element="4.02.17"
    )
    other_income_amount = HudMoneyField(
        _("other income amount"), non_negative=True, null=True, blank=True, hud_element="4.02.O"
    )
    other_income_source_identify = HudCharField(
        _("other income source identify"), max_length=50, blank=True, hud_element="4.02.P"
    )
    benefits_from_any_source = CodeField(
        _("benefits from any source"), hud_list="1.8", null=True, blank=True, hud_element="4.03.2"
    )
    snap = CodeField(_("SNAP"), hud_list="1.7", null=True, blank=True, hud_element="4.03.3")
    wic = CodeField(_("WIC"), hud_list="1.7", null=True, blank=True, hud_element="4.03.4")
    tanf_child_care = CodeField(_("TANF child care"), hud_list="1.7", null=True, blank=True, hud_element="4.03.5")
    tanf_transportation = CodeField(
        _("TANF transportation"), hud_list="1.7", null=True, blank=True, hud_element="4.03.6"
    )
    other_tanf = CodeField(_("other TANF"), hud_list="1.7", null=True, blank=True, hud_element="4.03.7")
    other_benefits_source = CodeField(
        _("other benefits source"), hud_list="1.7", null=True, blank=True, hud_element="4.03.8"
    )
    other_benefits_source_identify = HudCharField(
        _("other benefits source identify"), max_length=50, blank=True, hud_element="4.03.A"
    )
    insurance_from_any_source = CodeField(
        _("insurance from any source"), hud_list="1.8", null=True, blank=True, hud_element="4.04.2"
    )
    medicaid = CodeField(_("medicaid"), hud_list="1.7", null=True, blank=True, hud_element="4.04.3")
    no_medicaid_reason = CodeField(
        _("no medicaid reason"), hud_list="4.04.A", null=True, blank=True, hud_element="4.04.3A"
    )
    medicare = CodeField(_("medicare"), hud_list="1.7", null=True, blank=True, hud_element="4.04.4")
    no_medicare_reason = CodeField(
        _("no medicare reason"), hud_list="4.04.A", null=True, blank=True, hud_element="4.04.4A"
    )
    schip = CodeField(_("SCHIP"), hud_list="1.7", null=True, blank=True, hud_element="4.04.5")
    no_schip_reason = CodeField(_("no SCHIP reason"), hud_list="4.04.A", null=True, blank=True, hud_element="4.04.5A")
    vha_services = CodeField(_("VHA services"), hud_list="1.7", null=True, blank=True, hud_element="4.04.6")
    no_vha_reason = CodeField(_("no VHA reason"), hud_list="4.04.A", null=True, blank=True, hud_element="4.04.6A")
    employer_provided = CodeField(_("employer provided"), hud_list="1.7", null=True, blank=True, hud_element="4.04.7")
    no_employer_provided_reason = CodeField(
        _("no employer provided reason"), hud_list="4.04.A", null=True, blank=True, hud_element="4.04.7A"
    )
    cobra = CodeField(_("COBRA"), hud_list="1.7", null=True, blank=True, hud_element="4.04.8")
    no_cobra_reason = CodeField(_("no COBRA reason"), hud_list="4.04.A", null=True, blank=True, hud_element="4.04.8A")
    private_pay = CodeField(_("private pay"), hud_list="1.7", null=True, blank=True, hud_element="4.04.9")
    no_private_pay_reason = CodeField(
        _("no private pay reason"), hud_list="4.04.A", null=True, blank=True, hud_element="4.04.9A"
    )
    state_health_ins = CodeField(_("state health ins"), hud_list="1.7", null=True, blank=True, hud_element="4.04.10")
    no_state_health_ins_reason = CodeField(
        _("no state health ins reason"), hud_list="4.04.A", null=True, blank=True, hud_element="4.04.10A"
    )
    indian_health_services = CodeField(
        _("indian health services"), hud_list="1.7", null=True, blank=True, hud_element="4.04.11"
    )
    no_indian_health_services_reason = CodeField(
        _("no indian health services reason"), hud_list="4.04.A", null=True, blank=True, hud_element="4.04.11A"
    )
    other_insurance = CodeField(_("other insurance"), hud_list="1.7", null=True, blank=True, hud_element="4.04.12")
    other_insurance_identify = HudCharField(
        _("other insurance identify"), max_length=50, blank=True, hud_element="4.04.12A"
    )
    adap = CodeField(_("ADAP"), hud_list="1.8", null=True, blank=True, hud_element="W3.3")
    no_adap_reason = CodeField(_("no ADAP reason"), hud_list="W3", null=True, blank=True, hud_element="W3.B")
    ryan_white_med_dent = CodeField(_("ryan white med dent"), hud_list="1.8", null=True, blank=True, hud_element="W3.4")
    no_ryan_white_reason = CodeField(
        _("no ryan white reason"), hud_list="W3", null=True, blank=True, hud_element="W3.C"
    )
    connection_with_soar = CodeField(
        _("connection with SOAR"), hud_list="1.8", null=True, blank=True, hud_element="P4.1"
    )
    data_collection_stage = CodeField(_("data collection stage"), hud_list="5.03.1", hud_element="5.03")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("IncomeBenefits.csv")]


class HealthAndDV(HudRecord):
    """HMIS CSV HealthAndDV.csv."""

    HUD_FILE = "HealthAndDV.csv"

    enrollment = models.ForeignKey("enrollments.Enrollment", on_delete=models.PROTECT, related_name="health_and_dv")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="health_and_dv")
    information_date = HudDateField(_("information date"), hud_element="4.11.1")
    domestic_violence_survivor = CodeField(
        _("domestic violence survivor"), hud_list="1.8", null=True, blank=True, hud_element="4.11.2"
    )
    when_occurred = CodeField(_("when occurred"), hud_list="4.11.A", null=True, blank=True, hud_element="4.11.A")
    currently_fleeing = CodeField(_("currently fleeing"), hud_list="1.8", null=True, blank=True, hud_element="4.11.B")
    general_health_status = CodeField(
        _("general health status"), hud_list="R7.1", null=True, blank=True, hud_element="R7.1"
    )
    dental_health_status = CodeField(
        _("dental health status"), hud_list="R7.1", null=True, blank=True, hud_element="R8.1"
    )
    mental_health_status = CodeField(
        _("mental health status"), hud_list="R7.1", null=True, blank=True, hud_element="R9.1"
    )
    pregnancy_status = CodeField(_("pregnancy status"), hud_list="1.8", null=True, blank=True, hud_element="R10.1")
    due_date = HudDateField(_("due date"), null=True, blank=True, hud_element="R10.A")
    data_collection_stage = CodeField(_("data collection stage"), hud_list="5.03.1", hud_element="5.03")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("HealthAndDV.csv")]


class EmploymentEducation(HudRecord):
    """HMIS CSV EmploymentEducation.csv."""

    HUD_FILE = "EmploymentEducation.csv"

    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="employment_education"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="employment_education")
    information_date = HudDateField(_("information date"), hud_element="R6.1")
    last_grade_completed = CodeField(
        _("last grade completed"), hud_list="R4.1", null=True, blank=True, hud_element="R4.1"
    )
    school_status = CodeField(_("school status"), hud_list="R5.1", null=True, blank=True, hud_element="R5.1")
    employed = CodeField(_("employed"), hud_list="1.8", null=True, blank=True, hud_element="R6.2")
    employment_type = CodeField(_("employment type"), hud_list="R6.A", null=True, blank=True, hud_element="R6.A")
    not_employed_reason = CodeField(
        _("not employed reason"), hud_list="R6.B", null=True, blank=True, hud_element="R6.B"
    )
    data_collection_stage = CodeField(_("data collection stage"), hud_list="5.03.1", hud_element="5.03")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("EmploymentEducation.csv")]


class Disability(HudRecord):
    """HMIS CSV Disabilities.csv."""

    HUD_FILE = "Disabilities.csv"

    enrollment = models.ForeignKey("enrollments.Enrollment", on_delete=models.PROTECT, related_name="disabilities")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="disabilities")
    information_date = HudDateField(
        _("information date"), hud_element="5.04 (information date of 4.05-4.10/W4/W6 in this row)"
    )
    disability_type = CodeField(
        _("disability type"), hud_list="1.3", hud_element="4.05-4.10 (which element the row carries)"
    )
    disability_response = CodeField(
        _("disability response"),
        hud_codes=standards.column_of("Disabilities.csv", "DisabilityResponse").allowed_codes(),
        hud_element="4.05.2 / 4.06.2 / 4.07.2 / 4.08.2 / 4.09.2 / 4.10.2 (per DisabilityType)",
    )
    indefinite_and_impairs = CodeField(
        _("indefinite and impairs"),
        hud_list="1.8",
        null=True,
        blank=True,
        hud_element="4.05.A / 4.06.A / 4.07.A / 4.09.A / 4.10.A (per DisabilityType)",
    )
    t_cell_count_available = CodeField(
        _("t cell count available"), hud_list="1.8", null=True, blank=True, hud_element="W4.2"
    )
    t_cell_count = HudIntegerField(
        _("t cell count"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="W4.A"
    )
    t_cell_source = CodeField(_("t cell source"), hud_list="W4.B", null=True, blank=True, hud_element="W4.B")
    viral_load_available = CodeField(
        _("viral load available"), hud_list="W4.3", null=True, blank=True, hud_element="W4.3"
    )
    viral_load = HudIntegerField(
        _("viral load"), validators=[MinValueValidator(0)], null=True, blank=True, hud_element="W4.C"
    )
    viral_load_source = CodeField(_("viral load source"), hud_list="W4.B", null=True, blank=True, hud_element="W4.D")
    anti_retroviral = CodeField(_("anti retroviral"), hud_list="1.8", null=True, blank=True, hud_element="W6.2")
    data_collection_stage = CodeField(_("data collection stage"), hud_list="5.03.1", hud_element="5.03")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("Disabilities.csv")]


class Service(HudRecord):
    """HMIS CSV Services.csv."""

    HUD_FILE = "Services.csv"
    DATE_ORDER = (("fa_start_date", "fa_end_date"),)

    enrollment = models.ForeignKey("enrollments.Enrollment", on_delete=models.PROTECT, related_name="services")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="services")
    date_provided = HudDateField(
        _("date provided"), hud_element="date-of-service field of the element selected by RecordType"
    )
    record_type = CodeField(
        _("record type"), hud_list="1.4", hud_element="selects element: P1, R14, W1, V2, W2, V3, P2, 4.14, V8, C2"
    )
    type_provided = CodeField(
        _("type provided"),
        hud_codes=standards.column_of("Services.csv", "TypeProvided").allowed_codes(),
        hud_element="P1.2 / R14.2 / W1.2 / V2.2 / W2.2 / V3.x / P2.2 / 4.14 / V8.x / C2.2 (per RecordType)",
    )
    other_type_provided = HudCharField(_("other type provided"), max_length=50, blank=True, hud_element="V2.D; V8.A")
    moving_on_other_type = HudCharField(_("moving on other type"), max_length=50, blank=True, hud_element="C2.A")
    sub_type_provided = CodeField(
        _("sub type provided"),
        hud_codes=standards.column_of("Services.csv", "SubTypeProvided").allowed_codes(),
        null=True,
        blank=True,
        hud_element="V2.A; V2.B; V2.C",
    )
    fa_amount = HudMoneyField(_("FA amount"), null=True, blank=True, hud_element="W2; V3.2")
    fa_start_date = HudDateField(_("FA start date"), null=True, blank=True, hud_element="V3.1")
    fa_end_date = HudDateField(_("FA end date"), null=True, blank=True, hud_element="V3.4")
    referral_outcome = CodeField(_("referral outcome"), hud_list="P2.A", null=True, blank=True, hud_element="P2")

    class Meta(HudRecord.Meta):
        constraints = [
            *HudRecord.Meta.constraints,
            *code_constraints("Services.csv"),
        ]
        indexes = [
            models.Index(fields=["enrollment", "date_provided"], name="service_enrollment_idx"),
            models.Index(fields=["record_type", "date_provided"], name="service_type_idx"),
        ]


class CurrentLivingSituation(HudRecord):
    """HMIS CSV CurrentLivingSituation.csv."""

    HUD_FILE = "CurrentLivingSituation.csv"

    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="current_living_situations"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="current_living_situations")
    information_date = HudDateField(_("information date"), hud_element="4.12.1")
    current_living_situation = CodeField(
        _("current living situation"),
        hud_list="3.12.1",
        hud_codes=standards.column_of("CurrentLivingSituation.csv", "CurrentLivingSituation").allowed_codes(),
        hud_element="4.12.2",
    )
    cls_subsidy_type = CodeField(_("CLS subsidy type"), hud_list="3.12.A", null=True, blank=True, hud_element="4.12.A")
    verified_by = HudCharField(_("verified by"), max_length=200, blank=True, hud_element="4.12.3")
    leave_situation14_days = CodeField(
        _("leave situation14 days"), hud_list="1.8", null=True, blank=True, hud_element="4.12.B"
    )
    subsequent_residence = CodeField(
        _("subsequent residence"), hud_list="1.8", null=True, blank=True, hud_element="4.12.C"
    )
    resources_to_obtain = CodeField(
        _("resources to obtain"), hud_list="1.8", null=True, blank=True, hud_element="4.12.D"
    )
    lease_own60_day = CodeField(_("lease own60 day"), hud_list="1.8", null=True, blank=True, hud_element="4.12.E")
    moved_two_or_more = CodeField(_("moved two or more"), hud_list="1.8", null=True, blank=True, hud_element="4.12.F")
    location_details = HudCharField(_("location details"), max_length=250, blank=True, hud_element="4.12.4")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("CurrentLivingSituation.csv")]

    def clean(self) -> None:
        super().clean()
        clean_subsidy_type(self, "current_living_situation", "cls_subsidy_type")


class Assessment(HudRecord):
    """HMIS CSV Assessment.csv."""

    HUD_FILE = "Assessment.csv"

    enrollment = models.ForeignKey("enrollments.Enrollment", on_delete=models.PROTECT, related_name="assessments")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="assessments")
    assessment_date = HudDateField(_("assessment date"), hud_element="4.19.1")
    assessment_location = HudCharField(_("assessment location"), max_length=250, hud_element="4.19.2")
    assessment_type = CodeField(_("assessment type"), hud_list="4.19.3", hud_element="4.19.3")
    assessment_level = CodeField(_("assessment level"), hud_list="4.19.4", hud_element="4.19.4")
    prioritization_status = CodeField(_("prioritization status"), hud_list="4.19.7", hud_element="4.19.7")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("Assessment.csv")]


class AssessmentQuestion(HudRecord):
    """HMIS CSV AssessmentQuestions.csv."""

    HUD_FILE = "AssessmentQuestions.csv"

    assessment = models.ForeignKey(
        "enrollments.Assessment", on_delete=models.PROTECT, related_name="assessment_questions"
    )
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="assessment_questions"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="assessment_questions")
    assessment_question_group = HudCharField(_("assessment question group"), max_length=250, blank=True)
    assessment_question_order = HudIntegerField(
        _("assessment question order"), validators=[MinValueValidator(0)], null=True, blank=True
    )
    assessment_question = HudCharField(_("assessment question"), max_length=250, hud_element="4.19.5")
    assessment_answer = HudCharField(_("assessment answer"), max_length=500, blank=True, hud_element="4.19.A")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("AssessmentQuestions.csv")]


class AssessmentResult(HudRecord):
    """HMIS CSV AssessmentResults.csv."""

    HUD_FILE = "AssessmentResults.csv"

    assessment = models.ForeignKey(
        "enrollments.Assessment", on_delete=models.PROTECT, related_name="assessment_results"
    )
    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="assessment_results"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="assessment_results")
    assessment_result_type = HudCharField(_("assessment result type"), max_length=250, hud_element="4.19.6")
    assessment_result = HudCharField(_("assessment result"), max_length=250, blank=True, hud_element="4.19.B")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("AssessmentResults.csv")]


class Event(HudRecord):
    """HMIS CSV Event.csv."""

    HUD_FILE = "Event.csv"

    enrollment = models.ForeignKey("enrollments.Enrollment", on_delete=models.PROTECT, related_name="events")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="events")
    event_date = HudDateField(_("event date"), hud_element="4.20.1")
    event = CodeField(_("event"), hud_list="4.20.2", hud_element="4.20.2")
    prob_sol_div_rr_result = CodeField(
        _("prob sol div rr result"), hud_list="1.7", null=True, blank=True, hud_element="4.20.A"
    )
    referral_case_manage_after = CodeField(
        _("referral case manage after"), hud_list="1.7", null=True, blank=True, hud_element="4.20.B"
    )
    location_crisis_or_ph_housing = HudCharField(
        _("location crisis or ph housing"), max_length=250, blank=True, hud_element="4.20.C"
    )
    referral_result = CodeField(_("referral result"), hud_list="4.20.D", null=True, blank=True, hud_element="4.20.D")
    result_date = HudDateField(_("result date"), null=True, blank=True, hud_element="4.20.E")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("Event.csv")]


class YouthEducationStatus(HudRecord):
    """HMIS CSV YouthEducationStatus.csv."""

    HUD_FILE = "YouthEducationStatus.csv"

    enrollment = models.ForeignKey(
        "enrollments.Enrollment", on_delete=models.PROTECT, related_name="youth_education_statuses"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="youth_education_statuses")
    information_date = HudDateField(_("information date"), hud_element="C3.1")
    current_school_attend = CodeField(
        _("current school attend"), hud_list="C3.2", null=True, blank=True, hud_element="C3.2"
    )
    most_recent_ed_status = CodeField(
        _("most recent ed status"), hud_list="C3.A", null=True, blank=True, hud_element="C3.A"
    )
    current_ed_status = CodeField(_("current ed status"), hud_list="C3.B", null=True, blank=True, hud_element="C3.B")
    data_collection_stage = CodeField(_("data collection stage"), hud_list="5.03.1", hud_element="5.03")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("YouthEducationStatus.csv")]


class CaseNote(models.Model):
    """A caseworker's note about a client during a stay (not an HMIS CSV record)."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="case_notes")
    enrollment = models.ForeignKey("enrollments.Enrollment", on_delete=models.PROTECT, related_name="case_notes")
    owner_org = models.ForeignKey(
        "directory.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("owning organization")
    )
    author = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="case_notes", verbose_name=_("author")
    )
    note_date = models.DateField(_("date"))
    text = models.TextField(_("note"), max_length=10000)
    date_created = models.DateTimeField(_("date created"), auto_now_add=True)
    date_deleted = models.DateTimeField(_("date deleted"), null=True, blank=True)

    class Meta:
        ordering = ["-note_date", "-pk"]
        indexes = [models.Index(fields=["enrollment", "note_date"], name="case_note_enrollment_idx")]

    def __str__(self) -> str:
        return f"note {self.pk} on {self.note_date}"


class ClientFile(models.Model):
    """A document attached to a client's stay, stored under HEARTH_FILES_DIR and served only through the funnel."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="files")
    enrollment = models.ForeignKey("enrollments.Enrollment", on_delete=models.PROTECT, related_name="files")
    owner_org = models.ForeignKey(
        "directory.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("owning organization")
    )
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="uploaded_files", verbose_name=_("uploaded by")
    )
    name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    stored_name = models.CharField(max_length=100, unique=True)  # random name on disk; never the user's name
    date_created = models.DateTimeField(_("date created"), auto_now_add=True)
    date_deleted = models.DateTimeField(_("date deleted"), null=True, blank=True)

    class Meta:
        ordering = ["-date_created", "-pk"]

    def __str__(self) -> str:
        return self.name
