"""Writes to clients: create and change a client's universal identifying elements (3.01-3.07, 4.21).

Every service is keyword-only and atomic, validates with ``full_clean()`` plus HUD's data-quality rules (one
``ValidationError`` keyed by field, so a form shows each message next to its field), stamps who changed the record,
refreshes the duplicate-matching keys and appends an audit event in the same transaction.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import CLIENT_DATA_ROLES, HudUser
from hearth.core.audit import audit

from .models import Client

# 3.04.1 Race and ethnicity: one Yes/No column per category, in HUD's order.
RACE_FIELDS = (
    "am_ind_ak_native",
    "asian",
    "black_af_american",
    "hispanic_latinao",
    "mid_east_n_african",
    "native_hi_pacific",
    "white",
)
NAME_FIELDS = ("first_name", "middle_name", "last_name", "name_suffix")
CLIENT_FIELDS = (
    *NAME_FIELDS,
    "name_data_quality",
    "ssn",
    "ssn_data_quality",
    "dob",
    "dob_data_quality",
    *RACE_FIELDS,
    "race_none",
    "additional_race_ethnicity",
    "sex",
    "veteran_status",
)

# The audit log's name for reading a client's full SSN (its object id is the client's).
SSN_AUDIT_TYPE = "clients.Client.ssn"
# Data-quality codes shared by 3.01.5, 3.02.2 and 3.03.2.
FULL, PARTIAL = 1, 2
MISSING = (8, 9, 99)
DATA_NOT_COLLECTED = 99
YES, NO = 1, 0
ADULT_AGE = 18
# HUD's data-quality checks (APR/CAPER Q6a) treat a date of birth before 1915 as an error.
EARLIEST_DOB = date(1915, 1, 1)


def age_on(dob: date | None, day: date) -> int | None:
    """Age in whole years on ``day``."""
    if dob is None:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def normalize_ssn(value: str | None) -> str:
    """Digits (and HUD's ``x`` for unknown digits) of an SSN as typed: ``123-45-6789`` -> ``123456789``."""
    return re.sub(r"[\s\-.]", "", value or "").lower()


def is_valid_ssn(ssn: str) -> bool:
    """A nine-digit SSN that the Social Security Administration could have issued (no 000/666/9xx area, 00 group,
    0000 serial, nor all one digit): the rule HUD's data-quality checks use for 3.02."""
    if not re.fullmatch(r"\d{9}", ssn):
        return False
    area, group, serial = ssn[:3], ssn[3:5], ssn[5:]
    return not (
        area in ("000", "666") or area.startswith("9") or group == "00" or serial == "0000" or len(set(ssn)) == 1
    )


def client_errors(client: Client, *, today: date | None = None) -> dict[str, str]:
    """HUD's rules across a client's fields (3.01-3.07), in plain language naming the element."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}

    # 3.01 Name and 3.01.5 Name data quality.
    has_name = bool(client.first_name.strip() or client.last_name.strip())
    if client.name_data_quality == FULL and not (client.first_name.strip() and client.last_name.strip()):
        errors["name_data_quality"] = _(
            "3.01 Name: 'Full name reported' needs both a first and a last name; otherwise choose 'Partial, street "
            "name, or code name reported'."
        )
    elif client.name_data_quality == PARTIAL and not has_name:
        errors["first_name"] = _("3.01 Name: a partial, street or code name needs at least a first or a last name.")
    elif client.name_data_quality in MISSING and has_name:
        errors["name_data_quality"] = _(
            "3.01 Name: a name is filled in, so choose 'Full name reported' or 'Partial, street name, or code name "
            "reported'."
        )

    # 3.02 Social Security Number and 3.02.2 SSN data quality.
    ssn = client.ssn
    if client.ssn_data_quality == FULL:
        if not re.fullmatch(r"\d{9}", ssn):
            errors["ssn"] = _("3.02 Social Security Number: 'Full SSN reported' needs all 9 digits.")
        elif not is_valid_ssn(ssn):
            errors["ssn"] = _(
                "3.02 Social Security Number: %(ssn)s is not a number Social Security issues (it cannot start with "
                "000, 666 or 9, and its middle two or last four digits cannot be all zeros). Check it, or choose "
                "'Approximate or partial SSN reported'."
            ) % {"ssn": f"***-**-{ssn[5:]}"}  # masked: the message may reach someone not allowed the full SSN
    elif client.ssn_data_quality == PARTIAL:
        if not re.search(r"\d", ssn):
            errors["ssn"] = _(
                "3.02 Social Security Number: an approximate or partial SSN needs the digits you know (use x for "
                "the others, e.g. xxxxx1234)."
            )
    elif client.ssn_data_quality in MISSING and ssn:
        errors["ssn_data_quality"] = _(
            "3.02 Social Security Number: an SSN is filled in, so choose 'Full SSN reported' or 'Approximate or "
            "partial SSN reported'."
        )

    # 3.03 Date of birth and 3.03.2 DOB data quality.
    dob = client.dob
    if dob is not None and dob > today:
        errors["dob"] = _("3.03 Date of birth: cannot be in the future.")
    elif dob is not None and dob < EARLIEST_DOB:
        errors["dob"] = _("3.03 Date of birth: cannot be before %(year)s.") % {"year": EARLIEST_DOB.year}
    elif client.dob_data_quality in (FULL, PARTIAL) and dob is None:
        errors["dob"] = _(
            "3.03 Date of birth: 'Full DOB reported' and 'Approximate or partial DOB reported' need a date of birth "
            "(for an approximate one, enter your best estimate)."
        )
    elif client.dob_data_quality in MISSING and dob is not None:
        errors["dob_data_quality"] = _(
            "3.03 Date of birth: a date is filled in, so choose 'Full DOB reported' or 'Approximate or partial DOB "
            "reported'."
        )

    # 3.04 Race and ethnicity: at least one category, or why none is given (never both).
    chosen = [name for name in RACE_FIELDS if getattr(client, name) == YES]
    if not chosen and client.race_none is None:
        errors["race_none"] = _(
            "3.04 Race and ethnicity: choose at least one, or say why it is missing (client doesn't know, prefers "
            "not to answer, or data not collected)."
        )
    elif chosen and client.race_none is not None:
        errors["race_none"] = _(
            "3.04 Race and ethnicity: a category is chosen, so leave the reason it is missing blank."
        )

    # 4.21 Sex is collected for every client.
    if client.sex is None:
        errors["sex"] = _("4.21 Sex: choose one, or say why it is missing.")

    # 3.07 Veteran status: collected for adults; a child cannot be a veteran.
    age = age_on(dob, today)
    if age is not None and age < ADULT_AGE:
        if client.veteran_status == YES:
            errors["veteran_status"] = _("3.07 Veteran status: a client under 18 cannot be a veteran.")
    elif client.veteran_status is None:
        errors["veteran_status"] = _("3.07 Veteran status: required for adults (18 and over, or age unknown).")
    return errors


def _assign(client: Client, values: dict[str, Any]) -> list[str]:
    unknown = set(values) - set(CLIENT_FIELDS)
    if unknown:
        raise TypeError(f"Client has no editable field(s) {', '.join(sorted(unknown))}")
    changed = []
    for name, value in values.items():
        if name == "ssn":
            value = normalize_ssn(value)
        elif name in NAME_FIELDS or name == "additional_race_ethnicity":
            value = (value or "").strip()
        if getattr(client, name) != value:
            changed.append(name)
        setattr(client, name, value)
    return changed


def _fill_defaults(client: Client, *, today: date) -> None:
    """What HUD's file needs when the form leaves it out: race categories not chosen are No; a child's veteran
    status is 'Data not collected' (3.07 is for adults)."""
    for name in RACE_FIELDS:
        if getattr(client, name) is None:
            setattr(client, name, NO)
    age = age_on(client.dob, today)
    if client.veteran_status is None and age is not None and age < ADULT_AGE:
        client.veteran_status = DATA_NOT_COLLECTED


def _validate(client: Client, *, today: date) -> None:
    errors: dict[str, list[str]] = {name: [message] for name, message in client_errors(client, today=today).items()}
    try:
        client.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)


def _refresh_keys(client: Client) -> None:
    """Keep the duplicate-matching index in step with the client's name, DOB and SSN."""
    try:
        from hearth.dedup.keys import refresh_client_keys
    except ImportError:  # the duplicate-matching app is not installed yet
        return
    refresh_client_keys([client.pk])


def _stamp(client: Client, *, acting_user: Any) -> None:
    now = timezone.now()
    if client._state.adding:
        client.created_by = acting_user
        client.date_created = now
    client.updated_by = acting_user
    client.date_updated = now
    client.hud_user = HudUser.for_login(acting_user)


def creatable_organization_ids(user: Any) -> list[int]:
    """Organizations under which ``user`` may record a new client (their client-data memberships)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(user.organization_ids(*CLIENT_DATA_ROLES))


def client_check(*, owner_org: Any = None, **fields: Any) -> None:
    """Raise the ``ValidationError`` that ``client_create`` would raise for these fields, writing nothing."""
    today = timezone.localdate()
    client = Client(owner_org=owner_org)
    _assign(client, fields)
    _fill_defaults(client, today=today)
    _validate(client, today=today)


@transaction.atomic
def client_create(*, acting_user: Any, owner_org: Any, **fields: Any) -> Client:
    """Record a new client owned by ``owner_org``, one of the acting user's organizations."""
    if owner_org is None or owner_org.pk not in creatable_organization_ids(acting_user):
        raise PermissionDenied("not a member of the owning organization")
    today = timezone.localdate()
    client = Client(owner_org=owner_org)
    changed = _assign(client, fields)
    _fill_defaults(client, today=today)
    _validate(client, today=today)
    _stamp(client, acting_user=acting_user)
    client.save()
    _refresh_keys(client)
    audit(user=acting_user, action="create", obj=client, detail={"fields": sorted(changed)})
    return client


@transaction.atomic
def client_update(*, client: Client, acting_user: Any, **fields: Any) -> Client:
    """Change a client's universal elements; the caller has checked access (``access_client(..., write=True)``)."""
    today = timezone.localdate()
    changed = _assign(client, fields)
    _fill_defaults(client, today=today)
    _validate(client, today=today)
    if not changed:
        return client
    _stamp(client, acting_user=acting_user)
    client.save()
    _refresh_keys(client)
    audit(user=acting_user, action="update", obj=client, detail={"fields": sorted(changed)})
    return client


def may_see_full_ssn(user: Any, client: Client) -> bool:
    """Whether ``user`` may read the client's full SSN: the HMIS lead and the owning agency's HMIS representatives.

    Everyone else who can see the client sees the last four digits (HUD's search key) and may still type a new SSN.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_lead_admin:
        return True
    return client.owner_org_id is not None and user.can_manage_organization(client.owner_org_id)


def client_full_ssn(*, client: Client, acting_user: Any) -> str:
    """The client's full SSN for a person allowed to read it (``may_see_full_ssn``); each reading is audited, and so
    is a refusal (not atomic: the refusal's event must outlive the exception)."""
    if not may_see_full_ssn(acting_user, client):
        audit(user=acting_user, action="denied", obj=client, object_type=SSN_AUDIT_TYPE, detail={"field": "ssn"})
        raise PermissionDenied("the full SSN is shown to the HMIS lead and the owning agency's HMIS representatives")
    audit(user=acting_user, action="view", obj=client, object_type=SSN_AUDIT_TYPE, detail={"field": "ssn"})
    return client.ssn
