"""HMIS CSV import: write a validated export (any supported spec year) into the database (ARCHITECTURE.md section 6).

``read_export`` validates the whole export first; only an export without errors is written, in one transaction, in
dependency order (organizations and users, projects and their descriptors, clients, enrollments, then what was
collected during the stays). Records keep their source IDs: a record is keyed by (data source, ``hud_id``), so

- importing the same export again changes nothing (every row is "unchanged" and no UPDATE is issued);
- a later export from the same source updates the records whose DateUpdated is newer than the stored one, and a
  DateDeleted marks the stored record deleted (soft delete), also when DateUpdated did not move;
- the same ID in two data sources is two records.

Records absent from a later export are left alone, whatever its ExportDirective: a full refresh (1.2 code 2) of one
agency or period does not say that what it leaves out was deleted, and HUD's notes give no rule that it does.

Speed: rows are streamed from the reader; only ``{hud_id: pk}`` maps of the referenced files and a few
``pk -> organization`` maps stay in memory. New rows go in through one ``COPY ... FROM STDIN`` per file on PostgreSQL,
fed while the file is read (so the database works on one core while this process reads on another), and with
``bulk_create`` in batches of ``BATCH_SIZE`` elsewhere; changed rows with ``bulk_update``. A large load into a small
table is bulk-loaded (``hudcsv.bulk``: foreign keys dropped and checked once at the end, in the same
transaction). The Export row that describes the import (its ``report`` holds counts, errors and warnings) is saved
outside the transaction that writes data, so a failed or dry run is still recorded. A dry run writes everything
inside the transaction and rolls it back, so its counts and the database's own checks are exactly those of a real run.
"""

from __future__ import annotations

import gc
import logging
import operator
import re
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth import standards
from hearth.core.audit import audit
from hearth.core.crypto import seal_ssn
from hearth.hudcsv import bulk
from hearth.hudcsv.copytext import LineMaker
from hearth.hudcsv.exporter import model_for
from hearth.hudcsv.reader import IssueLog, ReadResult, export_row, raw_columns, read_export
from hearth.hudcsv.validate import ERROR, WARNING, BadValue, parse_date

logger = logging.getLogger(__name__)

SPEC_YEAR = standards.CURRENT_SPEC_YEAR
BATCH_SIZE = 5000

# Dependency order: every file comes after the files its reference columns point to (User.csv first: every other
# file's UserID, Organization.csv's too, names a user).
IMPORT_ORDER = (
    "User.csv", "Organization.csv", "Project.csv", "Funder.csv", "ProjectCoC.csv", "Inventory.csv",
    "Affiliation.csv", "HMISParticipation.csv", "CEParticipation.csv", "Client.csv", "Enrollment.csv", "Exit.csv",
    "IncomeBenefits.csv", "HealthAndDV.csv", "EmploymentEducation.csv", "Disabilities.csv", "Services.csv",
    "CurrentLivingSituation.csv", "Assessment.csv", "AssessmentQuestions.csv", "AssessmentResults.csv", "Event.csv",
    "YouthEducationStatus.csv",
)  # fmt: skip
# Files other files refer to: their {hud_id: pk} maps are kept for the whole import.
REFERENCED = {"Organization.csv", "User.csv", "Project.csv", "Client.csv", "Enrollment.csv", "Assessment.csv"}
KEYS_PER_CLIENT = 6  # search keys (``dedup.keys``) per client, about, to choose whether to bulk-load them
MAX_REFUSED_ROWS = 20  # rows of a refused batch located and listed
COUNT_KEYS = ("read", "created", "updated", "unchanged", "deleted")

# Fallbacks for the Export row of an import whose Export.csv is missing or unreadable (valid codes, so it saves).
EXPORT_FALLBACKS = {"SourceType": 1, "ExportPeriodType": 4, "ExportDirective": 2, "HashStatus": 1}


class _Rollback(Exception):
    """Raised inside the writing transaction to undo it (errors found while writing, or a dry run)."""


@dataclass
class _Column:
    name: str  # CSV column
    attname: str  # model attribute (``project_id`` for a reference)
    kind: str  # "value" | "text" (None -> "") | "datetime" | "ref" | "user" | "export"
    target: str = ""  # referenced file, for "ref"


@dataclass
class _Plan:
    file: str
    model: type[models.Model]
    id_column: str
    columns: list[_Column]
    update_fields: list[str]  # field names written when a changed row is updated
    insert_fields: list[models.Field] = field(default_factory=list)  # concrete fields but the pk, for COPY

    def __post_init__(self) -> None:
        # The columns grouped by how a value is converted, so that converting a row is a few tight loops.
        self.plain = [(c.name, c.attname) for c in self.columns if c.kind == "value"]
        # Plain values are copied with C loops: pick the row's values in one call, pair them with the attributes.
        names = [name for name, _attname in self.plain]
        self.plain_attnames = tuple(attname for _name, attname in self.plain)
        self.pick_plain = operator.itemgetter(*names) if len(names) > 1 else (lambda row: tuple(row[n] for n in names))
        self.texts = [(c.name, c.attname) for c in self.columns if c.kind == "text"]
        self.datetimes = [(c.name, c.attname) for c in self.columns if c.kind == "datetime"]
        self.references = [c for c in self.columns if c.kind in ("ref", "user")]
        self.has_export = any(c.kind == "export" for c in self.columns)


def _plan(file: str) -> _Plan:
    model = model_for(file)
    layout = standards.layout(file, SPEC_YEAR)
    columns: list[_Column] = []
    # A client's owner is Hearth's own (the organization of its first enrollment), not the export's: kept on update.
    update_fields = ["export", "updated_by"] if file == "Client.csv" else ["owner_org", "export", "updated_by"]
    for col in layout:
        if col.is_id:
            continue
        if col.name == "ExportID":
            columns.append(_Column(col.name, "export_id", "export"))
            continue
        model_field = model._meta.get_field(col.field_name)
        if model_field.is_relation:
            target = model_field.related_model.HUD_FILE  # type: ignore[union-attr]
            kind = "user" if col.name == "UserID" else "ref"
            columns.append(_Column(col.name, model_field.attname, kind, target))
        elif isinstance(model_field, models.DateTimeField):
            columns.append(_Column(col.name, model_field.attname, "datetime"))
        elif isinstance(model_field, models.CharField | models.TextField) and not model_field.null:
            columns.append(_Column(col.name, model_field.attname, "text"))
        else:
            columns.append(_Column(col.name, model_field.attname, "value"))
        update_fields.append(model_field.name)
    insert_fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    return _Plan(file, model, layout[0].name, columns, update_fields, insert_fields)


def _batches(iterable: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(iterable)
    while batch := list(islice(it, size)):
        yield batch


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _constraint_name(exc: BaseException) -> str:
    """The constraint a database error names (PostgreSQL diagnostics, or SQLite's message)."""
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None) if diag is not None else None
    if name:
        return name
    match = re.search(r"constraint failed: (\S+)", str(exc))
    return match.group(1) if match else ""


class _Importer:
    """One import's state: the data source, the new Export row, ID maps, counts and the issues found while writing."""

    def __init__(self, export: Any, data_source: Any, *, acting_user: Any,
                 organization_ids: set[int] | None, progress: Any = None) -> None:  # fmt: skip
        self.result: ReadResult | None = None
        self.progress = progress
        self.export = export
        self.ds = data_source
        self.user_id = acting_user.pk if getattr(acting_user, "is_authenticated", False) else None
        self.allowed = organization_ids
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.log = IssueLog()
        self.counts: dict[str, Counter] = {}
        self.ids: dict[str, dict[str, int]] = {}
        self.project_org: dict[int, int] | None = None
        self.enrollment_org: dict[int, int | None] | None = None
        self.new_clients: set[int] = set()
        self.updated_clients: set[int] = set()
        self.merged_clients: dict[str, int] = {}  # HUD PersonalID of a merged-away record -> its survivor's pk
        self.client_first: dict[int, tuple[date, int | None]] = {}  # new client -> (first entry date, its org)
        self.owner_hints: dict[str, int] = {}  # PersonalID -> owner foreseen from Enrollment.csv
        self.path: str | Path = ""
        self.use_copy = connection.vendor == "postgresql"
        self.bulk = bulk.BulkLoad()
        self.file = ""
        self.references: list[tuple[str, str, dict[str, int], bool, str]] = []
        self.seconds: dict[str, float] = {}  # wall-clock seconds of each phase (the import's report keeps them)
        self.pending_pairs: Any = None  # waits for the new clients' likely duplicates (``start_matching``)

    @contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[phase] = round(time.perf_counter() - started, 2)

    # -- maps ------------------------------------------------------------------------------------------------------

    def _load_ids(self, model: type[models.Model]) -> dict[str, int]:
        ids = dict(model.objects.filter(data_source=self.ds).values_list("hud_id", "pk").iterator(20000))
        if model is model_for("Client.csv") and ids:
            self._follow_merges(ids)
        return ids

    def _follow_merges(self, ids: dict[str, int]) -> None:
        """A client record merged into another stands for its survivor: this export's rows that name it attach to the
        survivor, and its own Client.csv row is not written again (it would revive the merged-away record)."""
        from hearth.dedup.models import Merge
        from hearth.dedup.services import resolve_client_id

        merged = set(Merge.objects.active().filter(merged_id__in=ids.values()).values_list("merged_id", flat=True))
        if not merged:
            return
        for hud_id, pk in ids.items():
            if pk in merged:
                self.merged_clients[hud_id] = ids[hud_id] = resolve_client_id(pk)

    def _ensure_maps(self, plan: _Plan) -> None:
        """Load what this file's rows refer to that no earlier file of this export loaded (a delta export may
        leave out the projects or clients its enrollments name: they are then looked up among stored records)."""
        for col in plan.columns:
            if col.kind in ("ref", "user") and col.target not in self.ids:
                self.ids[col.target] = self._load_ids(model_for(col.target))
        names = {col.attname for col in plan.columns}
        if "project_id" in names and self.project_org is None:
            self.project_org = self._org_map(model_for("Project.csv"), "organization_id")
        if "enrollment_id" in names and self.enrollment_org is None:
            self.enrollment_org = self._org_map(model_for("Enrollment.csv"), "owner_org_id")

    def _org_map(self, model: type[models.Model], org_lookup: str) -> dict[int, Any]:
        return dict(model.objects.filter(data_source=self.ds).values_list("pk", org_lookup).iterator(20000))

    # -- rows ------------------------------------------------------------------------------------------------------

    def error(self, line: int | None, column: str | None, value: Any, rule: str, message: str) -> None:
        self.log.add(self.file, line, column, value, rule, ERROR, message)

    def convert(self, plan: _Plan, line: int, row: dict[str, Any]) -> dict[str, Any] | None:
        """A CSV row as model attribute values, references resolved; None (with an error issue) if one is unknown."""
        values = dict(zip(plan.plain_attnames, plan.pick_plain(row), strict=True))
        for name, attname in plan.texts:
            value = row[name]
            values[attname] = "" if value is None else value
        tz = self.tz
        for name, attname in plan.datetimes:
            value = row[name]
            values[attname] = value.replace(tzinfo=tz) if value is not None and value.tzinfo is None else value
        if plan.has_export:
            values["export_id"] = self.export.pk
        ok = True
        for name, attname, known, required, target in self.references:
            value = row[name]
            if value is not None:
                pk = known.get(value)
                if pk is None and required:
                    ok = False
                    self.error(line, name, value, "reference", f"no {target} record has this ID in this data source")
                value = pk
            values[attname] = value
        if not ok:
            return None
        if plan.file == "Client.csv":  # stored encrypted (COPY bypasses the model field that would do it)
            values["ssn"] = seal_ssn(values["ssn"])
        return self._owner(plan, line, row, values)

    def _owner(self, plan: _Plan, line: int, row: dict[str, Any], values: dict[str, Any]) -> dict[str, Any] | None:
        """Set ``owner_org_id`` (the project's organization) and apply an agency representative's limits."""
        file = plan.file
        allowed = self.allowed
        if file == "Organization.csv":
            scoped = self.ds.organization if self.ds is not None and self.ds.organization_id else None
            if scoped is not None:
                return self._attach(line, row, scoped)
            if allowed is not None and self.ids["Organization.csv"].get(row["OrganizationID"]) not in allowed:
                self.error(line, "OrganizationID", row["OrganizationID"], "not_your_organization",
                           f"organization {row['OrganizationID']} is not one of your organizations")  # fmt: skip
                return None
            return values
        if file == "Project.csv":
            org = values["organization_id"]
            if allowed is not None:
                existing = self.ids["Project.csv"].get(row["ProjectID"])
                if org not in allowed or (existing is not None and self.project_org.get(existing) not in allowed):
                    self.error(line, "ProjectID", row["ProjectID"], "not_your_project",
                               f"project {row['ProjectID']} is not one of your organization's projects")  # fmt: skip
                    return None
            values["owner_org_id"] = org
        elif "project_id" in values:  # project descriptors and enrollments
            org = self.project_org.get(values["project_id"])
            if allowed is not None and org not in allowed:
                self.error(line, "ProjectID", row["ProjectID"], "not_your_project",
                           f"project {row['ProjectID']} is not one of your organization's projects")  # fmt: skip
                return None
            values["owner_org_id"] = org
            if file == "Enrollment.csv" and values["client_id"] in self.new_clients and values["entry_date"]:
                self._first_entry(values["client_id"], values["entry_date"], org)
        elif "enrollment_id" in values:
            values["owner_org_id"] = self.enrollment_org.get(values["enrollment_id"])
        return values

    def _attach(self, line: int, row: dict[str, Any], organization: Any) -> None:
        """In a data source that belongs to one organization, the export's record of that organization (same ID or
        name) is that organization: nothing is created, and its projects are the organization's. Any other
        organization of the export is refused."""
        same_id = row["OrganizationID"] == organization.hud_id
        same_name = (row.get("OrganizationName") or "").strip().casefold() == organization.organization_name.casefold()
        if same_id or same_name:
            self.ids["Organization.csv"][row["OrganizationID"]] = organization.pk
            self.counts["Organization.csv"]["unchanged"] += 1
        else:
            self.error(line, "OrganizationID", row["OrganizationID"], "not_your_organization",
                       f"organization {row['OrganizationID']} ({row.get('OrganizationName') or ''}) is not "
                       f"{organization.organization_name}, the organization this data source belongs to; "
                       "its rows cannot be imported here")  # fmt: skip
        return None

    # -- files -----------------------------------------------------------------------------------------------------

    def consume(self, file: str, rows: Iterator[tuple[int, dict[str, Any]]], reader_log: IssueLog) -> None:
        """The reader's sink: write one file's rows while they are validated; nothing more once there is an error."""
        if file not in IMPORT_ORDER:
            return
        self.file = file
        if self.progress is not None:
            self.progress(5 + 90 * IMPORT_ORDER.index(file) // len(IMPORT_ORDER), file)
        self.import_file(_plan(file), rows, reader_log)

    def begin_bulk(self, path: str | Path) -> None:
        """Before writing: choose the tables to bulk-load (PostgreSQL, large loads; see ``hudcsv.bulk``)."""
        self.path = path
        if not self.use_copy:
            return
        from hearth.dedup.models import ClientKey

        estimates = bulk.estimated_rows(path)
        tables = {model_for(file)._meta.db_table: estimates.get(file, 0) for file in IMPORT_ORDER}
        # The new clients' search keys are written too (``_add_client_keys``), a few per client: the clients this
        # source does not have yet.
        stored = model_for("Client.csv").objects.filter(data_source=self.ds).count() if self.ds.pk else 0
        keys = ClientKey._meta.db_table
        tables[keys] = KEYS_PER_CLIENT * max(estimates.get("Client.csv", 0) - stored, 0)
        self.bulk = bulk.begin(tables, self.ds.pk, unsourced=frozenset({keys}))

    def start_matching(self) -> None:
        """Start looking for the new clients' likely duplicates: the scoring runs in a thread while this one restores
        what a bulk load dropped (the database works, this process waits); the pairs are queued after the commit."""
        from hearth.dedup.matching import scan_in_background

        if not self.new_clients or self.log.counts[ERROR] or self.result.error_count:  # type: ignore[union-attr]
            return
        try:
            with self.timed("duplicates_start"):
                self.pending_pairs = scan_in_background(self.new_clients)
        except Exception:  # noqa: BLE001 - looked for again after the commit
            logger.exception("starting the duplicate scan failed")

    def finish(self) -> None:
        """After the last file: set new clients' owners and restore what a bulk load dropped; roll everything back
        if any error was found."""
        self.file = "Client.csv"
        if not self.log.counts[ERROR] and not self.result.error_count:  # type: ignore[union-attr]
            with self.timed("client_owners"):
                self.set_client_owners()
            try:
                with transaction.atomic(), self.timed("restore_constraints"):
                    self.bulk.restore()
            except DatabaseError as exc:  # a reference the database does not find (the importer checked them all)
                self.error(None, None, None, "database", f"the database refused the rows: {_first_line(exc)}")
        if self.log.counts[ERROR] or self.result.error_count:  # type: ignore[union-attr]
            raise _Rollback

    def import_file(self, plan: _Plan, rows: Iterator[tuple[int, dict[str, Any]]], reader_log: IssueLog) -> None:
        file = plan.file
        counts = self.counts.setdefault(file, Counter())
        ids = self.ids[file] = self._load_ids(plan.model)
        if file == "Project.csv":
            self.project_org = self._org_map(plan.model, "organization_id")
        elif file == "Enrollment.csv":
            self.enrollment_org = self._org_map(plan.model, "owner_org_id")
        self._ensure_maps(plan)
        # This file's references with the ID maps they resolve through (the maps stay the same while it is read).
        self.references = [(c.name, c.attname, self.ids[c.target], c.kind == "ref", c.target) for c in plan.references]
        created_any = False
        stream: _CopyStream | None = None  # PostgreSQL: the open COPY of this file's new rows
        if file == "Client.csv":
            self._foresee_client_owners()
        make_line = self._line_maker(plan)
        merged = self.merged_clients if file == "Client.csv" else None
        names: list[tuple[str, str, str]] | None = [] if file == "Client.csv" else None  # new clients' names
        try:
            for batch in _batches(rows, BATCH_SIZE):
                if reader_log.counts[ERROR]:
                    return  # the import will be refused: leave the rest to the reader, which reports every problem
                new: list[tuple[int, str, dict[str, Any]]] = []
                existing: list[tuple[int, int, dict[str, Any]]] = []
                texts: list[str] = []  # with a line maker: the COPY text of the new rows, of CSV lines ``lines``
                text_lines = array("l")
                for line, row in batch:
                    counts["read"] += 1
                    hud_id = row[plan.id_column]
                    if hud_id is None:
                        continue  # the reader reported it (required)
                    if merged and hud_id in merged:
                        counts["unchanged"] += 1  # merged into another record: the survivor stands for it
                        continue
                    pk = ids.get(hud_id)
                    if pk is None and names is not None and row["DateDeleted"] is None:
                        names.append((hud_id, row["FirstName"], row["LastName"]))
                    if pk is None and make_line is not None:
                        text = make_line(row, hud_id)
                        if text is not None:
                            texts.append(text)
                            text_lines.append(line)
                            continue
                    values = self.convert(plan, line, row)  # reports what the line maker left to it
                    if values is None:
                        continue
                    if pk is None:
                        if file == "Client.csv":
                            values["owner_org_id"] = self.owner_hints.get(hud_id)
                        new.append((line, hud_id, values))
                    else:
                        existing.append((line, pk, values))
                if self.log.counts[ERROR] or reader_log.counts[ERROR]:
                    continue  # keep reading to report every bad reference, but write nothing more
                lines = f"lines {batch[0][0]}-{batch[-1][0]}"
                if texts:
                    stream = stream or _CopyStream(self, plan)
                    stream.write_text(texts, text_lines)
                    counts["created"] += len(texts)
                    created_any = True
                if new:
                    if self.use_copy:
                        stream = stream or _CopyStream(self, plan)
                        stream.write(new)
                    else:
                        self.guarded(self.create, plan, new, lines=lines)
                    counts["created"] += len(new)
                    created_any = True
                if existing:
                    self._end_copy(stream)  # the updates need the connection
                    stream = None
                    if not self.log.counts[ERROR]:
                        self.guarded(self.update, plan, existing, counts, lines=lines)
        finally:
            self._end_copy(stream)
        if created_any and (file in REFERENCED or file in ("Project.csv", "Enrollment.csv")):
            self.ids[file] = self._load_ids(plan.model)
            if file == "Project.csv":
                self.project_org = self._org_map(plan.model, "organization_id")
            elif file == "Enrollment.csv":
                self.enrollment_org = self._org_map(plan.model, "owner_org_id")
            elif file == "Client.csv":
                self.new_clients = set(self.ids[file].values()) - set(ids.values())
                self._add_client_keys(names or [], reader_log)
        if file not in REFERENCED:
            self.ids.pop(file, None)  # nothing refers to it: free the memory

    def _add_client_keys(self, names: list[tuple[str, str, str]], reader_log: IssueLog) -> None:
        """The search keys of the new clients (``dedup.keys``), in the import's transaction, from the names read."""
        from hearth.dedup.keys import add_client_keys

        if self.log.counts[ERROR] or reader_log.counts[ERROR]:
            return  # nothing is kept
        ids = self.ids["Client.csv"]
        add_client_keys((ids[hud_id], first, last) for hud_id, first, last in names)

    def _line_maker(self, plan: _Plan) -> Any:
        """PostgreSQL: the function that makes a new row's COPY text straight from the read row (``copytext``), or
        None where the general path is needed: organizations and projects (their owners and an agency
        representative's limits are worked out row by row) and tables with a column of another kind."""
        if not self.use_copy or plan.file in ("Organization.csv", "Project.csv") or not LineMaker.supports(plan):
            return None
        names = {c.attname for c in plan.columns}
        owner = "project" if "project_id" in names else "enrollment" if "enrollment_id" in names else None
        if plan.file == "Client.csv":
            owner = "hint"
        maps = {c.target: self.ids[c.target] for c in plan.references}
        return LineMaker(plan=plan, fixed=self._copy_fixed(), maps=maps, tz=self.tz, owner=owner,
                         project_org=self.project_org, enrollment_org=self.enrollment_org, allowed=self.allowed,
                         new_clients=self.new_clients, first_entry=self._first_entry,
                         seal=seal_ssn if plan.file == "Client.csv" else None,
                         owner_hints=self.owner_hints).make  # fmt: skip

    def _copy_fixed(self) -> dict[str, Any]:
        """The values every new row of this import gets (COPY writes them; ``bulk_create`` sets them itself)."""
        return {"hud_id": None, "data_source_id": self.ds.pk, "created_by_id": self.user_id,
                "updated_by_id": self.user_id, "owner_org_id": None, "export_id": self.export.pk}  # fmt: skip

    def _foresee_client_owners(self) -> None:
        """Before the clients are written: a new client's owner is the organization of the project of its first
        enrollment (by entry date, the first listed among equals), so look ahead in Enrollment.csv and write each
        client with it. Rewriting every new client's row once the enrollments are in cost more than this pass.
        ``set_client_owners`` then corrects any client whose enrollments, as imported, say otherwise."""
        projects, project_org = self.ids.get("Project.csv") or {}, self.project_org or {}
        first: dict[str, tuple[date, str]] = {}
        try:
            for personal_id, project_id, entry_text in raw_columns(
                self.path, "Enrollment.csv", ("PersonalID", "ProjectID", "EntryDate")
            ):
                try:
                    entry = parse_date(entry_text)
                except BadValue:
                    continue  # the real reading reports it
                known = first.get(personal_id)
                if known is None or entry < known[0]:
                    first[personal_id] = (entry, project_id)
        except Exception:  # noqa: BLE001 - only a guess: set_client_owners has the last word
            logger.exception("looking ahead in Enrollment.csv failed")
        hints = {}
        for personal_id, (_entry, project_id) in first.items():
            org = project_org.get(projects.get(project_id))  # type: ignore[arg-type]
            if org is not None:
                hints[personal_id] = org
        self.owner_hints = hints

    def _first_entry(self, client: int, entry: date, org: int | None) -> None:
        """A new client's enrollment: the earliest one decides the client's owner (``set_client_owners``)."""
        first = self.client_first.get(client)
        if first is None or entry < first[0]:
            self.client_first[client] = (entry, org)

    def _end_copy(self, stream: _CopyStream | None) -> None:
        """Finish a COPY; if the database refused a row, report it (the line PostgreSQL names) and stop writing."""
        if stream is None:
            return
        exc = stream.close()
        if exc is None:
            return
        line = stream.line_of(exc)
        if line is None:
            where = f" in lines {stream.lines[0]}-{stream.lines[-1]}" if stream.lines else ""
            self.error(None, None, None, "database", f"the database refused rows{where}: {_first_line(exc)}")
        else:
            self._refused(stream.plan, (line, None, {}), exc)

    def guarded(self, write: Any, plan: _Plan, rows: list[Any], *args: Any, lines: str) -> None:
        """Run one batch's write; if the database refuses it, find the rows it refuses (one by one, in savepoints)
        and report each as an error naming its line, column and constraint, then roll the import back."""
        try:
            with transaction.atomic():
                write(plan, rows, *args)
            return
        except (IntegrityError, DatabaseError) as exc:
            batch_error = exc
        found = 0
        for row in rows:
            try:
                with transaction.atomic():
                    write(plan, [row], *args)
            except (IntegrityError, DatabaseError) as exc:
                found += 1
                self._refused(plan, row, exc)
                if found >= MAX_REFUSED_ROWS:
                    break
        if not found:
            self.error(None, None, None, "database",
                       f"the database refused rows in {lines}: {_first_line(batch_error)}")  # fmt: skip
        # The error stops every later write; reading goes on to report every problem, then all is rolled back.

    def _refused(self, plan: _Plan, row: tuple[int, Any, dict[str, Any]], exc: BaseException) -> None:
        constraint = _constraint_name(exc)
        column, value = None, None
        if constraint:
            # The constraint's name holds the field it checks (``project_operating_end_date_order``).
            names = sorted((c for c in plan.columns if c.attname.removesuffix("_id") in constraint),
                           key=lambda c: -len(c.attname))  # fmt: skip
            if names:
                column, value = names[0].name, row[2].get(names[0].attname)
        what = f"constraint {constraint}" if constraint else "a database rule"
        self.error(row[0], column, value, "database", f"the database refused this row ({what}): {_first_line(exc)}")

    def _instance(self, plan: _Plan, hud_id: str | None, values: dict[str, Any], pk: int | None = None) -> Any:
        obj = plan.model(pk=pk, **values)
        if hud_id is not None:
            obj.hud_id = hud_id
        obj.data_source_id = self.ds.pk
        obj.updated_by_id = self.user_id
        return obj

    def create(self, plan: _Plan, rows: list[tuple[int, str, dict[str, Any]]]) -> None:
        """Insert new rows (not PostgreSQL's way: there a :class:`_CopyStream` does)."""
        objs = []
        for _line, hud_id, values in rows:
            obj = self._instance(plan, hud_id, values)
            obj.created_by_id = self.user_id
            objs.append(obj)
        plan.model.objects.bulk_create(objs)

    def update(self, plan: _Plan, rows: list[tuple[int, int, dict[str, Any]]], counts: Counter) -> None:
        stored = {pk: (updated, deleted) for pk, updated, deleted in
                  plan.model.objects.filter(pk__in=[pk for _, pk, _ in rows])
                  .values_list("pk", "date_updated", "date_deleted")}  # fmt: skip
        changed, deletions = [], []
        for _line, pk, values in rows:
            old_updated, old_deleted = stored[pk]
            new_updated, new_deleted = values.get("date_updated"), values.get("date_deleted")
            if new_updated is not None and (old_updated is None or new_updated > old_updated):
                changed.append(self._instance(plan, None, values, pk=pk))
                counts["deleted" if new_deleted is not None and old_deleted is None else "updated"] += 1
            elif new_deleted is not None and old_deleted is None:
                obj = plan.model(pk=pk, date_deleted=new_deleted, export_id=self.export.pk,
                                 updated_by_id=self.user_id)  # fmt: skip
                deletions.append(obj)
                counts["deleted"] += 1
            else:
                counts["unchanged"] += 1
        if changed:
            plan.model.objects.bulk_update(changed, plan.update_fields, batch_size=1000)
            if plan.file == "Client.csv":  # names, DOB or SSN may have changed: their search keys follow
                self.updated_clients.update(obj.pk for obj in changed)
        if deletions:
            plan.model.objects.bulk_update(deletions, ["date_deleted", "export", "updated_by"], batch_size=1000)

    def set_client_owners(self) -> None:
        """A new client belongs to the organization of the project of its first enrollment (None without one).
        The clients were written with the owner foreseen (``_foresee_client_owners``): only a client whose imported
        enrollments say otherwise is updated."""
        ids = self.ids.get("Client.csv") or {}
        written = {ids[hud_id]: org for hud_id, org in self.owner_hints.items() if ids.get(hud_id) in self.new_clients}
        by_org: dict[int | None, list[int]] = defaultdict(list)
        for client in self.new_clients:
            first = self.client_first.get(client)
            org = first[1] if first is not None else None
            if org != written.get(client):
                by_org[org].append(client)
        client_model = model_for("Client.csv")
        for org, clients in by_org.items():
            for chunk in _batches(clients, BATCH_SIZE):
                client_model.objects.filter(pk__in=chunk).update(owner_org_id=org)

    def report_counts(self, *, wrote: bool) -> dict[str, dict[str, int]]:
        out = {}
        for file in IMPORT_ORDER:
            counts = self.counts.get(file, Counter())
            row = {key: counts.get(key, 0) for key in COUNT_KEYS}
            row["read"] = self.result.rows_per_file.get(file, 0) if self.result else 0
            if not wrote:
                row.update(created=0, updated=0, unchanged=0, deleted=0)
            out[file] = row
        return out


def copy_row(plan: _Plan, fixed: dict[str, Any]) -> Any:
    """``row(hud_id, values) -> tuple``: a new row's model values as a COPY row of the table (the general path):
    the defaults and ``fixed``, overwritten by the row's values, picked in the table's column order (C loops)."""
    base = {f.attname: fixed[f.attname] if f.attname in fixed else f.get_default() for f in plan.insert_fields}
    pick = operator.itemgetter(*base)

    def row(hud_id: str, values: dict[str, Any]) -> tuple[Any, ...]:
        full = base.copy()
        full.update(values)
        full["hud_id"] = hud_id
        return pick(full)

    return row


class _CopyStream:
    """PostgreSQL: one ``COPY ... FROM STDIN`` of a file's new rows (known not to exist), fed while the file is read,
    so that the database stores rows on one core while this process reads and checks the next ones on another. It
    runs in a savepoint: a refused row rolls back the COPY and leaves the transaction usable for the reading that
    goes on to report every problem."""

    def __init__(self, importer: _Importer, plan: _Plan) -> None:
        self.plan = plan
        fields = plan.insert_fields
        self.row = copy_row(plan, importer._copy_fixed())
        self.lines = array("l")  # the CSV line of each COPY row, to name the one the database refuses
        self.failure: BaseException | None = None
        quote = connection.ops.quote_name
        table, names = quote(plan.model._meta.db_table), ", ".join(quote(f.column) for f in fields)
        with ExitStack() as stack:  # if starting fails, what was entered is left again (the savepoint rolled back)
            stack.enter_context(transaction.atomic())
            cursor = stack.enter_context(connection.cursor())
            # The raw psycopg cursor's errors are turned into Django's (IntegrityError, ...) like any query's.
            stack.enter_context(connection.wrap_database_errors)
            self.copy = stack.enter_context(cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN"))
            self.stack = stack.pop_all()

    def write(self, rows: list[tuple[int, str, dict[str, Any]]]) -> None:
        if self.failure is not None:
            return
        row, write_row, lines = self.row, self.copy.write_row, self.lines
        try:
            for line, hud_id, values in rows:
                write_row(row(hud_id, values))
                lines.append(line)
        except Exception as exc:  # noqa: BLE001 - the database stopped the COPY early: end it, report at close
            self._fail(exc)

    def write_text(self, texts: list[str], lines: array) -> None:
        """Rows already in COPY text (``copytext``), one line each, with their CSV lines."""
        if self.failure is not None:
            return
        self.lines.extend(lines)
        try:
            self.copy.write("".join(texts))
        except Exception as exc:  # noqa: BLE001 - as in write()
            self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        self.failure = exc
        try:
            self.stack.__exit__(type(exc), exc, exc.__traceback__)
        except Exception as raised:  # noqa: BLE001
            self.failure = raised

    def close(self) -> BaseException | None:
        """End the COPY (the database's verdict comes now); the error that refused it, if any."""
        if self.failure is None:
            try:
                self.stack.close()
            except (IntegrityError, DatabaseError) as exc:
                self.failure = exc
        return self.failure

    def line_of(self, exc: BaseException) -> int | None:
        """The CSV line of the row PostgreSQL names in its error context (``COPY table, line N``)."""
        diag = getattr(exc.__cause__, "diag", None) or getattr(exc, "diag", None)
        match = re.search(r"COPY \S+, line (\d+)", getattr(diag, "context", None) or "")
        if match and 0 < int(match[1]) <= len(self.lines):
            return self.lines[int(match[1]) - 1]
        return None


# --- the Export row -------------------------------------------------------------------------------------------------


def _export_values(row: dict[str, Any] | None) -> dict[str, Any]:
    """The Export.csv row (first one) as Export model values; blanks or invalid codes get harmless fallbacks."""
    row = row or {}
    model = model_for("Export.csv")
    tz = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()
    values: dict[str, Any] = {}
    for col in standards.layout("Export.csv", SPEC_YEAR):
        value = row.get(col.name)
        if col.is_id:
            values["hud_id"] = (value or "")[:32] or "unknown"
            continue
        model_field = model._meta.get_field(col.field_name)
        if col.name in EXPORT_FALLBACKS:
            if value is None or not standards.is_valid_code("Export.csv", col.name, value):
                value = EXPORT_FALLBACKS[col.name]
        elif isinstance(model_field, models.DateTimeField):
            if isinstance(value, datetime):
                value = value if value.tzinfo else value.replace(tzinfo=tz)
            else:
                value = timezone.now()
        elif isinstance(model_field, models.DateField):
            value = value if isinstance(value, date) else today
        elif isinstance(model_field, models.CharField):
            value = ("" if value is None else str(value))[: model_field.max_length]
        values[model_field.attname] = value
    return values


def _issue_dicts(issues: Iterable[Any]) -> list[dict[str, Any]]:
    """The problems as saved with the import (and shown on its page): an SSN cell keeps only its last four."""
    saved = []
    for i in issues:
        value, message = i.value, i.message
        if i.column == "SSN" and value:
            masked = "*****" + str(value)[-4:]
            value, message = masked, message.replace(str(value), masked)
        saved.append({"file": i.file, "line": i.line, "column": i.column, "value": value, "rule": i.rule,
                      "message": message, "severity": i.severity})  # fmt: skip
    return saved


def _source_name(values: dict[str, Any]) -> str:
    name = f"{values.get('source_id', '')} {values.get('source_name', '')}".strip()
    return (name or "Unknown source")[:200]


def find_data_source(name: str, allowed: set[int] | None, organization_id: int | None) -> tuple[Any, str, str]:
    """``(data source or None to create, its name, refusal message or "")`` for an import of source ``name``.

    The HMIS lead (``allowed`` None) imports into the source of that name, or a new one. An agency representative
    imports into the lead's source of that name (their organizations' projects only, as before), or one that
    belongs to one of their organizations; else a new source is made that belongs to ``organization_id`` (named
    after it too when another organization's source already has the name).
    """
    from hearth.directory.models import Organization
    from hearth.hudcsv.models import DataSource

    source = DataSource.objects.filter(name=name).first()
    if allowed is None:
        return source, name, ""
    if source is not None and (source.organization_id is None or source.organization_id in allowed):
        return source, name, ""
    if organization_id is None or organization_id not in allowed:
        if source is not None:
            return source, name, str(_("This data source belongs to another organization."))
        return None, name, str(_("Choose which of your organizations this data source belongs to."))
    if source is None:
        return None, name, ""
    organization = Organization.objects.get(pk=organization_id)
    scoped = f"{name} ({organization.organization_name})"[:200]
    existing = DataSource.objects.filter(name=scoped).first()
    if existing is not None and existing.organization_id != organization_id:
        return existing, scoped, str(_("This data source belongs to another organization."))
    return existing, scoped, ""


# --- the service ----------------------------------------------------------------------------------------------------


# After this many rows, refresh the database's planner statistics of the tables written: right after a large import the
# planner still believes them small, and the next export's joins ran for many minutes instead of seconds.
ANALYZE_AFTER_ROWS = 50_000


def _analyze(importer: Any) -> None:
    """ANALYZE the tables the import wrote (PostgreSQL's autovacuum would, but only some time later)."""
    tables = sorted({model_for(file)._meta.db_table for file in importer.counts if file != "Export.csv"})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _match_imported_clients(importer: Any) -> None:
    """After the import committed: refresh the search keys of the clients it updated (the new ones got theirs in the
    import) and queue the new ones' likely duplicates for the HMIS lead (never merged silently), found while the
    import finished (``start_matching``) or now. A failure here is logged and reported, the import stands."""
    from hearth.dedup.keys import refresh_client_keys
    from hearth.dedup.services import queue_matches_for_import

    try:
        if importer.updated_clients:
            refresh_client_keys(sorted(importer.updated_clients))
        pairs = importer.pending_pairs() if importer.pending_pairs is not None else None
        found = queue_matches_for_import(sorted(importer.new_clients), keys_written=True, pairs=pairs)
    except Exception as exc:  # noqa: BLE001 - the data is in; duplicates can be found later by duplicates_scan
        logger.exception("matching the imported clients failed")
        importer.log.add("Client.csv", None, None, None, "duplicates", WARNING,
                         f"likely duplicates were not looked for ({exc!r}); run `hearth duplicates_scan`")  # fmt: skip
        return
    if found:
        importer.log.add("Client.csv", None, None, None, "duplicates", WARNING,
                         f"{found} possible duplicate pairs were queued for the HMIS lead's review")  # fmt: skip


# The collector runs a pass every this many new container objects (Python's default is 700) while an import runs.
GC_THRESHOLD = 100_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """An import makes millions of short-lived rows, freed by reference counting; the cyclic collector's passes over
    them cost about a tenth of the importer's CPU at the default threshold. Collect less often while it runs."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_THRESHOLD), old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def import_export(
    *,
    path: str | Path,
    acting_user: Any = None,
    dry_run: bool = False,
    organization_ids: Iterable[int] | None = None,
    data_source_name: str | None = None,
    progress: Any = None,
    organization_id: int | None = None,
) -> Any:
    """Import an HMIS CSV export (folder or .zip) into the database, all or nothing; return its hudcsv.Export row.

    ``organization_ids`` limits an agency representative's import to those organizations' projects. With
    ``dry_run`` the import is validated and counted but nothing is kept. ``progress(percent, message)``, if given,
    is told which file is being imported (a background job's progress). ``organization_id`` (an agency
    representative's upload) is the organization a data source seen for the first time belongs to: see
    :func:`find_data_source`.
    """
    from hearth.hudcsv.models import DataSource, Export

    spec_year, head = export_row(path)
    values = _export_values(head)
    name = (data_source_name or _source_name(values))[:200]
    contact = acting_user if getattr(acting_user, "is_authenticated", False) else None
    allowed = set(organization_ids) if organization_ids is not None else None
    data_source, name, refusal = find_data_source(name, allowed, organization_id)
    export = Export(direction=Export.Direction.IMPORT, created_by=contact, data_source=data_source, **values)
    export.report = {"spec_year": spec_year, "status": "running", "path": str(path)}
    export.save()  # outside the data transaction: a failed import is recorded too

    importer = _Importer(export, export.data_source, acting_user=acting_user, organization_ids=allowed,
                         progress=progress)  # fmt: skip
    wrote = False
    status = "failed"
    result: ReadResult | None = None
    try:
        # One pass: the reader validates each row and hands it to the importer, which writes it inside this
        # transaction; any error (the reader's or the database's) rolls the whole import back.
        with transaction.atomic():
            if refusal:
                importer.log.add("Export.csv", None, "SourceID", None, "not_your_data_source", ERROR, refusal)
                raise _Rollback
            if importer.ds is None:
                importer.ds = DataSource.objects.create(
                    name=name,
                    source_type=values["source_type"],
                    source_id=values["source_id"],
                    organization_id=organization_id if allowed is not None else None,
                )
            importer.begin_bulk(path)
            with _fewer_collections(), importer.timed("read_and_write"):
                result = importer.result = read_export(path, sink=importer.consume)
            if not dry_run:
                importer.start_matching()
            importer.finish()
            if dry_run:
                raise _Rollback
            commit_started = time.perf_counter()
        importer.seconds["commit"] = round(time.perf_counter() - commit_started, 2)
        wrote = True
        status = "imported"
        export.data_source = importer.ds
        with importer.timed("duplicates"):
            _match_imported_clients(importer)
    except _Rollback:
        if result is not None and result.ok and not importer.log.counts[ERROR] and dry_run:
            status = "dry-run"
    except Exception as exc:  # noqa: BLE001 - an upload must never end in a traceback
        logger.exception("HMIS CSV import of %s failed", path)
        importer.log.add(importer.file or Path(path).name, None, None, None, "internal", ERROR,
                         f"the import stopped: {exc!r}")  # fmt: skip
    if result is None:
        result = importer.result = ReadResult(path=Path(path), spec_year=spec_year)

    issues = [*result.issues, *importer.log.finish()]
    errors = [i for i in issues if i.severity == ERROR]
    warnings = [i for i in issues if i.severity != ERROR]
    counts = importer.report_counts(wrote=wrote or status == "dry-run")
    counts = {"Export.csv": {**dict.fromkeys(COUNT_KEYS, 0), "read": result.rows_per_file.get("Export.csv", 0)},
              **counts}  # fmt: skip
    export.report = {
        "spec_year": result.spec_year,
        "status": status,
        "dry_run": dry_run,
        "data_source": name,
        "counts": counts,
        "rows": sum(c["read"] for c in counts.values()),
        "error_count": result.error_count + importer.log.counts[ERROR],
        "warning_count": result.warning_count,
        "bulk_tables": importer.bulk.tables,
        "seconds": importer.seconds,
        "errors": _issue_dicts(errors),
        "warnings": _issue_dicts(warnings),
    }
    if status == "imported" and export.report["rows"] >= ANALYZE_AFTER_ROWS:
        with importer.timed("analyze"):
            _analyze(importer)
    with transaction.atomic():
        export.save(update_fields=["report", "data_source"])
        audit(user=acting_user, action="create", obj=export,
              detail={"import": status, "data_source": name, "rows": export.report["rows"],
                      "errors": export.report["error_count"]})  # fmt: skip
    return export
