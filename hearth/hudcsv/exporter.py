"""HMIS CSV FY2026 exporter: the 24 files as a streaming projection of the models (ARCHITECTURE.md section 6).

Each column is read from the model field ``standards.field_name(column)``: the first column (the record's ID) from
``hud_id``, reference columns (PersonalID, EnrollmentID, ProjectID, ...) from the related record's ``hud_id``
through a join in the same query, ``UserID`` as below and ``ExportID`` from the new export.
Rows are streamed; no table is held in memory. On PostgreSQL the database formats the values and each file's query
leaves through ``COPY (query) TO STDOUT (FORMAT csv)`` (about 2.5x faster); elsewhere, and for hashed Client.csv,
``QuerySet.iterator(chunk_size=...)`` feeds ``csv.writer``. Both give the same bytes: blanks empty and unquoted,
lines ending in LF.

Scope (which records belong to an export):

- Enrollments: with ``start``/``end``, an enrollment belongs when it overlaps the period: entry date <= end and
  (no exit, or exit date >= start). ``project_ids`` (database keys) keeps enrollments in those projects;
  ``organization_ids`` (an agency representative's export) keeps enrollments in those organizations' projects.
- Enrollment-level files (Exit, IncomeBenefits, HealthAndDV, EmploymentEducation, Disabilities, Services,
  CurrentLivingSituation, Assessment, AssessmentQuestions, AssessmentResults, Event, YouthEducationStatus): every
  record of an included enrollment, whatever its own date. HUD's CSV notes give no dating rule for these files, and
  a report on the period needs the records made at entry (before the period) and at exit (after it).
- Clients: those of the included enrollments. With no date range and no project list, every client in scope is
  exported, also those without an enrollment; ``organization_ids`` limits clients to those the agency may see
  (as ``hearth.clients.access.visible_clients``: owned by the agency, or enrolled in one of its projects).
- Projects: all in scope (``project_ids``, else the projects of ``organization_ids``, else all). Their Funder,
  ProjectCoC, Inventory, Affiliation, HMISParticipation and CEParticipation rows follow their project.
  Organizations: those of the exported projects (plus ``organization_ids``; all when unscoped).
- Users: every HMIS user named in a UserID column of the export (soft-deleted or not, so that each UserID resolves),
  plus, in an unscoped export, every other user not deleted.

UserID is required in every file (FY2026) and must resolve to a User.csv row. It is the record's ``hud_user``; for a
record without one (made by a code path that did not stamp an HMIS user), the HMIS user record of the login that
created it (``created_by``; ``HudUser.for_login`` makes the missing ones before the export's snapshot); and when there
is none either, the "Hearth (system)" user: one local ``accounts.HudUser`` with hud_id ``hearth-system``
(``SYSTEM_USER_ID``), first name "Hearth", last name "System", no login, made on the first export and reused after.
The choice is one SQL ``COALESCE`` in each file's query (no per-row lookups), the same on both ways of writing.

Soft-deleted records (DateDeleted set) are left out: this exporter writes a full refresh (ExportDirective 2), where
the receiver replaces its copy with what it gets, so a deleted record is simply absent. Deleted rows are only
meaningful in a delta refresh (ExportDirective 1), which Hearth does not write. The one exception is User.csv (above).

Hashing (HashStatus 4, "SHA-256 (RHY)"): only Client.csv FirstName, MiddleName, LastName and SSN change, and no other
field. HUD's CSV notes point these four columns (and not NameSuffix) to the Hash Status section, whose rule is the
SHA-1 one of HashStatus 2 with SHA-256 in its place (HUD XSD ``hashStatus``; the HUD Data Lab's and other HMIS
exporters agree): a name becomes the lowercase hex SHA-256 of the American Soundex code of the name (no salt); the
SSN becomes its last four characters, unhashed, followed by the lowercase hex SHA-256 of the full nine-character SSN
(4 + 64 = 68 characters; an unknown digit is a lowercase ``x``, and a short SSN is padded with ``x`` on the left).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connection, models, transaction
from django.db.models import Exists, F, Func, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from hearth import standards
from hearth.core.audit import audit

SPEC_YEAR = "2026"
CHUNK_SIZE = 5000
SOFTWARE_NAME = "Hearth"
SOURCE_TYPE_HMIS = 1  # list 1.9: continuum-operated HMIS
PERIOD_REPORTING = 3  # list 1.1
PERIOD_OTHER = 4
DIRECTIVE_FULL_REFRESH = 2  # list 1.2
HASH_NONE = 1  # list 1.5
HASH_SHA256 = 4
HASHED_NAME_COLUMNS = ("FirstName", "MiddleName", "LastName")

DIRECTORY_FILES = (
    "Funder.csv",
    "ProjectCoC.csv",
    "Inventory.csv",
    "Affiliation.csv",
    "HMISParticipation.csv",
    "CEParticipation.csv",
)
ENROLLMENT_FILES = (
    "Exit.csv",
    "IncomeBenefits.csv",
    "HealthAndDV.csv",
    "EmploymentEducation.csv",
    "Disabilities.csv",
    "Services.csv",
    "CurrentLivingSituation.csv",
    "Assessment.csv",
    "AssessmentQuestions.csv",
    "AssessmentResults.csv",
    "Event.csv",
    "YouthEducationStatus.csv",
)
_EXPORT_ID_ALIAS = "hearth_export_id"
# The HMIS user (User.csv UserID) that stands for Hearth itself when a record names no user and no creating login.
SYSTEM_USER_ID = "hearth-system"
# Lines end in LF, as PostgreSQL's COPY writes them, so both ways of writing give the same bytes.
LINE_END = "\n"


# --- hashing (HashStatus 4) ---------------------------------------------------------------------------------------

_SOUNDEX_CODES = {
    **dict.fromkeys("BFPV", "1"),
    **dict.fromkeys("CGJKQSXZ", "2"),
    **dict.fromkeys("DT", "3"),
    "L": "4",
    **dict.fromkeys("MN", "5"),
    "R": "6",
}


def soundex(name: str) -> str:
    """American Soundex of a name (``"Robert"`` -> ``"R163"``); accents are dropped, other non-letters ignored."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    letters = [c for c in ascii_name if "A" <= c <= "Z"]
    if not letters:
        return ""
    first = letters[0]
    out = [first]
    previous = _SOUNDEX_CODES.get(first, "")
    for c in letters[1:]:
        code = _SOUNDEX_CODES.get(c, "")
        if code and code != previous:
            out.append(code)
            if len(out) == 4:
                break
        if c not in "HW":  # H and W do not separate two letters with the same code; vowels do
            previous = code
    return "".join(out).ljust(4, "0")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_name(value: str) -> str:
    """HashStatus 4 name: SHA-256 of the name's Soundex code."""
    return _sha256(soundex(value)) if value else value


def hash_ssn(value: str) -> str:
    """HashStatus 4 SSN: the unhashed last four characters followed by the SHA-256 of the full SSN."""
    if not value:
        return value
    ssn = value.lower().rjust(9, "x")
    return ssn[-4:] + _sha256(ssn)


def _clear_ssn(value: str) -> str:
    """The SSN as the model field gives it (decrypted)."""
    return value


# --- formatting ---------------------------------------------------------------------------------------------------


def _datetime_formatter(tz: ZoneInfo) -> Callable[[datetime], str]:
    def fmt(value: datetime) -> str:
        if timezone.is_aware(value):
            value = value.astimezone(tz)
        return (
            f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        )

    return fmt


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _date(value: date) -> str:
    return value.isoformat()


def _formatter(column: standards.Column, tz: ZoneInfo, hash_pii: bool) -> Callable[[Any], str] | None:
    """How a column's value is written; None when ``csv.writer``'s own ``str()`` is already HUD's format."""
    if column.file == "Client.csv" and column.name == "SSN":
        # Stored encrypted: the model field decrypts it in Python (SQL alone, e.g. COPY, would write the ciphertext).
        return hash_ssn if hash_pii else _clear_ssn
    if hash_pii and column.file == "Client.csv" and column.name in HASHED_NAME_COLUMNS:
        return hash_name
    if column.type == "T":
        return _datetime_formatter(tz)
    if column.type.startswith("M"):
        return _money
    if column.type == "D":
        return _date
    return None


# --- models and projections ---------------------------------------------------------------------------------------


def model_for(file: str) -> type[models.Model]:
    """The model that stores an HMIS CSV file."""
    for model in apps.get_models():
        if getattr(model, "HUD_FILE", "") == file:
            return model
    raise LookupError(f"no model stores {file}")


def _user_id() -> Coalesce:
    """UserID: the record's HMIS user, else its creating login's, else the Hearth (system) user (module docstring)."""
    return Coalesce(
        F("hud_user__hud_id"),
        F("created_by__hud_user__hud_id"),
        Value(SYSTEM_USER_ID),
        output_field=models.CharField(),
    )


def _user_pk(system_pk: int) -> Coalesce:
    """The database key of the HMIS user that ``_user_id`` names."""
    return Coalesce(
        F("hud_user_id"), F("created_by__hud_user__id"), Value(system_pk), output_field=models.IntegerField()
    )


def _lookup(model: type[models.Model], column: standards.Column) -> str:
    """The ``values_list`` lookup that yields a column's value."""
    if column.is_id:
        return "hud_id"
    if column.name == "ExportID":
        return _EXPORT_ID_ALIAS
    name = standards.field_name(column.name)
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        return f"{name}__hud_id"
    return name


class _PgLocalTime(Func):
    """PostgreSQL: a timestamptz as HUD's ``YYYY-MM-DD HH:MM:SS`` in the CoC's time zone (expressions: zone, value).

    A local timestamp without fractions prints so under DateStyle ISO, which Django's connections use (and the export
    sets); this is much cheaper for the server than ``to_char``.
    """

    template = "date_trunc('second', timezone(%(expressions)s))::text"
    output_field = models.TextField()


class _PgBlankIsNull(Func):
    """An empty string leaves COPY as a bare empty field, like a NULL (COPY would quote it)."""

    template = "NULLIF(%(expressions)s, '')"
    output_field = models.TextField()


@dataclass
class Projection:
    """How a file's rows come out of its queryset: the query, and what Python still does to each row."""

    queryset: models.QuerySet
    formatters: list[tuple[int, Callable[[Any], str]]]


def projection(queryset: models.QuerySet, file: str, *, export_id: str, hash_pii: bool = False) -> Projection:
    """The ``values_list`` query that yields ``file``'s columns in HUD's order.

    On PostgreSQL the database formats dates, date-times (in settings.TIME_ZONE) and money as HUD writes them, so
    rows need no work in Python (and can leave through COPY); elsewhere Python formats them.
    """
    layout = standards.layout(file, SPEC_YEAR)
    model = queryset.model
    tz = ZoneInfo(settings.TIME_ZONE)
    in_sql = queryset.db == "default" and connection.vendor == "postgresql"
    annotations: dict[str, Any] = {}
    names: list[str] = []
    formatters: list[tuple[int, Callable[[Any], str]]] = []
    for i, column in enumerate(layout):
        lookup = _lookup(model, column)
        fmt = _formatter(column, tz, hash_pii)
        alias = f"hearth_c{i}"
        if lookup == _EXPORT_ID_ALIAS:
            annotations[alias] = Value(export_id, output_field=models.CharField())
        elif column.name == "UserID" and not column.is_id:
            annotations[alias] = _PgBlankIsNull(_user_id()) if in_sql else _user_id()
        elif not in_sql or fmt in (hash_name, hash_ssn, _clear_ssn):
            annotations[alias] = F(lookup)
            if fmt is not None:
                formatters.append((i, fmt))
        elif column.type == "T":
            annotations[alias] = _PgLocalTime(Value(settings.TIME_ZONE), F(lookup))
        elif column.type == "D" or column.type.startswith("M"):
            # Under DateStyle ISO a date prints as YYYY-MM-DD; numeric(12, 2) prints its two decimals.
            annotations[alias] = Cast(F(lookup), models.TextField())
        elif column.base_type == "string":
            annotations[alias] = _PgBlankIsNull(F(lookup))
        else:
            annotations[alias] = F(lookup)
        names.append(alias)
    qs = queryset.order_by("pk").annotate(**annotations).values_list(*names)
    return Projection(qs, formatters)


def rows(
    queryset: models.QuerySet, file: str, *, export_id: str, hash_pii: bool = False, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[Any]]:
    """Stream a queryset of ``file``'s model as HMIS CSV rows (values already formatted, None for blank)."""
    plan = projection(queryset, file, export_id=export_id, hash_pii=hash_pii)
    formatters = plan.formatters
    for record in plan.queryset.iterator(chunk_size=chunk_size):
        row = list(record)
        for i, fmt in formatters:
            value = row[i]
            if value is not None:
                row[i] = fmt(value)
        yield row


def _copy(handle: Any, plan: Projection) -> int:
    """PostgreSQL: stream the projection's rows with COPY ... TO STDOUT (CSV) into ``handle``; return the count."""
    try:
        sql, params = plan.queryset.query.sql_with_params()
    except EmptyResultSet:  # Django knows without asking that nothing matches (e.g. ``pk__in=[]``)
        return 0
    handle.flush()
    raw = handle.buffer
    with connection.cursor() as cursor:
        pg_cursor = cursor.cursor
        with pg_cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
            for block in copy:
                raw.write(block)
        return pg_cursor.rowcount


# --- scope --------------------------------------------------------------------------------------------------------


@dataclass
class Scope:
    start: date | None = None
    end: date | None = None
    project_ids: list[int] | None = None
    organization_ids: list[int] | None = None

    @property
    def is_full(self) -> bool:
        return self.start is None and self.end is None and self.project_ids is None and self.organization_ids is None

    def querysets(self) -> dict[str, models.QuerySet]:
        """Each file's records in this scope, not soft-deleted (User.csv is resolved after the others)."""
        m = {file: model_for(file) for file in standards.files(SPEC_YEAR)}
        projects = m["Project.csv"].objects.alive()
        if self.project_ids is not None:
            projects = projects.filter(pk__in=self.project_ids)
        if self.organization_ids is not None:
            projects = projects.filter(organization_id__in=self.organization_ids)
        projects = projects.filter(organization__date_deleted__isnull=True)

        organizations = m["Organization.csv"].objects.alive()
        if self.project_ids is not None or self.organization_ids is not None:
            in_scope = Q(pk__in=projects.values("organization_id"))
            if self.organization_ids is not None and self.project_ids is None:
                in_scope |= Q(pk__in=self.organization_ids)
            organizations = organizations.filter(in_scope)

        enrollments = (
            m["Enrollment.csv"].objects.alive().filter(project__in=projects, client__date_deleted__isnull=True)
        )
        if self.end is not None:
            enrollments = enrollments.filter(entry_date__lte=self.end)
        if self.start is not None:
            # An exit that is soft-deleted does not count: the stay is still open.
            enrollments = enrollments.filter(
                Q(exit__isnull=True) | Q(exit__date_deleted__isnull=False) | Q(exit__exit_date__gte=self.start)
            )

        clients = m["Client.csv"].objects.alive()
        if self.start is not None or self.end is not None or self.project_ids is not None:
            clients = clients.filter(pk__in=enrollments.values("client_id"))
        elif self.organization_ids is not None:
            enrolled_here = m["Enrollment.csv"].objects.filter(
                client=OuterRef("pk"), project__organization_id__in=self.organization_ids, date_deleted__isnull=True
            )
            clients = clients.filter(Q(owner_org_id__in=self.organization_ids) | Q(Exists(enrolled_here)))

        out: dict[str, models.QuerySet] = {
            "Organization.csv": organizations,
            "Project.csv": projects,
            "Client.csv": clients,
            "Enrollment.csv": enrollments,
        }
        for file in DIRECTORY_FILES:
            qs = m[file].objects.alive().filter(project__in=projects)
            if file == "Affiliation.csv":
                qs = qs.filter(residential_project__date_deleted__isnull=True)
            out[file] = qs
        for file in ENROLLMENT_FILES:
            qs = m[file].objects.alive().filter(enrollment__in=enrollments)
            if file in ("AssessmentQuestions.csv", "AssessmentResults.csv"):
                qs = qs.filter(assessment__date_deleted__isnull=True)
            out[file] = qs
        return out


def _system_user() -> Any:
    """The "Hearth (system)" HMIS user (``SYSTEM_USER_ID``), made on first use."""
    user_model = model_for("User.csv")
    record, _created = user_model.objects.get_or_create(
        hud_id=SYSTEM_USER_ID,
        data_source=None,
        defaults={"user_first_name": "Hearth", "user_last_name": "System"},
    )
    return record


def _prepare_users(querysets: dict[str, models.QuerySet]) -> None:
    """Make the HMIS user records UserID needs: the creating logins' (``HudUser.for_login``) and the system user.

    One query per file (the distinct creating logins of records with no HMIS user and whose login has none yet),
    then one ``for_login`` per such login. Run before the export's read-only snapshot.
    """
    user_model = model_for("User.csv")
    logins: set[int] = set()
    for qs in querysets.values():
        logins.update(
            qs.order_by()
            .filter(hud_user__isnull=True, created_by__isnull=False, created_by__hud_user__isnull=True)
            .values_list("created_by", flat=True)
            .distinct()
        )
    if logins:
        login_model = user_model._meta.get_field("login").related_model
        for login in login_model.objects.filter(pk__in=logins).order_by("pk"):
            user_model.for_login(login)
    _system_user()


def _users(querysets: dict[str, models.QuerySet], full: bool) -> models.QuerySet:
    """User.csv: every user a UserID column of the export names (plus all live users in an unscoped export)."""
    user_model = model_for("User.csv")
    named: set[int] = set()
    candidates: list[int] | None = None
    system = user_model.objects.filter(hud_id=SYSTEM_USER_ID, data_source__isnull=True).first()
    system_pk = system.pk if system is not None else None
    if full:
        # Every live user is exported anyway: only a deleted user that a row still names needs looking for.
        candidates = list(user_model.objects.filter(date_deleted__isnull=False).values_list("pk", flat=True))
    if candidates != []:
        for qs in querysets.values():
            qs = qs.order_by().annotate(hearth_user_pk=_user_pk(system_pk))
            if candidates is not None:
                qs = qs.filter(hearth_user_pk__in=candidates)
            named.update(qs.values_list("hearth_user_pk", flat=True).distinct())
    named.discard(None)
    condition = Q(pk__in=named)
    if full:
        condition |= Q(date_deleted__isnull=True)
    return user_model.objects.filter(condition)


# --- output -------------------------------------------------------------------------------------------------------


class _Output:
    """A folder or a .zip the files are written into; a zip is written beside its name and moved there when done."""

    def __init__(self, output: Path) -> None:
        self.path = output
        self.is_zip = output.suffix.lower() == ".zip"
        if self.is_zip:
            output.parent.mkdir(parents=True, exist_ok=True)
            self.partial = output.with_name(output.name + ".part")
            self.zip = zipfile.ZipFile(self.partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        else:
            output.mkdir(parents=True, exist_ok=True)

    def open(self, name: str) -> io.TextIOBase:
        if self.is_zip:
            return io.TextIOWrapper(self.zip.open(name, "w", force_zip64=True), encoding="utf-8", newline="")
        return open(self.path / name, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by the caller

    def close(self, ok: bool) -> None:
        if not self.is_zip:
            return
        self.zip.close()
        if ok:
            os.replace(self.partial, self.path)
        else:
            self.partial.unlink(missing_ok=True)


def _write(out: _Output, file: str, records: Iterable[list[Any]] | Projection) -> int:
    count = 0
    with out.open(file) as handle:
        writer = csv.writer(handle, lineterminator=LINE_END)
        writer.writerow(standards.header(file, SPEC_YEAR))
        if isinstance(records, Projection):
            return _copy(handle, records)
        for row in records:
            writer.writerow(row)
            count += 1
    return count


# --- the service --------------------------------------------------------------------------------------------------


def _software_version() -> str:
    try:
        return metadata.version("hearth")
    except metadata.PackageNotFoundError:
        return ""


def _source_name() -> str:
    from hearth.directory.models import CoC

    coc = CoC.objects.filter(code=settings.HEARTH_COC_CODE).first()
    name = getattr(settings, "HEARTH_SOURCE_NAME", "") or (coc.name if coc else "")
    return (name or f"Hearth HMIS {settings.HEARTH_COC_CODE}")[:50]


def _allowed_organizations(acting_user: Any, organization_ids: list[int] | None) -> list[int] | None:
    """An export by someone who is not the HMIS lead covers only the agencies they represent."""
    if acting_user is None or getattr(acting_user, "is_lead_admin", False):
        return organization_ids
    from hearth.accounts.models import Role

    mine = set(acting_user.organization_ids(Role.AGENCY_ADMIN))
    if not mine:
        raise PermissionDenied("Only the HMIS lead or an agency's HMIS representative may export HMIS CSV.")
    if organization_ids is None:
        return sorted(mine)
    if set(organization_ids) - mine:
        raise PermissionDenied("You may export only the agencies you represent.")
    return list(organization_ids)


def export_csv(
    *,
    output: str | Path,
    start: date | None = None,
    end: date | None = None,
    project_ids: Iterable[int] | None = None,
    hash_pii: bool = False,
    acting_user: Any = None,
    organization_ids: Iterable[int] | None = None,
    chunk_size: int = CHUNK_SIZE,
    use_copy: bool | None = None,
) -> Any:
    """Write the 24 HMIS CSV FY2026 files to a folder or a .zip (by ``output``'s suffix); return the hudcsv.Export.

    On PostgreSQL each file leaves through ``COPY (the file's query) TO STDOUT`` unless ``use_copy=False``; otherwise
    (SQLite, and hashed Client.csv) rows are streamed with ``iterator()`` into ``csv.writer``. Both give the same bytes.
    """
    from hearth.hudcsv.models import Export

    use_copy = connection.vendor == "postgresql" and use_copy is not False

    if start is not None and end is not None and end < start:
        raise ValueError("The export end date is before its start date.")
    started = time.perf_counter()
    export_date = timezone.now()
    scope = Scope(
        start=start,
        end=end,
        project_ids=list(project_ids) if project_ids is not None else None,
        organization_ids=_allowed_organizations(
            acting_user, list(organization_ids) if organization_ids is not None else None
        ),
    )
    today = timezone.localdate(export_date)
    with transaction.atomic():
        # Writes (HMIS user records that UserID names) come before the read-only snapshot.
        _prepare_users(scope.querysets())
    out = _Output(Path(output))
    ok = False
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    try:
        with transaction.atomic():
            if snapshot:
                # One snapshot for all 24 files, so that every reference resolves.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    cursor.execute("SET LOCAL DateStyle TO 'ISO, YMD'")
            querysets = scope.querysets()
            querysets["User.csv"] = _users(querysets, scope.is_full)
            period_start = start
            if period_start is None:
                first = querysets["Enrollment.csv"].order_by().aggregate(first=models.Min("entry_date"))["first"]
                period_start = min(first, today) if first else today
            contact = acting_user if getattr(acting_user, "is_authenticated", False) else None
            hud_contact = getattr(contact, "hud_user", None) if contact is not None else None
            export = Export(
                direction=Export.Direction.EXPORT,
                source_type=SOURCE_TYPE_HMIS,
                source_id=settings.HEARTH_COC_CODE,
                source_name=_source_name(),
                source_contact_first=(contact.first_name if contact else "")[:50],
                source_contact_last=(contact.last_name if contact else "")[:50],
                source_contact_phone=(hud_contact.user_phone if hud_contact else ""),
                source_contact_extension=(hud_contact.user_extension if hud_contact else ""),
                source_contact_email=(contact.email if contact else "")[:320],
                export_date=export_date,
                export_start_date=period_start,
                export_end_date=end or today,
                software_name=SOFTWARE_NAME,
                software_version=_software_version(),
                csv_version=SPEC_YEAR,
                export_period_type=PERIOD_REPORTING if (start or end) else PERIOD_OTHER,
                export_directive=DIRECTIVE_FULL_REFRESH,
                hash_status=HASH_SHA256 if hash_pii else HASH_NONE,
                implementation_id=getattr(settings, "HEARTH_IMPLEMENTATION_ID", "")
                or f"Hearth {settings.HEARTH_COC_CODE}",
                created_by=contact,
            )
            counts: dict[str, int] = {}
            for file in standards.files(SPEC_YEAR):
                if file == "Export.csv":
                    counts[file] = _write(out, file, [_export_row(export)])
                    continue
                plan = projection(querysets[file], file, export_id=export.hud_id, hash_pii=hash_pii)
                if use_copy and not plan.formatters:
                    counts[file] = _write(out, file, plan)
                else:
                    counts[file] = _write(
                        out,
                        file,
                        rows(querysets[file], file, export_id=export.hud_id, hash_pii=hash_pii, chunk_size=chunk_size),
                    )
            seconds = time.perf_counter() - started
            export.report = {
                "counts": counts,
                "seconds": round(seconds, 3),
                "output": str(output),
                "scope": {
                    "start": start.isoformat() if start else None,
                    "end": end.isoformat() if end else None,
                    "project_ids": scope.project_ids,
                    "organization_ids": scope.organization_ids,
                    "hashed": hash_pii,
                },
            }
        ok = True
    finally:
        out.close(ok)
    # The export's own record and its audit event are written after the read-only snapshot.
    with transaction.atomic():
        export.save()
        audit(
            user=acting_user,
            action="export",
            obj=export,
            detail={"rows": sum(counts.values()), "counts": counts, **export.report["scope"]},
        )
    return export


def _export_row(export: Any) -> list[Any]:
    tz = ZoneInfo(settings.TIME_ZONE)
    row: list[Any] = []
    for column in standards.layout("Export.csv", SPEC_YEAR):
        value = getattr(export, _lookup(type(export), column))
        fmt = _formatter(column, tz, hash_pii=False)
        row.append(fmt(value) if fmt is not None and value not in (None, "") else value)
    return row
