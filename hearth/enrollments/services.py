"""Writes of a household's stay: project start, updates and annual assessments, services, move-in, exits, notes, files.

Every function is keyword-only, atomic, validates with ``full_clean`` and HUD's collection rules, and writes audit
events. Errors for one household member are keyed ``"<member index>:<question key>"``
(``"0:enrollment__length_of_stay"``) so pages can show each next to its field; errors about the household as a whole
are non-field errors.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth import standards
from hearth.accounts.models import HudUser
from hearth.core.audit import audit
from hearth.core.models import new_hud_id

from . import collection as rules
from .collection import ANNUAL, EXIT, POST_EXIT, PROJECT_START, STAGE_CODES, Collection, Question
from .models import (
    CaseNote,
    ClientFile,
    CurrentLivingSituation,
    Disability,
    EmploymentEducation,
    Enrollment,
    Exit,
    HealthAndDV,
    IncomeBenefits,
    Service,
    YouthEducationStatus,
)

HEAD_OF_HOUSEHOLD = 1
BED_NIGHT = 200  # 1.4 RecordType and 4.14 TypeProvided
ANNUAL_WINDOW_DAYS = 30
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class Member:
    """One person joining a household stay, with the answers collected about them (keyed by ``Question.key``)."""

    client: Any
    relationship_to_hoh: int | None
    answers: dict[str, Any]


# --- validation shared by pages and services ---------------------------------------------------------------------


def question_label(question: Question) -> str:
    field = question.model_field()
    return field.hud_label() if hasattr(field, "hud_label") else str(field.verbose_name)


def missing_message(question: Question) -> str:
    field = question.model_field()
    return _("%(element)s: %(field)s is required (HUD %(detail)s).") % {
        "element": question.element,
        "field": question_label(question),
        "detail": getattr(field, "hud_element", None) or question.element,
    }


def check_answers(coll: Collection, answers: dict[str, Any]) -> dict[str, str]:
    """The required questions left blank, as {question key: plain-language message citing the HUD element}."""
    errors = {}
    for question in coll.questions:
        if question.required and question.applies(answers) and answers.get(question.key) in (None, ""):
            errors[question.key] = missing_message(question)
    return errors


def applicable_answers(coll: Collection, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers to the questions asked; a question not asked (its branch not taken) is stored blank."""
    out: dict[str, Any] = {}
    for question in coll.questions:
        value = answers.get(question.key) if question.applies(answers) else None
        if value is None and question.model_field().get_internal_type() == "CharField":
            value = ""
        out[question.key] = value
    return out


def by_record(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        record, field = key.split("__", 1)
        records.setdefault(record, {})[field] = value
    return records


class _Errors:
    """Collects errors of several records and members, raised together at the end."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, key: str, message: Any) -> None:
        self.errors.setdefault(key, []).append(str(message))

    def add_validation(self, index: int, record: str, exc: ValidationError, known: Iterable[str]) -> None:
        known = set(known)
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add(f"{index}:{NON_FIELD_ERRORS}", message)
            return
        for field, errs in exc.error_dict.items():
            if record == "enrollment" and field == "entry_date":  # 3.917.3 may not come after 3.10
                field = "date_to_street_essh"
            key = f"{record}__{field}"
            for err in errs:
                for message in err.messages:
                    self.add(f"{index}:{key}" if key in known else f"{index}:{NON_FIELD_ERRORS}", message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _stamp(record: Any, acting_user: Any, owner_org: Any) -> None:
    record.owner_org = owner_org
    record.created_by = record.created_by or acting_user
    record.updated_by = acting_user
    record.date_updated = timezone.now()
    record.hud_user = HudUser.for_login(acting_user)


def _member_collection(project: Any, stage: str, relationship: int | None, client: Any, on: date) -> Collection:
    return rules.collection_for_member(
        project=project, stage=stage, relationship_to_hoh=relationship, age=rules.age_on(client.dob, on), on=on
    )


def _stage_records(
    *, enrollment: Enrollment, stage: str, information_date: date, values: dict[str, dict[str, Any]], acting_user: Any
) -> list[Any]:
    """Unsaved Income/Health/Disability/Employment/Youth records of one member at one stage."""
    common = {
        "enrollment": enrollment,
        "client": enrollment.client,
        "information_date": information_date,
        "data_collection_stage": STAGE_CODES[stage],
    }
    records: list[Any] = []
    if "income" in values:
        income = dict(values["income"])
        if income.get("income_from_any_source") == 1 and income.get("total_monthly_income") is None:
            income["total_monthly_income"] = sum(
                (income.get(amount) or Decimal(0) for _source, amount in rules.INCOME_SOURCES), Decimal(0)
            )
        records.append(("income", IncomeBenefits(**common, **income)))
    if "health" in values:
        records.append(("health", HealthAndDV(**common, **values["health"])))
    if "employment" in values:
        records.append(("employment", EmploymentEducation(**common, **values["employment"])))
    if "youth" in values:
        records.append(("youth", YouthEducationStatus(**common, **values["youth"])))
    for kind in sorted(k for k in values if k.startswith("disability")):
        row = dict(values[kind])
        if row.get("disability_response") is None:
            continue
        records.append((kind, Disability(**common, disability_type=int(kind.removeprefix("disability")), **row)))
    for _kind, record in records:
        _stamp(record, acting_user, enrollment.project.organization)
    return records


def _save_checked(items: list[tuple[int, str, Any]], errors: _Errors, known: dict[int, set[str]]) -> None:
    """full_clean every record; save them all only when none has an error."""
    for index, record_kind, record in items:
        try:
            unsaved_stay = getattr(record, "enrollment_id", 0) is None  # its enrollment is saved with it
            record.full_clean(exclude=["enrollment"] if unsaved_stay else None)
        except ValidationError as exc:
            errors.add_validation(index, record_kind, exc, known.get(index, ()))


# --- project start ---------------------------------------------------------------------------------------------


def project_is_open(project: Any, day: date) -> bool:
    return project.operating_start_date <= day and (
        project.operating_end_date is None or project.operating_end_date >= day
    )


def default_enrollment_coc(project: Any) -> str:
    """3.16: the project's CoC when it has one (2.03), otherwise the CoC this HMIS serves."""
    codes = list(project.project_cocs.filter(date_deleted__isnull=True).values_list("coc_code", flat=True)[:2])
    return codes[0] if len(codes) == 1 else getattr(settings, "HEARTH_COC_CODE", "")


def household_errors(*, project: Any, members: Sequence[Member], entry_date: date | None) -> list[str]:
    """Problems with the household as a whole (3.15 exactly one head, 3.10 the entry date, the project)."""
    problems = []
    heads = [m for m in members if m.relationship_to_hoh == HEAD_OF_HOUSEHOLD]
    if not members:
        problems.append(_("Add at least one person to the household."))
    elif len(heads) != 1:
        problems.append(
            _("3.15: A household needs exactly one head of household; this one has %(count)s.") % {"count": len(heads)}
        )
    ids = [m.client.pk for m in members]
    if len(set(ids)) != len(ids):
        problems.append(_("The same person is in the household twice."))
    if entry_date is not None:
        if entry_date > timezone.localdate():
            problems.append(_("3.10: The project start date cannot be in the future."))
        if not project_is_open(project, entry_date):
            problems.append(_("The project is not operating on %(day)s (HUD 2.02.3/2.02.4).") % {"day": entry_date})
        overlapping = (
            Enrollment.objects.alive()
            .filter(project=project, client_id__in=ids, entry_date__lte=entry_date)
            .exclude(exit__exit_date__lt=entry_date)
            .select_related("client")
        )
        for stay in overlapping:
            problems.append(
                _("%(name)s already has a stay in this project that is open on %(day)s.")
                % {"name": stay.client, "day": entry_date}
            )
    return problems


@transaction.atomic
def household_enroll(
    *,
    project: Any,
    members: Sequence[Member],
    entry_date: date,
    acting_user: Any,
    enrollment_coc: str | None = None,
) -> list[Enrollment]:
    """Start a stay for a whole household (3.10, 3.15, one HouseholdID), with each member's project-start data.

    All or nothing: any error for any member saves nothing.
    """
    errors = _Errors()
    for problem in household_errors(project=project, members=members, entry_date=entry_date):
        errors.add(NON_FIELD_ERRORS, problem)
    errors.raise_if_any()

    household_id = new_hud_id()
    head = next(m for m in members if m.relationship_to_hoh == HEAD_OF_HOUSEHOLD)
    coc = (head.answers.get("enrollment__enrollment_coc") or enrollment_coc or default_enrollment_coc(project)).upper()
    items: list[tuple[int, str, Any]] = []
    known: dict[int, set[str]] = {}
    planned: list[tuple[int, Enrollment, list[tuple[str, Any]]]] = []
    for index, member in enumerate(members):
        coll = _member_collection(project, PROJECT_START, member.relationship_to_hoh, member.client, entry_date)
        known[index] = {q.key for q in coll.questions}
        for key, message in check_answers(coll, member.answers).items():
            errors.add(f"{index}:{key}", message)
        values = by_record(applicable_answers(coll, member.answers))
        enrollment_values = {k: v for k, v in values.pop("enrollment", {}).items() if k != "enrollment_coc"}
        enrollment = Enrollment(
            client=member.client,
            project=project,
            entry_date=entry_date,
            household_id=household_id,
            relationship_to_hoh=member.relationship_to_hoh,
            enrollment_coc=coc,
            **enrollment_values,
        )
        if project.project_type not in rules.ES_SO_SH:  # 3.917B only; 3.917A does not ask 2A-2C
            enrollment.los_under_threshold = _los_under_threshold(enrollment)
        _stamp(enrollment, acting_user, project.organization)
        items.append((index, "enrollment", enrollment))
        stage_records = _stage_records(
            enrollment=enrollment,
            stage=PROJECT_START,
            information_date=entry_date,
            values=values,
            acting_user=acting_user,
        )
        items += [(index, kind, record) for kind, record in stage_records]
        planned.append((index, enrollment, stage_records))
    _save_checked(items, errors, known)
    errors.raise_if_any()

    saved = []
    for _index, enrollment, stage_records in planned:
        enrollment.save()
        audit(user=acting_user, action="create", obj=enrollment, detail={"household_id": household_id})
        for _kind, record in stage_records:
            record.enrollment = enrollment
            record.save()
            audit(user=acting_user, action="create", obj=record)
        saved.append(enrollment)
    return saved


def _los_under_threshold(enrollment: Enrollment) -> int | None:
    """3.917.2A/2B, derived from the length of stay: under 90 days in an institution, under 7 nights elsewhere."""
    situation, stay = enrollment.living_situation, enrollment.length_of_stay
    if stay is None or stay in (8, 9, 99):
        return None
    if situation in rules.INSTITUTIONAL_SITUATIONS:
        return 1 if stay in rules.UNDER_90_DAYS else 0
    if situation in rules.HOUSED_SITUATIONS:
        return 1 if stay in rules.UNDER_7_NIGHTS else 0
    return None


# --- household of a stay ------------------------------------------------------------------------------------------


def household_members(enrollment: Enrollment, *, open_on: date | None = None) -> list[Enrollment]:
    """The enrollments sharing ``enrollment``'s HouseholdID in the same project, head first."""
    qs = (
        Enrollment.objects.alive()
        .filter(project_id=enrollment.project_id, household_id=enrollment.household_id)
        .select_related("client", "project", "exit")
    )
    members = sorted(qs, key=lambda e: (e.relationship_to_hoh != HEAD_OF_HOUSEHOLD, e.entry_date, e.pk))
    if open_on is not None:
        members = [e for e in members if not has_exit(e) or e.exit.exit_date >= open_on]
    return members


def has_exit(enrollment: Enrollment) -> bool:
    try:
        record = enrollment.exit
    except Exit.DoesNotExist:
        return False
    # An unsaved exit (from a refused attempt) may sit in the relation's cache: it does not count.
    return record is not None and record.pk is not None and record.date_deleted is None


def head_of(enrollment: Enrollment) -> Enrollment:
    members = household_members(enrollment)
    return next((e for e in members if e.relationship_to_hoh == HEAD_OF_HOUSEHOLD), enrollment)


@transaction.atomic
def household_head_change(
    *, enrollment: Enrollment, relationships: dict[int, int | None], acting_user: Any
) -> list[Enrollment]:
    """Change the head of household of a stay (3.15) and the others' relationships to the new head, all at once.

    ``relationships`` maps each household member's enrollment id to their 3.15 relationship. Exactly one member ends
    up "Self" (1), still in the stay; the former head gets a relationship to the new head. Each change is stamped
    (DateUpdated) and audited with the old and new values, so who was head when stays on record.
    Errors are keyed ``"<enrollment id>"`` (next to that member's choice) or are non-field errors.
    """
    members = household_members(enrollment)
    by_id = {m.pk: m for m in members}
    errors = _Errors()
    unknown = set(relationships) - by_id.keys()
    if unknown:
        errors.add(NON_FIELD_ERRORS, _("Only members of this household can be changed."))
        errors.raise_if_any()
    allowed = {code for code, _label in standards.choices("3.15.1")}
    wanted = {m.pk: relationships.get(m.pk, m.relationship_to_hoh) for m in members}
    for pk, code in wanted.items():
        if code in (None, ""):
            errors.add(str(pk), _("3.15: Choose this person's relationship to the head of household."))
        elif code not in allowed:
            errors.add(str(pk), _("3.15: Choose one of HUD's answers."))
    heads = [pk for pk, code in wanted.items() if code == HEAD_OF_HOUSEHOLD]
    if len(heads) != 1:
        errors.add(
            NON_FIELD_ERRORS,
            _("3.15: A household needs exactly one head of household (relationship 'Self'); this one would have %(n)s.")
            % {"n": len(heads)},
        )
        if len(heads) > 1:
            for pk in heads:
                if by_id[pk].relationship_to_hoh == HEAD_OF_HOUSEHOLD:
                    errors.add(
                        str(pk),
                        _("3.15: This person is the head of household now; choose their relationship to the new head."),
                    )
    elif has_exit(by_id[heads[0]]):
        errors.add(str(heads[0]), _("3.15: The head of household must still be in the stay; this person has exited."))
    errors.raise_if_any()

    old_head = next((m for m in members if m.relationship_to_hoh == HEAD_OF_HOUSEHOLD), None)
    changed = []
    for member in members:
        before = member.relationship_to_hoh
        after = wanted[member.pk]
        if before == after:
            continue
        member.relationship_to_hoh = after
        _stamp(member, acting_user, member.owner_org or member.project.organization)
        if after == HEAD_OF_HOUSEHOLD and not member.enrollment_coc and old_head is not None:
            member.enrollment_coc = old_head.enrollment_coc  # 3.16 is asked of the head
        member.full_clean()
        member.save(update_fields=["relationship_to_hoh", "enrollment_coc", "updated_by", "date_updated", "hud_user"])
        audit(
            user=acting_user,
            action="update",
            obj=member,
            detail={
                "household_id": member.household_id,
                "relationship_to_hoh": {"from": before, "to": after},
            },
        )
        changed.append(member)
    return changed


# --- annual assessments and updates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnualWindow:
    anniversary: date
    start: date
    end: date
    state: str  # "done", "due", "overdue", "upcoming"
    done_on: date | None = None


def _anniversary(entry: date, years: int) -> date:
    try:
        return entry.replace(year=entry.year + years)
    except ValueError:  # 29 February
        return entry.replace(year=entry.year + years, day=28)


def annual_windows(
    *, head_entry: date, today: date, assessed_on: Iterable[date], until: date | None = None
) -> list[AnnualWindow]:
    """Each anniversary of the head's project start with its window (30 days either side) and whether it is done.

    HUD (5.03): an annual assessment is due within 30 days before or after each anniversary of the head of
    household's project start. ``until`` is the exit date, after which no window is due.
    """
    dates = sorted(assessed_on)
    windows = []
    years = 1
    last = min(until, today) if until else today
    while True:
        anniversary = _anniversary(head_entry, years)
        start, end = anniversary - timedelta(days=ANNUAL_WINDOW_DAYS), anniversary + timedelta(days=ANNUAL_WINDOW_DAYS)
        if start > last:
            if until is None:
                windows.append(AnnualWindow(anniversary, start, end, "upcoming"))
            break
        done = next((d for d in dates if start <= d <= end), None)
        if done:
            state = "done"
        elif today > end:
            state = "overdue"
        else:
            state = "due"
        windows.append(AnnualWindow(anniversary, start, end, state, done))
        years += 1
    return windows


def annual_status(enrollment: Enrollment, today: date | None = None) -> AnnualWindow | None:
    """The window that matters now for this stay: the first overdue or due one, else the next upcoming one."""
    today = today or timezone.localdate()
    head = head_of(enrollment)
    assessed = IncomeBenefits.objects.alive().filter(
        enrollment_id=enrollment.pk, data_collection_stage=STAGE_CODES[ANNUAL]
    )
    until = enrollment.exit.exit_date if has_exit(enrollment) else None
    windows = annual_windows(
        head_entry=head.entry_date,
        today=today,
        assessed_on=assessed.values_list("information_date", flat=True),
        until=until,
    )
    for state in ("overdue", "due", "upcoming"):
        for window in windows:
            if window.state == state:
                return window
    return None


@transaction.atomic
def household_assess(
    *, enrollments: Sequence[Enrollment], stage: str, information_date: date, acting_user: Any, answers: Sequence[dict]
) -> list[Any]:
    """Record an update (stage 2) or annual assessment (stage 5) for several members of a household at once."""
    errors = _Errors()
    if information_date > timezone.localdate():
        errors.add(NON_FIELD_ERRORS, _("5.03: The information date cannot be in the future."))
    if stage == ANNUAL and enrollments:
        head = head_of(enrollments[0])
        windows = annual_windows(head_entry=head.entry_date, today=information_date, assessed_on=())
        if not any(w.start <= information_date <= w.end for w in windows):
            errors.add(
                NON_FIELD_ERRORS,
                _(
                    "5.03: An annual assessment must be dated within 30 days before or after an anniversary of the "
                    "head of household's project start (%(entry)s)."
                )
                % {"entry": head.entry_date},
            )
    items: list[tuple[int, str, Any]] = []
    known: dict[int, set[str]] = {}
    for index, (enrollment, given) in enumerate(zip(enrollments, answers, strict=True)):
        if information_date < enrollment.entry_date or (
            has_exit(enrollment) and information_date > enrollment.exit.exit_date
        ):
            errors.add(f"{index}:{NON_FIELD_ERRORS}", _("The information date must fall within this person's stay."))
        coll = _member_collection(
            enrollment.project, stage, enrollment.relationship_to_hoh, enrollment.client, information_date
        )
        known[index] = {q.key for q in coll.questions}
        for key, message in check_answers(coll, given).items():
            errors.add(f"{index}:{key}", message)
        values = by_record(applicable_answers(coll, given))
        values.pop("enrollment", None)
        values.pop("exit", None)
        records = _stage_records(
            enrollment=enrollment,
            stage=stage,
            information_date=information_date,
            values=values,
            acting_user=acting_user,
        )
        items += [(index, kind, record) for kind, record in records]
    _save_checked(items, errors, known)
    errors.raise_if_any()
    saved = []
    for _index, _kind, record in items:
        record.save()
        audit(user=acting_user, action="create", obj=record)
        saved.append(record)
    return saved


# --- exit ------------------------------------------------------------------------------------------------------


@transaction.atomic
def household_exit(
    *, enrollments: Sequence[Enrollment], exit_date: date, acting_user: Any, answers: Sequence[dict]
) -> list[Exit]:
    """Exit several members of a household at once (3.11 exit date, 3.12 destination per member, exit-stage data).

    The head of household may exit only with everyone else still in the stay (HUD 3.15: a household always has a head).
    """
    errors = _Errors()
    if not enrollments:
        errors.add(NON_FIELD_ERRORS, _("Choose at least one person to exit."))
        errors.raise_if_any()
    if exit_date > timezone.localdate():
        errors.add(NON_FIELD_ERRORS, _("3.11: The exit date cannot be in the future."))
    chosen = {e.pk for e in enrollments}
    for enrollment in enrollments:
        if has_exit(enrollment):
            errors.add(NON_FIELD_ERRORS, _("%(name)s has already exited.") % {"name": enrollment.client})
        if enrollment.relationship_to_hoh == HEAD_OF_HOUSEHOLD:
            staying = [e for e in household_members(enrollment) if not has_exit(e) and e.pk not in chosen]
            if staying:
                errors.add(
                    NON_FIELD_ERRORS,
                    _(
                        "3.15: The head of household cannot exit while other members stay. Exit everyone together, "
                        "or first make another member the head of household."
                    ),
                )
    errors.raise_if_any()

    items: list[tuple[int, str, Any]] = []
    known: dict[int, set[str]] = {}
    exits = []
    for index, (enrollment, given) in enumerate(zip(enrollments, answers, strict=True)):
        coll = _member_collection(
            enrollment.project, EXIT, enrollment.relationship_to_hoh, enrollment.client, exit_date
        )
        known[index] = {q.key for q in coll.questions}
        for key, message in check_answers(coll, given).items():
            errors.add(f"{index}:{key}", message)
        values = by_record(applicable_answers(coll, given))
        values.pop("enrollment", None)
        exit_record = Exit(
            enrollment=enrollment, client=enrollment.client, exit_date=exit_date, **values.pop("exit", {})
        )
        _stamp(exit_record, acting_user, enrollment.project.organization)
        items.append((index, "exit", exit_record))
        exits.append(exit_record)
        records = _stage_records(
            enrollment=enrollment, stage=EXIT, information_date=exit_date, values=values, acting_user=acting_user
        )
        items += [(index, kind, record) for kind, record in records]
    _save_checked(items, errors, known)
    errors.raise_if_any()
    for _index, _kind, record in items:
        record.save()
        audit(user=acting_user, action="create", obj=record)
    return exits


# --- occurrence points ---------------------------------------------------------------------------------------------


@transaction.atomic
def enrollment_move_in(*, enrollment: Enrollment, move_in_date: date, acting_user: Any) -> list[Enrollment]:
    """3.20 Housing move-in date for the household (the head's date; members who joined later get their entry date)."""
    project = enrollment.project
    funders = rules.project_funder_codes(project, move_in_date)
    if "3.20" not in rules.occurrence_elements(project_type=project.project_type, funder_codes=funders):
        raise ValidationError(
            {"move_in_date": _("3.20: This project does not record a housing move-in date (permanent housing only).")}
        )
    head = head_of(enrollment)
    if move_in_date < head.entry_date:
        raise ValidationError(
            {
                "move_in_date": _("3.20: The move-in date cannot be before the project start date (%(entry)s).")
                % {"entry": head.entry_date}
            }
        )
    if move_in_date > timezone.localdate():
        raise ValidationError({"move_in_date": _("3.20: The move-in date cannot be in the future.")})
    if has_exit(head) and move_in_date > head.exit.exit_date:
        raise ValidationError({"move_in_date": _("3.20: The move-in date cannot be after the exit date.")})
    changed = []
    for member in household_members(enrollment, open_on=move_in_date):
        member.move_in_date = max(move_in_date, member.entry_date)
        _stamp(member, acting_user, member.owner_org or project.organization)
        member.full_clean()
        member.save(update_fields=["move_in_date", "updated_by", "date_updated", "hud_user"])
        audit(user=acting_user, action="update", obj=member, detail={"move_in_date": str(member.move_in_date)})
        changed.append(member)
    return changed


def _check_in_stay(enrollment: Enrollment, day: date, field: str) -> None:
    if day < enrollment.entry_date or (has_exit(enrollment) and day > enrollment.exit.exit_date):
        raise ValidationError({field: _("The date must fall within the stay (from its project start to its exit).")})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def service_kinds(enrollment: Enrollment, on: date) -> list[tuple[str, int]]:
    """The (element, RecordType) services this member's project records about them on ``on`` (W2: the head only)."""
    project = enrollment.project
    return rules.member_service_record_types(
        project_type=project.project_type,
        funder_codes=rules.project_funder_codes(project, on),
        member=rules.member_kind(enrollment.relationship_to_hoh, rules.age_on(enrollment.client.dob, on)),
    )


@transaction.atomic
def service_add(
    *, enrollment: Enrollment, record_type: int, type_provided: int, date_provided: date, acting_user: Any, **extra: Any
) -> Service:
    """A service, referral or financial assistance (Services.csv, by RecordType) the project's funders require.

    ``extra`` holds that kind's details (V2 sub-type or "other" text, V3/W2 amounts and dates, P2 outcome...), asked
    and required as ``collection.service_questions`` says; details another kind of service would ask are refused.
    Errors are keyed by the Services.csv field.
    """
    if record_type not in {code for _element, code in service_kinds(enrollment, date_provided)}:
        raise ValidationError({"record_type": _("This project's funders do not record this kind of service.")})
    _check_in_stay(enrollment, date_provided, "date_provided")
    coll = rules.service_questions(record_type)
    asked = {q.field for q in coll.questions}
    stray = sorted(name for name, value in extra.items() if name not in asked and value not in (None, ""))
    if stray:
        raise ValidationError(
            _("These details do not belong to this kind of service: %(fields)s.") % {"fields": ", ".join(stray)}
        )
    answers = {f"service__{name}": value for name, value in extra.items()}
    answers["service__type_provided"] = type_provided
    errors = {key.removeprefix("service__"): [message] for key, message in check_answers(coll, answers).items()}
    if errors:
        raise ValidationError(errors)
    values = {key.removeprefix("service__"): value for key, value in applicable_answers(coll, answers).items()}
    if record_type == 152 and values.get("fa_start_date") and values["fa_start_date"] < enrollment.entry_date:
        raise ValidationError(
            {"fa_start_date": _("V3: The financial assistance cannot start before the project start date.")}
        )
    for field_name in ("fa_amount",):
        if values.get(field_name) is not None and values[field_name] <= 0:
            raise ValidationError({field_name: _("The amount must be more than zero.")})
    service = Service(
        enrollment=enrollment,
        client=enrollment.client,
        date_provided=date_provided,
        record_type=record_type,
        **values,
    )
    _stamp(service, acting_user, enrollment.project.organization)
    service.full_clean()
    service.save()
    audit(user=acting_user, action="create", obj=service)
    return service


@transaction.atomic
def current_living_situation_add(
    *, enrollment: Enrollment, information_date: date, acting_user: Any, **fields: Any
) -> CurrentLivingSituation:
    """4.12 Current living situation: a contact (outreach) and where the person is staying."""
    _check_in_stay(enrollment, information_date, "information_date")
    record = CurrentLivingSituation(
        enrollment=enrollment, client=enrollment.client, information_date=information_date, **fields
    )
    _stamp(record, acting_user, enrollment.project.organization)
    record.full_clean()
    record.save()
    audit(user=acting_user, action="create", obj=record)
    return record


def bed_night_candidates(project: Any, night: date) -> list[Enrollment]:
    """The project's stays open on ``night`` (entered on or before it, not exited before it), by name."""
    qs = (
        Enrollment.objects.alive()
        .filter(project=project, entry_date__lte=night)
        .exclude(exit__exit_date__lt=night)
        .select_related("client")
        .order_by("client__last_name", "client__first_name", "pk")
    )
    return list(qs)


@transaction.atomic
def bed_nights_record(*, project: Any, night: date, enrollment_ids: Iterable[int], acting_user: Any) -> dict[str, int]:
    """4.14 Bed nights for a whole night-by-night shelter: exactly the checked people have a bed night on ``night``.

    Idempotent: saving the same night again changes nothing; unchecking someone removes (soft-deletes) their night.
    """
    if project.project_type != 1:
        raise ValidationError(_("4.14: Bed nights are recorded only by night-by-night emergency shelters."))
    if night > timezone.localdate():
        raise ValidationError(_("4.14: A bed night cannot be in the future."))
    open_stays = {e.pk: e for e in bed_night_candidates(project, night)}
    wanted = {int(i) for i in enrollment_ids}
    if wanted - open_stays.keys():
        raise ValidationError(_("4.14: Some of the people checked have no stay in this shelter on that night."))
    existing = {
        s.enrollment_id: s
        for s in Service.objects.alive().filter(
            enrollment_id__in=open_stays.keys(), record_type=BED_NIGHT, date_provided=night
        )
    }
    now = timezone.now()
    hud_user = HudUser.for_login(acting_user)
    new = []
    for enrollment_id in sorted(wanted - existing.keys()):
        stay = open_stays[enrollment_id]
        service = Service(
            enrollment=stay,
            client_id=stay.client_id,
            date_provided=night,
            record_type=BED_NIGHT,
            type_provided=BED_NIGHT,
            owner_org=project.organization,
            created_by=acting_user,
            updated_by=acting_user,
            hud_user=hud_user,
            date_created=now,
            date_updated=now,
        )
        new.append(service)
    if new:
        new[0].full_clean()  # every row has the same shape; check one, then write all in one statement
        Service.objects.bulk_create(new, batch_size=500)
    removed = [s for eid, s in existing.items() if eid not in wanted]
    if removed:
        Service.objects.filter(pk__in=[s.pk for s in removed]).update(
            date_deleted=now, date_updated=now, updated_by=acting_user
        )
    for service in new:
        audit(user=acting_user, action="create", obj=service, detail={"bed_night": str(night)})
    for service in removed:
        audit(user=acting_user, action="delete", obj=service, detail={"bed_night": str(night)})
    return {"added": len(new), "removed": len(removed), "kept": len(wanted & existing.keys())}


# --- post exit (R20) and V1 veteran's information ------------------------------------------------------------


def post_exit_collection(enrollment: Enrollment) -> Collection:
    """What HUD collects about this member after exit (R20 Aftercare Plans, RHY projects other than street outreach)."""
    on = enrollment.exit.exit_date if has_exit(enrollment) else enrollment.entry_date
    return _member_collection(enrollment.project, POST_EXIT, enrollment.relationship_to_hoh, enrollment.client, on)


def post_exit_answers(enrollment: Enrollment) -> dict[str, Any]:
    """The stored post-exit answers of a member, keyed like the stage form."""
    coll = post_exit_collection(enrollment)
    return {q.key: getattr(enrollment.exit, q.field) for q in coll.questions if q.record == "exit"}


@transaction.atomic
def post_exit_update(*, enrollment: Enrollment, acting_user: Any, answers: dict[str, Any]) -> Exit:
    """Record a member's post-exit data (R20 Aftercare Plans, stored on the exit record) after the stay ended."""
    if not has_exit(enrollment):
        raise ValidationError(_("Post-exit data can be recorded only after the person has exited."))
    coll = post_exit_collection(enrollment)
    if not coll.questions:
        raise ValidationError(_("This project collects no post-exit data about this person."))
    errors = _Errors()
    for key, message in check_answers(coll, answers).items():
        errors.add(f"0:{key}", message)
    record = enrollment.exit
    aftercare_date = answers.get("exit__aftercare_date")
    if aftercare_date:
        if aftercare_date < record.exit_date:
            errors.add(
                "0:exit__aftercare_date",
                _("R20: The information date cannot be before the exit date (%(exit)s).") % {"exit": record.exit_date},
            )
        if aftercare_date > timezone.localdate():
            errors.add("0:exit__aftercare_date", _("R20: The information date cannot be in the future."))
    errors.raise_if_any()
    changes = {}
    for field_name, value in by_record(applicable_answers(coll, answers)).get("exit", {}).items():
        if getattr(record, field_name) != value:
            changes[field_name] = True
        setattr(record, field_name, value)
    _stamp(record, acting_user, record.owner_org or enrollment.project.organization)
    _save_checked([(0, "exit", record)], errors, {0: {q.key for q in coll.questions}})
    errors.raise_if_any()
    record.save()
    audit(user=acting_user, action="update", obj=record, detail={"post_exit": sorted(changes)})
    return record


def veteran_information_required(enrollment: Enrollment) -> bool:
    """Whether this stay's project collects V1 about its veterans (and the client is one: 3.07 = Yes)."""
    project = enrollment.project
    return enrollment.client.veteran_status == 1 and rules.veteran_information_required(
        project_type=project.project_type, funder_codes=rules.project_funder_codes(project, enrollment.entry_date)
    )


def unanswered(coll: Collection, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, what is stored) of the required questions left blank or answered 8/9/99, for data-quality lists."""
    from hearth import standards

    out = []
    for question in coll.questions:
        value = answers.get(question.key)
        if not question.required or not question.applies(answers) or value not in (None, "", 8, 9, 99):
            continue
        hud_list = getattr(question.model_field(), "hud_list", None)
        if value in (None, ""):
            shown = str(_("blank"))
        elif hud_list:
            shown = f"{value} {standards.label(hud_list, value)}"
        else:
            continue  # a number such as a year may be 8 or 99 on purpose
        out.append((question_label(question), shown))
    return out


def other_missing(enrollment: Enrollment) -> list[dict[str, Any]]:
    """V1 (about a veteran, on the client) and post-exit R20 left blank or 8/9/99, in ``missing_data``'s shape."""
    items = []
    if veteran_information_required(enrollment):
        fields = unanswered(rules.veteran_information(), veteran_answers(enrollment.client))
        if fields:
            items.append(
                {"element": "V1", "name": rules.element_name("V1"), "stage": "record_creation", "fields": fields}
            )
    if has_exit(enrollment):
        coll = post_exit_collection(enrollment)
        answers = post_exit_answers(enrollment)
        for element, questions in coll.by_element():
            fields = unanswered(Collection(POST_EXIT, coll.member, (element,), tuple(questions)), answers)
            if fields:
                items.append(
                    {"element": element, "name": rules.element_name(element), "stage": POST_EXIT, "fields": fields}
                )
    return items


def veteran_answers(client: Any) -> dict[str, Any]:
    return {q.key: getattr(client, q.field) for q in rules.veteran_information().questions}


@transaction.atomic
def veteran_information_update(*, client: Any, acting_user: Any, answers: dict[str, Any]) -> Any:
    """V1 Veteran's Information of a veteran (3.07 = Yes): years of service, theaters, branch, discharge status."""
    if client.veteran_status != 1:
        raise ValidationError(_("V1 is collected only about veterans (3.07 Veteran Status is Yes)."))
    coll = rules.veteran_information()
    errors = _Errors()
    for key, message in check_answers(coll, answers).items():
        errors.add(f"0:{key}", message)
    entered, separated = answers.get("client__year_entered_service"), answers.get("client__year_separated")
    this_year = timezone.localdate().year
    for key, year in (("client__year_entered_service", entered), ("client__year_separated", separated)):
        if year is not None and year > this_year:
            errors.add(f"0:{key}", _("V1: The year cannot be in the future."))
        if year is not None and client.dob and year < client.dob.year:
            errors.add(f"0:{key}", _("V1: The year cannot be before the year of birth."))
    if entered and separated and separated < entered:
        errors.add("0:client__year_separated", _("V1: The year separated cannot be before the year entered."))
    errors.raise_if_any()
    changed = []
    for field_name, value in by_record(applicable_answers(coll, answers)).get("client", {}).items():
        if getattr(client, field_name) != value:
            changed.append(field_name)
        setattr(client, field_name, value)
    client.updated_by = acting_user
    client.date_updated = timezone.now()
    try:
        client.full_clean()
    except ValidationError as exc:
        errors.add_validation(0, "client", exc, {q.key for q in coll.questions})
    errors.raise_if_any()
    client.save()
    audit(user=acting_user, action="update", obj=client, detail={"fields": changed})
    return client


# --- notes and files -----------------------------------------------------------------------------------------------


@transaction.atomic
def case_note_add(*, enrollment: Enrollment, acting_user: Any, note_date: date, text: str) -> CaseNote:
    note = CaseNote(
        client=enrollment.client,
        enrollment=enrollment,
        owner_org=enrollment.project.organization,
        author=acting_user,
        note_date=note_date,
        text=text.strip(),
    )
    if note_date > timezone.localdate():
        raise ValidationError({"note_date": _("The date of a note cannot be in the future.")})
    note.full_clean()
    note.save()
    audit(user=acting_user, action="create", obj=note)
    return note


def files_dir() -> Path:
    """Where attachments are stored: HEARTH_FILES_DIR if set, else <HEARTH_VAR_DIR or var>/files."""
    configured = getattr(settings, "HEARTH_FILES_DIR", None)
    if configured:
        return Path(configured)
    return Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var")) / "files"


def client_file_path(record: ClientFile) -> Path:
    return files_dir() / record.stored_name[:2] / record.stored_name


@transaction.atomic
def client_file_add(*, enrollment: Enrollment, acting_user: Any, upload: Any, description: str = "") -> ClientFile:
    """Store an uploaded document under the files folder with a random name; it is served only through the funnel."""
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError({"upload": _("The file is too large (the limit is 20 MB).")})
    stored_name = uuid.uuid4().hex
    record = ClientFile(
        client=enrollment.client,
        enrollment=enrollment,
        owner_org=enrollment.project.organization,
        uploaded_by=acting_user,
        name=Path(upload.name).name[:200] or "file",
        description=description,
        content_type=(getattr(upload, "content_type", "") or "application/octet-stream")[:100],
        size=upload.size,
        sha256="0" * 64,
        stored_name=stored_name,
    )
    path = client_file_path(record)
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    record.sha256 = digest.hexdigest()
    try:
        record.full_clean()
        record.save()
    except Exception:
        path.unlink(missing_ok=True)
        raise
    audit(user=acting_user, action="create", obj=record)
    return record


# --- corrections -----------------------------------------------------------------------------------------------------


def stored_answers(enrollment: Enrollment, stage: str) -> dict[str, Any]:
    """What is stored for one member at project start or exit, keyed like the stage form (to correct it)."""
    from .selectors import _stage_value

    on = enrollment.exit.exit_date if stage == EXIT and has_exit(enrollment) else enrollment.entry_date
    coll = _member_collection(enrollment.project, stage, enrollment.relationship_to_hoh, enrollment.client, on)
    code = STAGE_CODES[stage]
    return {q.key: _stage_value(enrollment, q.record, q.field, code) for q in coll.questions}


@transaction.atomic
def stage_data_update(*, enrollment: Enrollment, stage: str, acting_user: Any, answers: dict[str, Any]) -> None:
    """Correct one member's project-start or exit data (fixing what data quality flagged), in place."""
    if stage not in (PROJECT_START, EXIT) or (stage == EXIT and not has_exit(enrollment)):
        raise ValidationError(
            _("Only project start data, or the exit data of a stay that has ended, can be corrected.")
        )
    on = enrollment.exit.exit_date if stage == EXIT else enrollment.entry_date
    coll = _member_collection(enrollment.project, stage, enrollment.relationship_to_hoh, enrollment.client, on)
    errors = _Errors()
    for key, message in check_answers(coll, answers).items():
        errors.add(f"0:{key}", message)
    values = by_record(applicable_answers(coll, answers))
    owner = enrollment.project.organization
    items: list[tuple[int, str, Any]] = []
    for field, value in values.pop("enrollment", {}).items():
        setattr(enrollment, field, value.upper() if field == "enrollment_coc" and value else value)
    if stage == PROJECT_START:
        if enrollment.project.project_type not in rules.ES_SO_SH:
            enrollment.los_under_threshold = _los_under_threshold(enrollment)
        _stamp(enrollment, acting_user, enrollment.owner_org or owner)
        items.append((0, "enrollment", enrollment))
    if "exit" in values:
        for field, value in values.pop("exit").items():
            setattr(enrollment.exit, field, value)
        _stamp(enrollment.exit, acting_user, enrollment.exit.owner_org or owner)
        items.append((0, "exit", enrollment.exit))
    code = STAGE_CODES[stage]
    fresh = _stage_records(
        enrollment=enrollment, stage=stage, information_date=on, values=values, acting_user=acting_user
    )
    for kind, new in fresh:
        model = type(new)
        existing = model.objects.alive().filter(enrollment=enrollment, data_collection_stage=code)
        if model is Disability:
            existing = existing.filter(disability_type=new.disability_type)
        current = existing.order_by("pk").first()
        if current is not None:
            for field, value in values[kind].items():
                setattr(current, field, value)
            if model is IncomeBenefits and current.income_from_any_source == 1:
                current.total_monthly_income = new.total_monthly_income
            _stamp(current, acting_user, current.owner_org or owner)
            items.append((0, kind, current))
        else:
            items.append((0, kind, new))
    _save_checked(items, errors, {0: {q.key for q in coll.questions}})
    errors.raise_if_any()
    for _index, _kind, record in items:
        created = record.pk is None
        record.save()
        audit(user=acting_user, action="create" if created else "update", obj=record)
