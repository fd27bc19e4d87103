"""client_create / client_update: HUD's rules for 3.01-3.07 and 4.21, stamping, audit, duplicate keys."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hearth.clients import services
from hearth.clients.models import Client
from hearth.core.models import AuditEvent


def fields(**overrides):
    """A complete, valid adult client."""
    values = {
        "first_name": "Maria",
        "middle_name": "",
        "last_name": "Lopez",
        "name_suffix": "",
        "name_data_quality": 1,
        "ssn": "123-45-6789",
        "ssn_data_quality": 1,
        "dob": date(1990, 4, 3),
        "dob_data_quality": 1,
        "hispanic_latinao": 1,
        "race_none": None,
        "additional_race_ethnicity": "",
        "sex": 0,
        "veteran_status": 0,
    }
    values.update(overrides)
    return values


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_client_create_saves_stamps_audits_and_keys_the_client(personas):
    from hearth.dedup.models import ClientKey

    client = services.client_create(acting_user=personas.alice, owner_org=personas.agency_a, **fields())

    client.refresh_from_db()
    assert client.ssn == "123456789"
    assert client.owner_org == personas.agency_a
    assert client.created_by == personas.alice and client.updated_by == personas.alice
    assert client.hud_user is not None and client.hud_user.login == personas.alice
    assert (client.asian, client.white, client.hispanic_latinao) == (0, 0, 1)
    assert AuditEvent.objects.filter(action="create", object_type="clients.Client", object_id=str(client.pk)).exists()
    assert ClientKey.objects.filter(client_id=client.pk).exists()


def test_client_create_refuses_an_organization_the_user_does_not_belong_to(personas):
    with pytest.raises(PermissionDenied):
        services.client_create(acting_user=personas.alice, owner_org=personas.agency_b, **fields())
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"dob": timezone.localdate() + timedelta(days=1)}, "dob", "3.03 Date of birth: cannot be in the future"),
        ({"dob": date(1900, 1, 1)}, "dob", "3.03 Date of birth: cannot be before 1915"),
        ({"dob": None}, "dob", "3.03 Date of birth: 'Full DOB reported'"),
        ({"dob_data_quality": 99}, "dob_data_quality", "3.03 Date of birth: a date is filled in"),
        ({"ssn": "1234"}, "ssn", "3.02 Social Security Number: 'Full SSN reported' needs all 9 digits"),
        ({"ssn": "000-12-3456"}, "ssn", "is not a number Social Security issues"),
        ({"ssn_data_quality": 2, "ssn": ""}, "ssn", "an approximate or partial SSN needs the digits"),
        ({"ssn_data_quality": 9}, "ssn_data_quality", "3.02 Social Security Number: an SSN is filled in"),
        ({"first_name": ""}, "name_data_quality", "3.01 Name: 'Full name reported' needs both"),
        ({"first_name": "", "last_name": "", "name_data_quality": 2}, "first_name", "3.01 Name: a partial"),
        ({"name_data_quality": 8}, "name_data_quality", "3.01 Name: a name is filled in"),
        ({"hispanic_latinao": 0}, "race_none", "3.04 Race and ethnicity: choose at least one"),
        ({"race_none": 9}, "race_none", "3.04 Race and ethnicity: a category is chosen"),
        ({"sex": None}, "sex", "4.21 Sex"),
        ({"veteran_status": None}, "veteran_status", "3.07 Veteran status: required for adults"),
        (
            {"dob": date.today().replace(year=date.today().year - 10), "veteran_status": 1},
            "veteran_status",
            "3.07 Veteran status: a client under 18 cannot be a veteran",
        ),
    ],
)
def test_hud_rules_are_refused_with_a_message_citing_the_element(personas, overrides, field, text):
    with pytest.raises(ValidationError) as excinfo:
        services.client_create(acting_user=personas.alice, owner_org=personas.agency_a, **fields(**overrides))
    messages = errors_of(excinfo)
    assert field in messages, messages
    assert any(text in message for message in messages[field]), messages[field]
    assert not Client.objects.exists()


def test_valid_missing_answers_are_accepted(personas):
    client = services.client_create(
        acting_user=personas.alice,
        owner_org=personas.agency_a,
        **fields(
            first_name="",
            last_name="",
            name_data_quality=9,
            ssn="",
            ssn_data_quality=8,
            dob=None,
            dob_data_quality=99,
            hispanic_latinao=0,
            race_none=8,
            sex=99,
            veteran_status=9,
        ),
    )
    assert (client.name_data_quality, client.ssn_data_quality, client.dob_data_quality) == (9, 8, 99)
    assert client.race_none == 8


def test_a_partial_ssn_and_a_childs_veteran_status_default(personas):
    child_dob = timezone.localdate().replace(year=timezone.localdate().year - 5)
    client = services.client_create(
        acting_user=personas.alice,
        owner_org=personas.agency_a,
        **fields(ssn="xxxxx6789", ssn_data_quality=2, dob=child_dob, veteran_status=None),
    )
    assert client.ssn == "xxxxx6789"
    assert client.veteran_status == 99  # 3.07 is collected for adults only


def test_client_update_changes_fields_audits_and_leaves_unchanged_records_alone(personas):
    client = services.client_create(acting_user=personas.alice, owner_org=personas.agency_a, **fields())
    before = AuditEvent.objects.count()

    services.client_update(client=client, acting_user=personas.dana, **fields())
    assert AuditEvent.objects.count() == before  # nothing changed, nothing written

    services.client_update(client=client, acting_user=personas.dana, **fields(last_name="Lopez-Garcia"))
    client.refresh_from_db()
    assert client.last_name == "Lopez-Garcia" and client.updated_by == personas.dana
    event = AuditEvent.objects.filter(action="update", object_id=str(client.pk)).get()
    assert event.detail["fields"] == ["last_name"]


def test_client_update_with_an_error_saves_nothing(personas):
    client = services.client_create(acting_user=personas.alice, owner_org=personas.agency_a, **fields())
    with pytest.raises(ValidationError):
        services.client_update(client=client, acting_user=personas.alice, **fields(last_name="X", dob_data_quality=8))
    client.refresh_from_db()
    assert client.last_name == "Lopez"


def test_unknown_fields_are_a_programming_error(personas):
    with pytest.raises(TypeError):
        services.client_create(acting_user=personas.alice, owner_org=personas.agency_a, **fields(hud_id="x"))


@pytest.mark.parametrize(
    ("ssn", "valid"),
    [
        ("123456789", True),
        ("000123456", False),
        ("666123456", False),
        ("912345678", False),
        ("123006789", False),
        ("123450000", False),
        ("111111111", False),
        ("12345678", False),
    ],
)
def test_is_valid_ssn(ssn, valid):
    assert services.is_valid_ssn(ssn) is valid


def test_age_on():
    assert services.age_on(date(1990, 4, 3), date(2026, 4, 2)) == 35
    assert services.age_on(date(1990, 4, 3), date(2026, 4, 3)) == 36
    assert services.age_on(None, date(2026, 4, 3)) is None
