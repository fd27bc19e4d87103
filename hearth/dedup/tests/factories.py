"""Small factories for the duplicate tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from hearth.clients.models import Client
from hearth.enrollments.models import CaseNote, Enrollment

RACE_FIELDS = (
    "am_ind_ak_native",
    "asian",
    "black_af_american",
    "hispanic_latinao",
    "mid_east_n_african",
    "native_hi_pacific",
    "white",
)


def make_client(first: str = "Ana", last: str = "Lopez", dob: date | None = date(1990, 4, 3), **kwargs: Any) -> Client:
    """A client with complete universal elements (data quality 1 where a value is given)."""
    ssn = kwargs.pop("ssn", "")
    values: dict[str, Any] = {
        "first_name": first,
        "last_name": last,
        "name_data_quality": 1,
        "ssn": ssn,
        "ssn_data_quality": 1 if ssn else 99,
        "dob": dob,
        "dob_data_quality": 1 if dob else 99,
        "sex": 0,
        "veteran_status": 0,
        **{name: 0 for name in RACE_FIELDS},
    }
    values["white"] = 1
    values.update(kwargs)
    return Client.objects.create(**values)


def make_enrollment(client: Client, project: Any, entry: date = date(2026, 1, 5)) -> Enrollment:
    return Enrollment.objects.create(
        client=client,
        project=project,
        entry_date=entry,
        household_id=f"hh{client.pk}-{entry:%Y%m%d}",
        relationship_to_hoh=1,
        enrollment_coc="XX-500",
        disabling_condition=0,
        owner_org=project.organization,
    )


def make_note(enrollment: Enrollment, author: Any, text: str = "Met at the shelter.") -> CaseNote:
    return CaseNote.objects.create(
        client=enrollment.client,
        enrollment=enrollment,
        owner_org=enrollment.owner_org,
        author=author,
        note_date=enrollment.entry_date,
        text=text,
    )
