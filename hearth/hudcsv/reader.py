"""Read and validate an HMIS CSV export (a folder or a .zip) of spec year FY2022, FY2024 or FY2026.

Django-free: the report engine uses it too. ``read_export(path)`` makes one streaming pass over every file and
returns a :class:`ReadResult` with every problem as an :class:`Issue` (never a traceback);
``ReadResult.iter_rows(file)`` then streams the rows again in the FY2026 canonical shape, typed.
"""

from __future__ import annotations

import csv
import io
import operator
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path, PurePosixPath
from typing import IO, Any

from hearth import standards
from hearth.hudcsv import adapters
from hearth.hudcsv.validate import (
    ERROR,
    HASHED_COLUMNS,
    LENIENT_REQUIRED,
    PLANNING_FILES,
    REFERENCES,
    WARNING,
    BadValue,
    check_code,
    code_checks,
    make_parser,
    null_unless_checks,
    parse_datetime,
)

CANONICAL_YEAR = standards.CURRENT_SPEC_YEAR
ISSUES_PER_KIND = 50  # issues kept per (file, column, rule); the rest are only counted
CSV_ERRORS_PER_FILE = 50  # after this many syntax errors a file is abandoned
MAX_VALUE_SHOWN = 80
MEMO_LIMIT = 50_000  # distinct texts remembered per column while parsing
_MISS = object()

# UserID must match User.csv (csv-spec-notes 2), but systems often purge or never export departed users while
# keeping their records; an unknown UserID loses no client data, so it is a warning. An ExportID that is not
# Export.csv's (HUD's own FY2024 LSA sample stamps Enrollment and Exit with a neighbouring export's ID) says nothing
# about the client data either: the importer stamps every row with the import's own export, so it is a warning too.
# Every other key is an error.
REFERENCE_SEVERITY = {"UserID": WARNING, "ExportID": WARNING}
REFERENCE_RULES = {
    "ExportID": ("export_id_mismatch", "not the ExportID of Export.csv; the row is kept and stamped with this import"),
}


@dataclass(frozen=True)
class Issue:
    """One problem in an export: where (file, physical line, column), what (value, rule) and how bad."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str
    severity: str
    message: str = ""

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "") + (f" {self.column}" if self.column else "")
        shown = f" {self.value!r}" if self.value not in (None, "") else ""
        return f"{self.severity.upper()} {where}{shown}: {self.message} [{self.rule}]"


class IssueLog:
    """Collects issues, keeping at most ISSUES_PER_KIND of each (file, column, rule) and counting the rest."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.kinds: Counter = Counter()
        self.counts: Counter = Counter()  # severity -> total, including issues not kept

    def add(self, file: str, line: int | None, column: str | None, value: Any, rule: str, severity: str,
            message: str = "") -> None:  # fmt: skip
        self.counts[severity] += 1
        key = (file, column, rule, severity)
        self.kinds[key] += 1
        if self.kinds[key] <= ISSUES_PER_KIND:
            shown = None if value is None else str(value)
            if shown is not None and len(shown) > MAX_VALUE_SHOWN:
                shown = shown[:MAX_VALUE_SHOWN] + "..."
            self.issues.append(Issue(file, line, column, shown, rule, severity, message))

    def finish(self) -> list[Issue]:
        for (file, column, rule, severity), n in self.kinds.items():
            if n > ISSUES_PER_KIND:
                self.issues.append(Issue(file, None, column, None, rule, severity,
                                         f"{n - ISSUES_PER_KIND} more like this not listed"))  # fmt: skip
        return self.issues


class ExportError(Exception):
    """The export cannot be opened at all (missing path, not a zip, no Export.csv anywhere)."""


# Every HMIS CSV file name of any supported year, by lower-case name.
KNOWN_FILES = {f.lower(): f for year in standards.SPEC_YEARS for f in standards.files(year)}


class Export:
    """An opened HMIS CSV export: a folder or a zip, with its files found by name case-insensitively."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, str] = {}  # HUD file name -> path in folder / name in zip
        self.unknown: list[str] = []
        self.duplicates: list[str] = []
        if path.is_dir():
            self._scan_folder(path)
        elif path.is_file():
            try:
                self.zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise ExportError(f"{path.name} is neither a folder nor a readable .zip ({exc})") from None
            self._scan_zip(self.zip)
        else:
            raise ExportError(f"{path} does not exist")
        if not self.members:
            raise ExportError(f"no HMIS CSV files (Export.csv, Client.csv, ...) found in {path.name}")

    def _pick(self, names: list[PurePosixPath]) -> None:
        csvs = [n for n in names if n.suffix.lower() == ".csv" and not n.name.startswith(("._", "~$"))]
        anchors = sorted((n for n in csvs if n.name.lower() == "export.csv"), key=lambda n: len(n.parts))
        if anchors:
            folder = anchors[0].parent
        elif csvs:
            folder = min((n.parent for n in csvs if n.name.lower() in KNOWN_FILES),
                         key=lambda p: len(p.parts), default=csvs[0].parent)  # fmt: skip
        else:
            return
        for n in csvs:
            if n.parent != folder:
                continue
            hud = KNOWN_FILES.get(n.name.lower())
            if hud is None:
                self.unknown.append(n.name)
            elif hud in self.members:
                self.duplicates.append(n.name)
            else:
                self.members[hud] = str(n)

    def _scan_folder(self, root: Path) -> None:
        names = [PurePosixPath(p.relative_to(root).as_posix()) for p in root.rglob("*") if p.is_file()]
        self._pick(names)
        if not self.members:
            zips = sorted(root.glob("*.zip"))
            if len(zips) == 1:
                self.path = zips[0]
                self.zip = zipfile.ZipFile(zips[0])
                self._scan_zip(self.zip)

    def _scan_zip(self, zf: zipfile.ZipFile) -> None:
        self._pick([PurePosixPath(i.filename) for i in zf.infolist() if not i.is_dir()])

    def has(self, file: str) -> bool:
        return file in self.members

    def open(self, file: str) -> IO[bytes]:
        """The raw bytes of one HUD file."""
        name = self.members[file]
        if self.zip is not None:
            return self.zip.open(name)
        return (self.path / name).open("rb")

    def size(self, file: str) -> int:
        """The uncompressed size of one HUD file in bytes."""
        name = self.members[file]
        if self.zip is not None:
            return self.zip.getinfo(name).file_size
        return (self.path / name).stat().st_size

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_export(path: str | Path) -> Export:
    """Open a folder or .zip of HMIS CSV files (the files may sit in a sub-folder); raises ExportError."""
    return Export(Path(path))


# ---- low-level CSV reading --------------------------------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"
LINE_BLOCK = 1 << 20  # bytes read and decoded at a time


def _lines(stream: IO[bytes], file: str, log: IssueLog) -> Iterator[str]:
    """Decoded physical lines (ending at a line feed). UTF-8 is expected; a line that is not UTF-8 is read as
    Windows-1252 with a warning. Decoded a block of whole lines at a time (C loops), line by line only in a block
    that is not all UTF-8."""
    number = 0  # physical lines before the block
    tail = b""
    first = True
    while True:
        block = stream.read(LINE_BLOCK)
        if first:
            first = False
            if block.startswith(_BOM):
                block = block[3:]
            elif block.startswith((b"\xff\xfe", b"\xfe\xff")):
                log.add(file, 1, None, None, "encoding", ERROR, "file is UTF-16; HMIS CSV files must be UTF-8")
                return
        if not block:
            if tail:
                yield from _decode_lines([tail], number, file, log)
            return
        block = tail + block
        cut = block.rfind(b"\n") + 1
        block, tail = block[:cut], block[cut:]
        if not block:
            continue
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError:
            pieces = block.split(b"\n")[:-1]  # the block ends with a line feed: the last piece is empty
            yield from _decode_lines([piece + b"\n" for piece in pieces], number, file, log)
        else:
            yield from io.StringIO(text, newline="\n")
        number += block.count(b"\n")


def _decode_lines(lines: list[bytes], number: int, file: str, log: IssueLog) -> Iterator[str]:
    """Lines decoded one by one (``number`` lines came before them): UTF-8, or Windows-1252 with a warning."""
    for n, raw in enumerate(lines, start=number + 1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 4]
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                log.add(file, n, None, repr(bad), "encoding", ERROR,
                        f"bytes {bad!r} at position {exc.start + 1} are neither UTF-8 nor Windows-1252")  # fmt: skip
                text = raw.decode("utf-8", "replace")
            else:
                log.add(file, n, None, repr(bad), "encoding_fallback", WARNING,
                        f"not UTF-8 (bytes {bad!r} at position {exc.start + 1}); read as Windows-1252")  # fmt: skip
            yield text


def _records(stream: IO[bytes], file: str, log: IssueLog) -> Iterator[tuple[int, list[str]]]:
    """``(physical line where the record starts, fields)`` for every non-blank CSV record."""
    reader = csv.reader(_lines(stream, file, log), strict=True)
    previous = 0
    failures = 0
    while True:
        try:
            for fields in reader:  # a record usually is one line: its start is the line after the last one
                start, previous = previous + 1, reader.line_num
                if len(fields) > 1 or (fields and fields[0]):
                    yield start, fields
            return
        except csv.Error as exc:  # the reader goes on after the bad record
            failures += 1
            message = str(exc)
            if "unexpected end of data" in message:
                message = "a quoted field is never closed (unbalanced double quote)"
            elif "expected after" in message:
                message = f"broken quoting ({message}); a double quote inside a quoted field must be doubled"
            log.add(file, previous + 1, None, None, "csv_syntax", ERROR, message)
            previous = reader.line_num
            if failures >= CSV_ERRORS_PER_FILE:
                log.add(file, previous, None, None, "csv_syntax", ERROR, "too many CSV syntax errors; rest skipped")
                return


# ---- parsing one file against its layout -----------------------------------------------------------------------


class FileParser:
    """Parses one HUD file of one spec year: header mapping, field counts, types, lengths, patterns, required."""

    def __init__(self, file: str, spec_year: str, *, hashed: bool, log: IssueLog, check_codes: bool = False) -> None:
        self.file = file
        self.spec_year = spec_year
        self.layout = standards.layout(file, spec_year)
        self.hashed = hashed
        self.log = log
        self.usable = True
        # FY2026 rows, which no adapter changes: the codes whose list does not depend on another column are checked
        # here, so that the memo of each column holds valid codes only (``_read_file`` leaves them out).
        self.codes: dict[str, tuple[frozenset, str | None]] = {}
        if check_codes and spec_year == CANONICAL_YEAR:
            self.codes = {column: (allowed, list_id) for column, allowed, triggers, list_id in _code_plan(file)
                          if allowed is not None}  # fmt: skip

    def _map_header(self, names: list[str], line: int) -> list[tuple[int, Any, Any, bool, bool]] | None:
        lookup: dict[str, standards.Column] = {}
        for col in self.layout:
            for spelling in (col.name, *col.aliases):
                lookup.setdefault(spelling.lower(), col)
        seen: dict[str, int] = {}
        plan = []
        for i, raw in enumerate(names):
            name = raw.strip().strip('"').strip()
            col = lookup.get(name.lower())
            if col is None:
                self.log.add(self.file, line, name, None, "column_unknown", WARNING,
                             f"not a FY{self.spec_year} column of {self.file}; ignored")  # fmt: skip
                continue
            if col.name in seen:
                self.log.add(self.file, line, col.name, None, "column_duplicate", ERROR,
                             f"column appears twice (positions {seen[col.name] + 1} and {i + 1})")  # fmt: skip
                continue
            seen[col.name] = i
            lenient = (self.file, col.name) in LENIENT_REQUIRED
            parse = make_parser(col, hashed=self.hashed)
            # Codes, dates, times and amounts repeat a lot: remember what each distinct text parsed to. A plain
            # string (no pattern) is only measured, inline: ``limit`` (None when unlimited or hashed).
            memo: dict[str, Any] | None = {} if col.base_type != "string" or col.pattern else None
            hashed_text = self.hashed and (self.file, col.name) in HASHED_COLUMNS
            limit = None if memo is not None or hashed_text else (col.max_length or 10**9)
            plan.append((i, col.name, parse, not col.nullable, lenient, memo, limit))
        if not plan:
            self.log.add(self.file, line, None, None, "header_missing", ERROR,
                         "the first line is not a header of HUD column names")  # fmt: skip
            return None
        for col in self.layout:
            if col.name not in seen:
                if col.nullable:
                    self.log.add(
                        self.file,
                        line,
                        col.name,
                        None,
                        "column_missing",
                        WARNING,
                        "optional column missing from the header; its values are read as empty",
                    )
                else:
                    self.log.add(self.file, line, col.name, None, "column_missing", ERROR,
                                 "required column missing from the header")  # fmt: skip
        return plan

    def rows(self, stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(line, typed row keyed by this year's column names)``; bad values are reported and read as None."""
        file, log = self.file, self.log
        records = _records(stream, file, log)
        first = next(records, None)
        if first is None:
            log.add(file, 1, None, None, "header_missing", ERROR, "the file is empty (no header line)")
            self.usable = False
            return
        plan = self._map_header(first[1], first[0])
        if plan is None:
            self.usable = False
            return
        width = len(first[1])
        parse_row = self._row_function(plan)
        for line, fields in records:
            if len(fields) != width:
                log.add(file, line, None, None, "field_count", ERROR,
                        f"{len(fields)} fields where the header has {width}; row skipped")  # fmt: skip
                continue
            yield line, parse_row(fields, line)

    def _row_function(self, plan: list[tuple[int, Any, Any, bool, bool, Any, Any]]) -> Callable[..., dict[str, Any]]:
        """``parse_row(fields, line) -> row``, generated for this header: one straight run of code per row.

        Each field is looked up in its column's memo of texts already parsed (a code, a date), or measured inline
        (a plain string); anything else (a blank, a new text, a bad value) goes to the column's ``_slow`` function,
        which reports problems and returns the value (None when blank or bad). The row is a dict in layout order.
        """
        bound: dict[str, Any] = {"MISS": _MISS, "FROMISO": datetime.fromisoformat}
        body: list[str] = []
        local: dict[str, str] = {}
        for n, (i, name, parse, required, lenient, memo, limit) in enumerate(plan):
            inline_datetime = parse is parse_datetime
            if inline_datetime:
                memo = None  # date-times are mostly distinct: a memo would only miss
            bound[f"s{n}"] = self._slow(name, parse, required, lenient, memo, self.codes.get(name))
            body.append(f"        v = f[{i}]")
            if inline_datetime:  # the usual form parsed inline, with parse_datetime's own test of its shape
                body += ["        if len(v) == 19 and v[4] == '-' and v[7] == '-' and v[10] == ' ' and v[13] == ':':",
                         "            try:",
                         f"                p{n} = FROMISO(v)",
                         "            except ValueError:",
                         f"                p{n} = s{n}(v, line)",
                         "        else:",
                         f"            p{n} = s{n}(v, line)"]  # fmt: skip
            elif memo is not None:
                if not required:
                    memo[""] = None  # a blank is the commonest value of an optional code: no call for it
                bound[f"m{n}"] = memo
                body += [f"        p{n} = m{n}.get(v, MISS)",
                         f"        if p{n} is MISS:",
                         f"            p{n} = s{n}(v, line)"]  # fmt: skip
            elif limit is not None:
                body += [f"        p{n} = v if v and len(v) <= {limit} and not v.isspace() else s{n}(v, line)"]
            else:
                body.append(f"        p{n} = s{n}(v, line)")
            local[name] = f"p{n}"
        values = ", ".join(f"{c.name!r}: {local.get(c.name, 'None')}" for c in self.layout)
        names = ", ".join(bound)
        source = (f"def factory({names}):\n    def parse_row(f, line):\n" + "\n".join(body)
                  + f"\n        return {{{values}}}\n    return parse_row\n")  # fmt: skip
        namespace: dict[str, Any] = {}
        exec(compile(source, f"<row parser of {self.file}>", "exec"), namespace)  # noqa: S102 - our own code
        return namespace["factory"](**bound)

    def _slow(self, name: str, parse: Any, required: bool, lenient: bool, memo: dict[str, Any] | None,
              code: tuple[frozenset, str | None] | None = None) -> Callable[[str, int], Any]:  # fmt: skip
        """One column's reading of a field its memo does not hold: blank (required?), parse, report, remember.
        With ``code`` (allowed codes, list id) the value is also checked against its list, and remembered only if
        it is on it (a value that is not is reported each time, and kept, as the reader's code check does)."""
        file, log, spec_year = self.file, self.log, self.spec_year

        def slow(value: str, line: int) -> Any:
            if not value or value.isspace():
                if required:
                    if lenient:
                        log.add(file, line, name, None, "required", WARNING,
                                "HUD requires a value; other systems allow it empty")  # fmt: skip
                    else:
                        log.add(file, line, name, None, "required", ERROR, "a value is required")
                return None
            try:
                parsed = parse(value)
            except BadValue as bad:
                log.add(file, line, name, value, bad.rule, bad.severity, bad.message)
                return None
            if code is not None and parsed not in code[0]:
                bad = check_code(file, name, parsed, code[0], False, code[1], {}, spec_year)
                if bad is not None:
                    log.add(file, line, name, parsed, bad.rule, bad.severity, bad.message)
                    return parsed
            if memo is not None and len(memo) < MEMO_LIMIT:
                memo[value] = parsed
            return parsed

        return slow


# ---- spec year -------------------------------------------------------------------------------------------------

_VERSION_YEAR = re.compile(r"(?:FY|\b)(?:20)?(22|24|26)(?:\b|\s|v|\.|$)", re.IGNORECASE)


def _header_of(export: Export, file: str) -> set[str]:
    if not export.has(file):
        return set()
    try:
        with export.open(file) as stream:
            first = next(_records(stream, file, IssueLog()), None)
    except Exception:  # noqa: BLE001 - detection is best effort; reading reports the real problem
        return set()
    return {f.strip().lower() for f in first[1]} if first else set()


def _csv_versions(export: Export) -> list[str]:
    if not export.has("Export.csv"):
        return []
    try:
        with export.open("Export.csv") as stream:
            records = list(_records(stream, "Export.csv", IssueLog()))
    except Exception:  # noqa: BLE001 - detection is best effort
        return []
    if not records:
        return []
    header = [h.strip().lower() for h in records[0][1]]
    if "csvversion" not in header:
        return []
    i = header.index("csvversion")
    return [r[i] for _, r in records[1:] if len(r) > i and r[i].strip()]


def _version_year(text: str) -> str | None:
    m = _VERSION_YEAR.search(text.strip())
    return "20" + m.group(1) if m else None


def _header_year(export: Export) -> str | None:
    client = _header_of(export, "Client.csv")
    if "sex" in client or "hispaniclatinao" in client:
        return "2026"
    if "woman" in client or "hispaniclatinaeo" in client:
        return "2024"
    if "ethnicity" in client or "female" in client:
        return "2022"
    if export.has("EnrollmentCoC.csv") or "trackingmethod" in _header_of(export, "Project.csv"):
        return "2022"
    enrollment = _header_of(export, "Enrollment.csv")
    if "mentalhealthconsultation" in enrollment:
        return "2026"
    if "sexualorientation" in enrollment:
        return "2024"
    if export.has("HMISParticipation.csv") or "implementationid" in _header_of(export, "Export.csv"):
        return "2024+"
    return None


def detect(export: Export) -> tuple[str, list[tuple[str, str, str]]]:
    """The spec year and ``(rule, severity, message)`` notes on how it was decided."""
    notes: list[tuple[str, str, str]] = []
    versions = _csv_versions(export)
    years = Counter(y for y in map(_version_year, versions) if y in standards.SPEC_YEARS)
    from_version = years.most_common(1)[0][0] if years else None
    if len(set(versions)) > 1:
        notes.append(("csv_version_mixed", WARNING, "Export.csv rows disagree on CSVVersion: "
                      + ", ".join(sorted(set(versions)))))  # fmt: skip
    from_header = _header_year(export)
    if from_header == "2024+":
        return (from_version if from_version in ("2024", "2026") else "2024"), notes
    if from_header and from_version and from_header != from_version:
        notes.append(
            (
                "spec_year_mismatch",
                WARNING,
                f"CSVVersion says FY{from_version} but the columns are FY{from_header}; read as FY{from_header}",
            )
        )
        return from_header, notes
    if from_header or from_version:
        return (from_header or from_version), notes  # type: ignore[return-value]
    notes.append(("spec_year_unknown", ERROR, "cannot tell the HMIS CSV version from CSVVersion or the headers; "
                                              f"read as FY{CANONICAL_YEAR}"))  # fmt: skip
    return CANONICAL_YEAR, notes


def detect_spec_year(export: Export | str | Path) -> str:
    """The spec year ("2022", "2024" or "2026"): CSVVersion in Export.csv, overruled by the headers."""
    if isinstance(export, Export):
        return detect(export)[0]
    with open_export(export) as opened:
        return detect(opened)[0]


# ---- the validating pass -----------------------------------------------------------------------------------------


def _read_order(spec_year: str) -> list[str]:
    # User.csv first after Export.csv: every other file's UserID refers to it.
    order = ["Export.csv", "User.csv"] + [
        f for f in standards.files(CANONICAL_YEAR) if f not in ("Export.csv", "User.csv")
    ]
    if spec_year == "2022":
        order.insert(order.index("Enrollment.csv") + 1, "EnrollmentCoC.csv")
    return order


@dataclass
class ReadResult:
    """What reading an export found: spec year, rows per file, issues; ``iter_rows`` streams canonical rows."""

    path: Path
    spec_year: str
    rows_per_file: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    hashed: bool = False
    context: adapters.Context = field(default_factory=adapters.Context, repr=False)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def iter_rows(self, file: str, *, with_lines: bool = False) -> Iterator[Any]:
        """The rows of a FY2026 file in canonical shape (typed; values that failed validation are None)."""
        if file not in standards.files(CANONICAL_YEAR):
            raise KeyError(f"{file} is not an FY{CANONICAL_YEAR} HMIS CSV file")
        with open_export(self.path) as export:
            for line, row in _canonical_rows(export, file, self.spec_year, self.hashed, IssueLog(), self.context):
                yield (line, row) if with_lines else row


def _source_rows(export: Export, file: str, spec_year: str, hashed: bool, log: IssueLog, check_codes: bool = False
                 ) -> Iterator[tuple[int, dict[str, Any]]]:  # fmt: skip
    if not export.has(file):
        return
    with export.open(file) as stream:
        yield from FileParser(file, spec_year, hashed=hashed, log=log, check_codes=check_codes).rows(stream)


def _canonical_rows(export: Export, file: str, spec_year: str, hashed: bool, log: IssueLog, ctx: adapters.Context,
                    check_codes: bool = False) -> Iterator[tuple[int, dict[str, Any]]]:  # fmt: skip
    """``check_codes``: an FY2026 file's parser checks the codes that do not depend on another column."""
    if spec_year == "2022" and file in adapters.ADDED_IN_FY2024:
        if file == "HMISParticipation.csv":
            projects = _source_rows(export, "Project.csv", spec_year, hashed, IssueLog())
            yield from adapters.hmis_participation_from_projects(projects, ctx)
        return
    if spec_year == CANONICAL_YEAR:
        # The parser's rows are already keyed by the FY2026 columns, in order: nothing to convert.
        yield from _source_rows(export, file, spec_year, hashed, log, check_codes)
        return
    convert = adapters.row_converter(file, spec_year)
    for line, row in _source_rows(export, file, spec_year, hashed, log):
        canonical, notes = convert(row, ctx)
        for column, rule, message in notes:
            log.add(file, line, column, canonical.get(column), rule, WARNING, message)
        yield line, canonical


def _prepare_context(export: Export, spec_year: str, hashed: bool, ctx: adapters.Context) -> None:
    if spec_year != "2022":
        return
    for _, row in _source_rows(export, "Organization.csv", spec_year, hashed, IssueLog()):
        if row.get("VictimServiceProvider") == 1 and row.get("OrganizationID"):
            ctx.victim_service_orgs.add(row["OrganizationID"])
    for _, row in _source_rows(export, "EnrollmentCoC.csv", spec_year, hashed, IssueLog()):
        ctx.add_enrollment_coc(row)


class _Validator:
    """Cross-row rules: duplicate IDs, references, exit before entry, dates after the export."""

    def __init__(self, log: IssueLog, spec_year: str) -> None:
        self.log = log
        self.spec_year = spec_year
        self.ids: dict[str, set[str] | None] = {}
        self.entry_dates: dict[str, date] = {}
        self.exited: set[str] = set()
        self.project_cocs: set[tuple[str, str]] = set()
        self.latest = date.today()

    def file_unusable(self, file: str) -> None:
        self.ids[file] = None

    def checker(self, file: str, id_column: str, seen: set[str], year: str = CANONICAL_YEAR) -> Callable[..., None]:
        """The per-row check of one file, with what it needs looked up once (references, dates, the export date)."""
        log = self.log
        references = []
        for column, target in _references(file, id_column, year):
            known = self.ids.get(target)
            if known is not None:
                rule, message = REFERENCE_RULES.get(column, ("reference", f"no row in {target} has this ID"))
                references.append((column, known, rule, REFERENCE_SEVERITY.get(column, ERROR), message))
        dates: list[tuple[str, bool]] = [] if file in PLANNING_FILES else list(_date_columns(file, year))
        latest = self.latest
        # A date-time is after the export's day when it is at or after the next midnight.
        latest_time = datetime.combine(latest + timedelta(days=1), time())
        entry_dates, exited, project_cocs = self.entry_dates, self.exited, self.project_cocs

        def check(line: int, row: dict[str, Any]) -> None:
            key = row.get(id_column)
            if key is not None:
                if key in seen:
                    log.add(file, line, id_column, key, "duplicate_id", ERROR, f"{id_column} already used in {file}")
                else:
                    seen.add(key)
            for column, known, rule, severity, message in references:
                value = row[column]
                if value is not None and value not in known:
                    log.add(file, line, column, value, rule, severity, message)
            if file == "Enrollment.csv":
                if key is not None and row["EntryDate"] is not None:
                    entry_dates[key] = row["EntryDate"]
            elif file == "Exit.csv":
                enrollment = row["EnrollmentID"]
                if enrollment is not None:
                    if enrollment in exited:
                        log.add(file, line, "EnrollmentID", enrollment, "duplicate_exit", ERROR,
                                "an enrollment can have only one exit")  # fmt: skip
                    exited.add(enrollment)
                    entry, exit_date = entry_dates.get(enrollment), row["ExitDate"]
                    if entry is not None and exit_date is not None and exit_date < entry:
                        log.add(file, line, "ExitDate", exit_date.isoformat(), "exit_before_entry", WARNING,
                                f"ExitDate is before the enrollment's EntryDate {entry.isoformat()}")  # fmt: skip
            elif file == "ProjectCoC.csv":
                if row["ProjectID"] and row["CoCCode"]:
                    project_cocs.add((row["ProjectID"], row["CoCCode"].upper()))
            elif (
                file == "Inventory.csv"
                and row["ProjectID"]
                and row["CoCCode"]
                and project_cocs
                and (row["ProjectID"], row["CoCCode"].upper()) not in project_cocs
            ):
                log.add(file, line, "CoCCode", row["CoCCode"], "reference", WARNING,
                        "no ProjectCoC.csv row has this ProjectID and CoCCode")  # fmt: skip
            for column, is_datetime in dates:
                value = row[column]
                if value is not None and (value >= latest_time if is_datetime else value > latest):
                    log.add(file, line, column, value.isoformat(" ") if is_datetime else value.isoformat(),
                            "future_date", WARNING, f"after the export's date ({latest.isoformat()})")  # fmt: skip

        return check


_REFERENCED_FILES = set(REFERENCES.values())


@cache
def _references(file: str, id_column: str, year: str) -> list[tuple[str, str]]:
    return [(c, REFERENCES[c]) for c in standards.header(file, year)
            if c in REFERENCES and c != id_column and REFERENCES[c] != file]  # fmt: skip


@cache
def _date_columns(file: str, year: str) -> tuple[tuple[str, bool], ...]:
    return tuple((c.name, c.base_type == "datetime") for c in standards.layout(file, year)
                 if c.base_type in ("date", "datetime"))  # fmt: skip


@cache
def _code_plan(file: str) -> tuple[tuple[str, frozenset | None, tuple[str, ...], str | None], ...]:
    """``(column, allowed codes or None when conditional, trigger columns, list id)`` of a FY2026 file."""
    plan = []
    for column, allowed, conditional, list_id in code_checks(file):
        triggers: tuple[str, ...] = ()
        if conditional:
            names = {name for rule in standards.conditional_rules(file, column)
                     for name, _value, _negated in standards._rule_conditions(rule["rule"])}  # fmt: skip
            triggers = tuple(sorted(names))
        plan.append((column, allowed, triggers, list_id))
    return tuple(plan)


# A file whose rows are streamed to a sink: ``sink(file, rows, log)`` consumes ``(line, canonical row)`` pairs while
# they are validated (the log holds every issue found so far); the reader drains whatever the sink leaves.
Sink = Callable[[str, Iterator[tuple[int, dict[str, Any]]], IssueLog], None]


def _read_file(export: Export, file: str, spec_year: str, hashed: bool, log: IssueLog, ctx: adapters.Context,
               checks: _Validator, sink: Sink | None = None) -> int:  # fmt: skip
    canonical = file in standards.files(CANONICAL_YEAR)
    codes = _code_plan(file) if canonical else ()
    parser_checks_codes = canonical and spec_year == CANONICAL_YEAR
    if parser_checks_codes:  # the parser checked the codes whose list depends on no other column
        codes = tuple(plan for plan in codes if plan[1] is None)
    layout_year = spec_year if file == "EnrollmentCoC.csv" else CANONICAL_YEAR
    id_column = standards.header(file, layout_year)[0]
    seen: set[str] = set()
    count = 0
    if file == "EnrollmentCoC.csv":
        rows = _source_rows(export, file, spec_year, hashed, log)
    else:
        rows = _canonical_rows(export, file, spec_year, hashed, log, ctx, parser_checks_codes)
    check = checks.checker(file, id_column, seen, layout_year)
    null_unless = null_unless_checks(file) if canonical else ()
    conditional_memo: dict[tuple, BadValue | None] = {}

    def validated() -> Iterator[tuple[int, dict[str, Any]]]:
        nonlocal count
        for line, row in rows:
            count += 1
            for column, allowed, triggers, list_id in codes:
                value = row[column]
                if value is None or (allowed is not None and value in allowed):
                    continue
                if triggers:
                    key = (column, value, *[row[t] for t in triggers])
                    if key in conditional_memo:
                        bad = conditional_memo[key]
                    else:
                        bad = check_code(file, column, value, None, True, list_id, row, spec_year)
                        if len(conditional_memo) < MEMO_LIMIT:
                            conditional_memo[key] = bad
                else:
                    bad = check_code(file, column, value, allowed, False, list_id, row, spec_year)
                if bad is not None:
                    log.add(file, line, column, value, bad.rule, bad.severity, bad.message)
            for column, triggers, severity, message in null_unless:
                if row[column] is not None and not any(row[t] in values for t, values in triggers):
                    log.add(file, line, column, row[column], "conditional_null", severity, message)
            check(line, row)
            if file == "Export.csv":
                for column in ("ExportDate", "ExportEndDate"):
                    value = row.get(column)
                    if value is not None:
                        day = value.date() if isinstance(value, datetime) else value
                        checks.latest = max(checks.latest, day)
            yield line, row

    stream = validated()
    if sink is not None and canonical and file != "Export.csv":
        sink(file, stream, log)
    for _ in stream:  # whatever the sink did not take is still validated
        pass
    broken = log.kinds[(file, None, "header_missing", ERROR)] or log.kinds[(file, id_column, "column_missing", ERROR)]
    # A file whose header is unusable would make every reference to it look broken: skip those checks instead.
    checks.ids[file] = seen if file in _REFERENCED_FILES and not broken else None
    return count


def _export_facts(export: Export, log: IssueLog) -> bool:
    """Whether the export is hashed (HashStatus 4); also checks Export.csv has exactly one row."""
    rows = list(_source_rows(export, "Export.csv", CANONICAL_YEAR, False, IssueLog())) if export.has(
        "Export.csv") else []  # fmt: skip
    if len(rows) > 1:
        log.add("Export.csv", None, None, None, "export_rows", WARNING,
                f"Export.csv should have exactly one row; it has {len(rows)}")  # fmt: skip
    return any(r.get("HashStatus") == 4 for _, r in rows)


def read_export(path: str | Path, *, sink: Sink | None = None) -> ReadResult:
    """Read and validate a whole export; every problem is an Issue in the result, never an exception.

    With ``sink``, each FY2026 file's canonical rows (Export.csv aside) are also handed to ``sink(file, rows, log)``
    as they are validated, in dependency order, so an importer reads the export once. An exception raised by the
    sink stops the reading and becomes an ``internal`` error issue.
    """
    log = IssueLog()
    result = ReadResult(path=Path(path), spec_year=CANONICAL_YEAR)
    try:
        export = open_export(path)
    except ExportError as exc:
        log.add(Path(path).name, None, None, None, "export_unreadable", ERROR, str(exc))
        return _finish(result, log)
    except Exception as exc:  # noqa: BLE001 - a user's upload must never become a traceback
        log.add(Path(path).name, None, None, None, "export_unreadable", ERROR, f"cannot open: {exc}")
        return _finish(result, log)
    with export:
        result.path = export.path
        try:
            _read_all(export, result, log, sink)
        except Exception as exc:  # noqa: BLE001
            log.add(Path(path).name, None, None, None, "internal", ERROR, f"reading stopped: {exc!r}")
    return _finish(result, log)


def _read_all(export: Export, result: ReadResult, log: IssueLog, sink: Sink | None = None) -> None:
    spec_year, notes = detect(export)
    result.spec_year = spec_year
    for rule, severity, message in notes:
        log.add("Export.csv", None, "CSVVersion", None, rule, severity, message)
    for name in export.unknown:
        log.add(name, None, None, None, "file_unknown", WARNING, "not an HMIS CSV file; ignored")
    for name in export.duplicates:
        log.add(name, None, None, None, "file_duplicate", ERROR, "two files with this name (different case)")
    expected = set(standards.files(spec_year))
    for name in sorted(export.members):
        if name not in expected:
            log.add(name, None, None, None, "file_unexpected", WARNING, f"not an FY{spec_year} file; ignored")
    hashed = _export_facts(export, log)
    result.hashed = hashed
    _prepare_context(export, spec_year, hashed, result.context)
    checks = _Validator(log, spec_year)
    for file in _read_order(spec_year):
        for rule, message in adapters.file_notes(file, spec_year):
            log.add(file, None, None, None, rule, WARNING, message)
        source = "Project.csv" if spec_year == "2022" and file == "HMISParticipation.csv" else file
        if not export.has(source):
            if not (spec_year == "2022" and file in adapters.ADDED_IN_FY2024):
                log.add(file, None, None, None, "file_missing", ERROR if file == "Export.csv" else WARNING,
                        "file missing from the export; read as empty")  # fmt: skip
            checks.file_unusable(file)
            result.rows_per_file[file] = 0
            continue
        try:
            result.rows_per_file[file] = _read_file(export, file, spec_year, hashed, log, result.context, checks, sink)
        except (OSError, zipfile.BadZipFile, EOFError, RuntimeError, ValueError) as exc:
            log.add(file, None, None, None, "read_failed", ERROR, f"cannot read the file: {exc}")
            checks.file_unusable(file)


def raw_columns(path: str | Path, file: str, columns: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The raw text of ``columns`` (matched case-insensitively) in each record of one file, unchecked: a look ahead
    for the importer, whose real reading reports any problem. Nothing when a column or the file is missing."""
    with open_export(path) as export:
        if not export.has(file):
            return
        with export.open(file) as stream:
            records = _records(stream, file, IssueLog())
            first = next(records, None)
            if first is None:
                return
            header = [name.strip().strip('"').strip().lower() for name in first[1]]
            wanted = [c.lower() for c in columns]
            if not all(c in header for c in wanted):
                return
            width, pick = len(header), operator.itemgetter(*(header.index(c) for c in wanted))
            for _line, fields in records:
                if len(fields) == width:
                    yield pick(fields) if len(wanted) > 1 else (pick(fields),)


def export_row(path: str | Path) -> tuple[str, dict[str, Any] | None]:
    """The spec year and Export.csv's first row in canonical shape (None when missing or unreadable); never raises."""
    try:
        with open_export(path) as export:
            spec_year = detect(export)[0]
            for _line, row in _canonical_rows(export, "Export.csv", spec_year, False, IssueLog(), adapters.Context()):
                return spec_year, row
            return spec_year, None
    except Exception:  # noqa: BLE001 - reading the export reports the real problem
        return CANONICAL_YEAR, None


def _finish(result: ReadResult, log: IssueLog) -> ReadResult:
    result.issues = log.finish()
    result.error_count = log.counts[ERROR]
    result.warning_count = log.counts[WARNING]
    return result


def summarize(result: ReadResult) -> str:
    """A short text report of a ReadResult (for command lines and logs)."""
    out = io.StringIO()
    out.write(f"HMIS CSV FY{result.spec_year}: {sum(result.rows_per_file.values())} rows, "
              f"{result.error_count} errors, {result.warning_count} warnings\n")  # fmt: skip
    for issue in result.issues:
        out.write(f"  {issue}\n")
    return out.getvalue()
