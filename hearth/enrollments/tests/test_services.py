"""Services of a stay: household enrollment (all or nothing, one head), exits, annual window, notes, bed nights."""

from __future__ import annotations

from datetime import date
from typing import Any

from hearth.clients.models import Client
from hearth.enrollments.models import Enrollment

RACE_FIELDS = (
    "am_ind_ak_native",
    "asian",
    "black_af_american",
    "hispanic_latinao",
    "mid_east_n_african",
    "native_hi_pacific",
    "white",
)


def make_client(owner: Any, first: str = "Ana", last: str = "Lopez", dob: date | None = date(1990, 4, 3), **kwargs):
    """A client owned by ``owner`` with complete universal elements."""
    values: dict[str, Any] = {
        "first_name": first,
        "last_name": last,
        "name_data_quality": 1,
        "ssn": "",
        "ssn_data_quality": 99,
        "dob": dob,
        "dob_data_quality": 1 if dob else 99,
        "veteran_status": 0,
        "owner_org": owner,
        **{name: 0 for name in RACE_FIELDS},
    }
    values["white"] = 1
    values.update(kwargs)
    return Client.objects.create(**values)


def make_enrollment(client: Client, project: Any, entry: date = date(2026, 1, 5), **kwargs) -> Enrollment:
    """A bare enrollment (head of household unless told otherwise), for page and selector tests."""
    values: dict[str, Any] = {
        "client": client,
        "project": project,
        "entry_date": entry,
        "household_id": kwargs.pop("household_id", f"hh{client.pk}"),
        "relationship_to_hoh": 1,
        "enrollment_coc": "XX-500",
        "disabling_condition": 0,
        "owner_org": project.organization,
    }
    values.update(kwargs)
    return Enrollment.objects.create(**values)
