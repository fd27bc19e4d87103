"""Reads about clients that pages reuse: the universal elements with their data quality, age, household members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hearth import standards

from . import services
from .models import Client

# How complete an answer is, as the profile marks it.
COMPLETE, PARTIAL, MISSING = "complete", "partial", "missing"


@dataclass(frozen=True)
class ElementRow:
    """One universal element on the profile: its HUD number, name, value, data quality and how complete it is."""

    element: str
    label: str
    value: str
    quality: str
    status: str  # COMPLETE, PARTIAL or MISSING

    @property
    def flagged(self) -> bool:
        return self.status != COMPLETE


def client_age(client: Client, on: date | None = None) -> int | None:
    """The client's age in whole years today (or on ``on``); None without a date of birth."""
    return services.age_on(client.dob, on or timezone.localdate())


def client_name(client: Client) -> str:
    """First, middle, last name and suffix as one line."""
    parts = (client.first_name, client.middle_name, client.last_name, client.name_suffix)
    return " ".join(part for part in parts if part)


def masked_ssn(ssn: str) -> str:
    """An SSN shown as ***-**-1234 (only the last four digits), or blank without them."""
    last_four = (ssn or "")[5:9]
    return f"***-**-{last_four}" if re_digits(last_four) else ""


def formatted_ssn(ssn: str) -> str:
    """A full SSN as people write it, 123-45-6789 (other lengths as they are)."""
    return f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}" if len(ssn) == 9 else ssn


def re_digits(text: str) -> bool:
    return len(text) == 4 and text.isdigit()


def _status(quality: int | None, *, has_value: bool = True) -> str:
    if quality is None or quality in standards.MISSING_CODES or not has_value:
        return MISSING
    return PARTIAL if quality == services.PARTIAL else COMPLETE


def universal_elements(client: Client, *, today: date | None = None) -> list[ElementRow]:
    """3.01-3.07 and 4.21 as the profile shows them, each marked complete, partial or missing (8/9/99, blank)."""
    today = today or timezone.localdate()
    rows = [
        ElementRow(
            "3.01",
            _("Name"),
            client_name(client),
            client.get_name_data_quality_display(),
            _status(client.name_data_quality, has_value=bool(client.first_name or client.last_name)),
        ),
        ElementRow(
            "3.02",
            _("Social Security Number"),
            masked_ssn(client.ssn),
            client.get_ssn_data_quality_display(),
            _status(client.ssn_data_quality, has_value=bool(client.ssn)),
        ),
        ElementRow(
            "3.03",
            _("Date of birth"),
            _("%(date)s (age %(age)s)") % {"date": client.dob.isoformat(), "age": client_age(client, today)}
            if client.dob
            else "",
            client.get_dob_data_quality_display(),
            _status(client.dob_data_quality, has_value=client.dob is not None),
        ),
    ]
    races = [
        str(Client._meta.get_field(name).verbose_name)
        for name in services.RACE_FIELDS
        if getattr(client, name) == services.YES
    ]
    race_value = ", ".join(races)
    if client.additional_race_ethnicity:
        race_value = (
            f"{race_value} ({client.additional_race_ethnicity})" if race_value else client.additional_race_ethnicity
        )
    rows.append(
        ElementRow(
            "3.04",
            _("Race and ethnicity"),
            race_value,
            client.get_race_none_display() if client.race_none is not None else "",
            COMPLETE if races else MISSING,
        )
    )
    rows.append(
        ElementRow(
            "4.21",
            _("Sex"),
            client.get_sex_display() if client.sex not in standards.MISSING_CODES else "",
            client.get_sex_display() if client.sex in standards.MISSING_CODES else "",
            MISSING if client.sex is None or client.sex in standards.MISSING_CODES else COMPLETE,
        )
    )
    age = client_age(client, today)
    if age is None or age >= services.ADULT_AGE:
        vet = client.veteran_status
        rows.append(
            ElementRow(
                "3.07",
                _("Veteran status"),
                client.get_veteran_status_display() if vet in (0, 1) else "",
                client.get_veteran_status_display() if vet in standards.MISSING_CODES else "",
                COMPLETE if vet in (0, 1) else MISSING,
            )
        )
    return rows


@dataclass(frozen=True)
class HouseholdMember:
    client: Client
    relationship: str
    project_name: str
    entry_date: date
    household_id: str


def household_members(user: Any, client: Client) -> list[HouseholdMember]:
    """Other clients who share a household (5.09 HouseholdID, same project) in stays ``user`` may see."""
    from hearth.enrollments.access import visible_enrollments

    visible = visible_enrollments(user)
    households = set(visible.filter(client_id=client.pk).values_list("household_id", "project_id"))
    if not households:
        return []
    members: dict[int, HouseholdMember] = {}
    stays = (
        visible.filter(household_id__in={h for h, _p in households})
        .exclude(client_id=client.pk)
        .select_related("client", "project")
        .order_by("-entry_date", "-pk")
    )
    for stay in stays[:200]:
        if (stay.household_id, stay.project_id) not in households or stay.client_id in members:
            continue
        members[stay.client_id] = HouseholdMember(
            client=stay.client,
            relationship=stay.get_relationship_to_hoh_display(),
            project_name=stay.project.project_name,
            entry_date=stay.entry_date,
            household_id=stay.household_id,
        )
    return list(members.values())
