"""Clients: HMIS CSV Client.csv, the universal identifying elements (3.01-3.07)."""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.crypto import EncryptedSsnField, SealedDigest, SealedLastFour
from hearth.core.fields import (
    CodeField,
    HudCharField,
    HudDateField,
    HudIntegerField,
)
from hearth.core.models import HudRecord, code_constraints


class SsnLastFour(models.Func):
    """The last four digits of a nine-character plain SSN (3.02.1): only migration 0003 uses it (the SSN is now
    stored encrypted; see ``hearth.core.crypto``).

    The positions are literals in the SQL (not parameters) so that the database can match a query to the index on
    this same expression.
    """

    function = "SUBSTR"
    template = "%(function)s(%(expressions)s, 6, 4)"
    output_field = models.CharField(max_length=4)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="SUBSTRING", **extra)


class Client(HudRecord):
    """HMIS CSV Client.csv."""

    HUD_FILE = "Client.csv"

    first_name = HudCharField(_("first name"), max_length=50, blank=True, hud_element="3.01.1")
    middle_name = HudCharField(_("middle name"), max_length=50, blank=True, hud_element="3.01.2")
    last_name = HudCharField(_("last name"), max_length=50, blank=True, hud_element="3.01.3")
    name_suffix = HudCharField(_("name suffix"), max_length=50, blank=True, hud_element="3.01.4")
    name_data_quality = CodeField(_("name data quality"), hud_list="3.01.5", hud_element="3.01.5")
    # Encrypted at rest, plain text in Python; queried with ``ssn=`` (keyed digest) or ``ssn__last4=`` (core.crypto).
    ssn = EncryptedSsnField(_("SSN"), hud_pattern=r"^[0-9xX]{9}$", blank=True, hud_element="3.02.1")
    ssn_data_quality = CodeField(_("SSN data quality"), hud_list="3.02.2", hud_element="3.02.2")
    dob = HudDateField(_("date of birth"), null=True, blank=True, hud_element="3.03.1")
    dob_data_quality = CodeField(_("DOB data quality"), hud_list="3.03.2", hud_element="3.03.2")
    sex = CodeField(_("sex"), hud_list="4.21", null=True, blank=True, hud_element="4.21")
    am_ind_ak_native = CodeField(
        _("American Indian, Alaska Native, or Indigenous"), hud_list="1.10", hud_element="3.04.1"
    )
    asian = CodeField(_("Asian or Asian American"), hud_list="1.10", hud_element="3.04.1")
    black_af_american = CodeField(_("Black, African American, or African"), hud_list="1.10", hud_element="3.04.1")
    hispanic_latinao = CodeField(_("Hispanic/Latina/e/o"), hud_list="1.10", hud_element="3.04.1")
    mid_east_n_african = CodeField(_("Middle Eastern or North African"), hud_list="1.10", hud_element="3.04.1")
    native_hi_pacific = CodeField(_("Native Hawaiian or Pacific Islander"), hud_list="1.10", hud_element="3.04.1")
    white = CodeField(_("White"), hud_list="1.10", hud_element="3.04.1")
    race_none = CodeField(
        _("race and ethnicity not given"), hud_list="1.6", null=True, blank=True, hud_element="3.04.1"
    )
    additional_race_ethnicity = HudCharField(
        _("additional race and ethnicity detail"), max_length=100, blank=True, hud_element="3.04.2"
    )
    veteran_status = CodeField(_("veteran status"), hud_list="1.8", hud_element="3.07.1")
    year_entered_service = HudIntegerField(
        _("year entered service"), validators=[MinValueValidator(1920)], null=True, blank=True, hud_element="V1.1"
    )
    year_separated = HudIntegerField(
        _("year separated"), validators=[MinValueValidator(1920)], null=True, blank=True, hud_element="V1.2"
    )
    world_war_ii = CodeField(_("World War II"), hud_list="1.8", null=True, blank=True, hud_element="V1.3")
    korean_war = CodeField(_("Korean War"), hud_list="1.8", null=True, blank=True, hud_element="V1.4")
    vietnam_war = CodeField(_("Vietnam War"), hud_list="1.8", null=True, blank=True, hud_element="V1.5")
    desert_storm = CodeField(
        _("Persian Gulf War (Operation Desert Storm)"), hud_list="1.8", null=True, blank=True, hud_element="V1.6"
    )
    afghanistan_oef = CodeField(
        _("Afghanistan (Operation Enduring Freedom)"), hud_list="1.8", null=True, blank=True, hud_element="V1.7"
    )
    iraq_oif = CodeField(_("Iraq (Operation Iraqi Freedom)"), hud_list="1.8", null=True, blank=True, hud_element="V1.8")
    iraq_ond = CodeField(_("Iraq (Operation New Dawn)"), hud_list="1.8", null=True, blank=True, hud_element="V1.9")
    other_theater = CodeField(
        _("other peace-keeping operations or military interventions"),
        hud_list="1.8",
        null=True,
        blank=True,
        hud_element="V1.10",
    )
    military_branch = CodeField(_("military branch"), hud_list="V1.11", null=True, blank=True, hud_element="V1.11")
    discharge_status = CodeField(_("discharge status"), hud_list="V1.12", null=True, blank=True, hud_element="V1.12")

    class Meta(HudRecord.Meta):
        constraints = [*HudRecord.Meta.constraints, *code_constraints("Client.csv")]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="client_name_idx"),
            models.Index(fields=["dob"], name="client_dob_idx"),
            models.Index(fields=["hud_id"], name="client_hud_id_idx"),  # search by HMIS ID in any data source
            # Exact SSN and its last four (3.02.1, a search key for HUD) are parts of the stored form of the encrypted
            # SSN: indexes on those expressions, not copied columns, so bulk writes cannot leave them out of step.
            models.Index(SealedDigest("ssn"), name="client_ssn_digest_idx"),
            models.Index(SealedLastFour("ssn"), name="client_ssn_last4_v2_idx"),
        ]

    def __str__(self) -> str:
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return name or str(_("Client %(id)s") % {"id": self.hud_id})

    def get_absolute_url(self) -> str:
        return f"/clients/{self.pk}/"
