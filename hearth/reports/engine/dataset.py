"""Load an HMIS CSV export (folder or zip; FY2022, FY2024 or FY2026) into an in-process DuckDB database.

Django-free. Every HUD file becomes one table named like the file (``Client``, ``Enrollment``, ``Exit``, ...) in the
FY2026 canonical shape, with HUD's column names and the spec's types (DATE, TIMESTAMP, BIGINT, DOUBLE, VARCHAR).
Soft-deleted rows (``DateDeleted`` set) are left out. Older years are converted in SQL with the crosswalk of
``hearth.hudcsv.adapters``; a few FY2022 columns the FY2022 report layout needs and FY2026 dropped (gender, ethnicity)
are kept as extra columns (see ``LEGACY_COLUMNS``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import weakref
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from hearth import standards
from hearth.hudcsv import adapters, reader

CANONICAL_YEAR = standards.CURRENT_SPEC_YEAR
REQUIRED_FILES = ("Export.csv", "Project.csv", "Client.csv", "Enrollment.csv")

DUCKDB_TYPES = {"integer": "BIGINT", "money": "DOUBLE", "date": "DATE", "datetime": "TIMESTAMP", "string": "VARCHAR"}

# Columns older years had and FY2026 dropped, kept on the canonical table for the FY2022 report layout
# (APR/CAPER Q10 gender, Q12b ethnicity). NULL when the source year has no such column.
LEGACY_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "Client.csv": (
        ("Ethnicity", "BIGINT"),
        ("Female", "BIGINT"),
        ("Male", "BIGINT"),
        ("NoSingleGender", "BIGINT"),
        ("Transgender", "BIGINT"),
        ("Questioning", "BIGINT"),
        ("GenderNone", "BIGINT"),
    ),
}


# The columns the reports (APR, CAPER, SPM; both layouts) read from the large files. Only these are parsed into the
# loaded table (DuckDB pushes the projection into its CSV reader: most of a file's cost is converting values), so
# Disabilities.csv loads 7 of its 20 columns. Files not listed load every column. A query naming a column left out
# reloads that table whole (``Dataset.con``), while the export's files are there; list the column here so that the
# second parse is not needed (``hearth/reports/tests/test_dataset.py`` runs every report with reloading off).
REPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "Client.csv": (
        "PersonalID", "FirstName", "LastName", "NameDataQuality", "SSN", "SSNDataQuality", "DOB", "DOBDataQuality",
        "Sex", "AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao", "MidEastNAfrican", "NativeHIPacific",
        "White", "RaceNone", "VeteranStatus",
    ),
    "Enrollment.csv": (
        "EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID", "RelationshipToHoH", "EnrollmentCoC",
        "LivingSituation", "RentalSubsidyType", "LengthOfStay", "LOSUnderThreshold", "PreviousStreetESSH",
        "DateToStreetESSH", "TimesHomelessPastThreeYears", "MonthsHomelessPastThreeYears", "DisablingCondition",
        "DateOfEngagement", "MoveInDate", "DateCreated",
    ),
    "Exit.csv": (
        "EnrollmentID", "PersonalID", "ExitDate", "Destination", "DestinationSubsidyType", "HousingAssessment",
        "SubsidyInformation", "DateCreated", "DateUpdated",
    ),
    "IncomeBenefits.csv": (
        "EnrollmentID", "PersonalID", "InformationDate", "IncomeFromAnySource", "TotalMonthlyIncome", "Earned",
        "EarnedAmount", "Unemployment", "UnemploymentAmount", "SSI", "SSIAmount", "SSDI", "SSDIAmount",
        "VADisabilityService", "VADisabilityServiceAmount", "VADisabilityNonService", "VADisabilityNonServiceAmount",
        "PrivateDisability", "PrivateDisabilityAmount", "WorkersComp", "WorkersCompAmount", "TANF", "TANFAmount", "GA",
        "GAAmount", "SocSecRetirement", "SocSecRetirementAmount", "Pension", "PensionAmount", "ChildSupport",
        "ChildSupportAmount", "Alimony", "AlimonyAmount", "OtherIncomeSource", "OtherIncomeAmount",
        "BenefitsFromAnySource", "SNAP", "WIC", "TANFChildCare", "TANFTransportation", "OtherTANF",
        "OtherBenefitsSource", "InsuranceFromAnySource", "Medicaid", "Medicare", "SCHIP", "VHAServices",
        "EmployerProvided", "COBRA", "PrivatePay", "StateHealthIns", "IndianHealthServices", "OtherInsurance",
        "DataCollectionStage", "DateUpdated",
    ),
    "HealthAndDV.csv": (
        "HealthAndDVID", "EnrollmentID", "PersonalID", "InformationDate", "DomesticViolenceSurvivor", "WhenOccurred",
        "CurrentlyFleeing", "DataCollectionStage", "DateUpdated",
    ),
    "Disabilities.csv": (
        "EnrollmentID", "PersonalID", "InformationDate", "DisabilityType", "DisabilityResponse", "IndefiniteAndImpairs",
        "DataCollectionStage",
    ),
    "Services.csv": ("EnrollmentID", "PersonalID", "DateProvided", "RecordType", "TypeProvided"),
    "CurrentLivingSituation.csv": (
        "CurrentLivingSitID", "EnrollmentID", "PersonalID", "InformationDate", "CurrentLivingSituation",
    ),
    # No report reads these yet: their keys only.
    "Assessment.csv": ("AssessmentID", "EnrollmentID", "PersonalID"),
    "AssessmentQuestions.csv": ("AssessmentQuestionID", "AssessmentID", "EnrollmentID", "PersonalID"),
    "AssessmentResults.csv": ("AssessmentResultID", "AssessmentID", "EnrollmentID", "PersonalID"),
    "Event.csv": ("EventID", "EnrollmentID", "PersonalID"),
}  # fmt: skip


# Files no report reads: loaded when a statement first names their table (their CSV is kept for that as a hard link
# in the dataset's scratch folder, so the export may be removed meanwhile; where no link can be made, loaded at once).
DEFERRED_FILES = ("Assessment.csv", "AssessmentQuestions.csv", "AssessmentResults.csv", "Event.csv")


class DatasetError(Exception):
    """The export cannot be loaded; the message names the file, line and column where it can."""


def table_name(file: str) -> str:
    """``"Client.csv"`` -> ``"Client"``."""
    return file.removesuffix(".csv")


_MISSING_COLUMN = re.compile(r'column (?:named )?"([^"]+)"', re.IGNORECASE)


class _Connection:
    """The dataset's DuckDB connection (every other attribute is DuckDB's own).

    ``execute``/``sql``/``query`` reload a table whole when a statement names one of its columns that the projection
    (``REPORT_COLUMNS``) left out, then run the statement again.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, ds: Dataset) -> None:
        self.raw = con
        self._ds = ds

    def __getattr__(self, name: str):
        return getattr(self.raw, name)

    def execute(self, query, *args, **kwargs):
        return self._run(self.raw.execute, query, *args, **kwargs)

    def sql(self, query, *args, **kwargs):
        return self._run(self.raw.sql, query, *args, **kwargs)

    def query(self, query, *args, **kwargs):
        return self._run(self.raw.query, query, *args, **kwargs)

    def _run(self, method, query, *args, **kwargs):
        if self._ds.deferred:
            self._ds._load_deferred(str(query))
        while True:
            try:
                return method(query, *args, **kwargs)
            except duckdb.BinderException as exc:
                if not self._ds._widen(str(query), str(exc)):
                    raise
            except duckdb.CatalogException:
                if not self._ds._load_deferred(str(query), ignore_case=True):
                    raise


@dataclass
class Dataset:
    """An HMIS CSV export loaded into DuckDB: ``con`` holds one canonical table per HUD file."""

    con: _Connection | duckdb.DuckDBPyConnection
    path: Path
    spec_year: str
    row_counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    load_seconds: float = 0.0
    cached: bool = False  # the tables came from the cache of loaded exports (see load_dataset)
    cache_write_seconds: float = 0.0  # part of load_seconds spent writing that cache
    # False: a statement naming a column that REPORT_COLUMNS left out fails (DatasetError) instead of reloading.
    reload_missing_columns: bool = True
    # file -> the canonical columns loaded (only files loaded with a projection)
    partial: dict[str, set[str]] = field(default_factory=dict, repr=False)
    deferred: set[str] = field(default_factory=set, repr=False)  # DEFERRED_FILES not loaded yet
    _present: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _sources: dict[str, tuple[Path, list]] = field(default_factory=dict, repr=False)
    _scratch: Path | None = field(default=None, repr=False)
    _cleanup: Callable[[], None] | None = field(default=None, repr=False)

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: list | None = None):
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.con.close()
        if self._cleanup is not None:
            self._cleanup()

    def _widen(self, sql: str, message: str) -> bool:
        """After a binder error: reload whole the partly loaded table(s) having the missing column; False if none."""
        missing = {m.lower() for m in _MISSING_COLUMN.findall(message.splitlines()[0] if message else "")}
        if not missing:
            return False
        candidates = [f for f in self.partial if missing & _left_out(f, self.partial[f])]
        named = [f for f in candidates if re.search(rf"\b{table_name(f)}\b", sql, re.IGNORECASE)]
        targets = named or candidates
        if not targets:
            return False
        if not self.reload_missing_columns or not all(self._sources.get(self._source_file(f)) for f in targets):
            cols = ", ".join(sorted(missing))
            raise DatasetError(
                f"{', '.join(targets)}: column(s) {cols} not loaded; add them to dataset.REPORT_COLUMNS"
            ) from None
        for file in targets:
            self.partial.pop(file)
            if self.cached:
                self.con.execute(f'DROP VIEW IF EXISTS "{table_name(file)}"')
            _canonical(self, file, self._present, self._sources, replace=True)
        return True

    def _load_deferred(self, sql: str, *, ignore_case: bool = False) -> bool:
        """Load the deferred tables that ``sql`` names (every one when ``sql`` is empty); False if none.

        Names are matched as written (``Event``, not ``event`` in a comment); a statement failing on an unknown table
        is retried with any case.
        """
        found = False
        for file in sorted(self.deferred):
            if not sql or re.search(rf"\b{table_name(file)}\b", sql, re.IGNORECASE if ignore_case else 0):
                self.deferred.discard(file)
                _canonical(self, file, self._present, self._sources)
                self.row_counts[file] = self.scalar(f'SELECT count(*) FROM "{table_name(file)}"')  # noqa: S608
                found = True
        return found

    def _source_file(self, file: str) -> str:
        return "Project.csv" if self.spec_year == "2022" and file == "HMISParticipation.csv" else file

    def _scratch_dir(self) -> Path:
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="hearth-report-"))
            _add_cleanup(self, self._scratch)
        return self._scratch


class _RowCounts(dict):
    """Rows per file; a deferred file's count loads its table."""

    def __init__(self, ds: Dataset) -> None:
        super().__init__()
        self._ds = weakref.ref(ds)

    def __missing__(self, file: str) -> int:
        ds = self._ds()
        if ds is None or file not in ds.deferred:
            raise KeyError(file)
        ds._load_deferred(table_name(file))
        return self[file]


def _left_out(file: str, loaded: set[str]) -> set[str]:
    """Lower-cased canonical columns of ``file`` not in ``loaded``."""
    return {c.name.lower() for c in standards.layout(file, CANONICAL_YEAR)} - {c.lower() for c in loaded}


def _add_cleanup(ds: Dataset, folder: Path) -> None:
    """Remove ``folder`` when the dataset is closed or garbage-collected."""
    previous = ds._cleanup
    finalizer = weakref.finalize(ds, shutil.rmtree, str(folder), True)

    def cleanup() -> None:
        finalizer()
        if previous is not None:
            previous()

    ds._cleanup = cleanup


def load_dataset(path: str | Path, *, threads: int | None = None, columns: str = "report",
                 cache_dir: str | Path | None = None, memory_limit: str | None = None) -> Dataset:  # fmt: skip
    """Load a folder or .zip of HMIS CSV files into a new in-memory DuckDB database; raises DatasetError.

    ``columns="report"`` loads only ``REPORT_COLUMNS`` of the large files (others are loaded on first use while the
    files exist); ``"all"`` loads every column.

    ``cache_dir`` (default: the ``HEARTH_REPORT_CACHE`` environment variable; none when unset): keep the loaded tables
    as a DuckDB database file there, keyed by the export's path, file sizes and modification times and this loader's
    code, so that loading the same export again reads that file instead of parsing CSV (``ds.cached`` says which).

    ``memory_limit`` (default: ``HEARTH_REPORT_MEMORY``, else DuckDB's 80% of RAM), e.g. ``"2GB"``: beyond it DuckDB
    spills to a temporary folder of the dataset's own (removed on close), so a large CoC also runs on a small machine.
    """
    import time

    started = time.perf_counter()
    path = Path(path)
    try:
        export = reader.open_export(path)
    except reader.ExportError as exc:
        raise DatasetError(str(exc)) from None
    tmp: str | None = None
    ds: Dataset | None = None
    try:
        with export:
            spec_year, notes = reader.detect(export)
            if any(sev == "error" for _rule, sev, _msg in notes):
                raise DatasetError("; ".join(msg for _r, _s, msg in notes))
            missing = [f for f in REQUIRED_FILES if not export.has(f)]
            if missing:
                raise DatasetError(f"{path.name}: required file(s) missing: {', '.join(missing)}")
            if cache_dir is None and os.environ.get("HEARTH_REPORT_CACHE"):
                cache_dir = os.environ["HEARTH_REPORT_CACHE"]
            cache = _cache_file(Path(cache_dir), export, spec_year, columns) if cache_dir else None
            hit = cache is not None and cache.exists()
            if export.zip is not None:
                files = {}
                if not hit:  # a cached zip is not extracted (its columns left out can then not be loaded)
                    tmp = tempfile.mkdtemp(prefix="hearth-report-")
                    files = {f: _extract(export.zip, name, Path(tmp)) for f, name in export.members.items()}
            else:
                files = {f: export.path / name for f, name in export.members.items()}
            con = duckdb.connect(":memory:")
            # Row order never matters to the reports (they sort where they must); not keeping it saves memory and time.
            con.execute("SET preserve_insertion_order = false")
            if threads:
                con.execute(f"SET threads = {int(threads)}")
            memory_limit = memory_limit or os.environ.get("HEARTH_REPORT_MEMORY")
            if memory_limit:
                con.execute(f"SET memory_limit = {_sql_str(memory_limit)}")
            ds = Dataset(con=con, path=path, spec_year=spec_year)
            ds.con = _Connection(con, ds)
            ds.row_counts = _RowCounts(ds)
            if tmp:
                # The extracted files stay while the dataset lives (a column left out may be loaded later).
                ds._scratch = Path(tmp)
                _add_cleanup(ds, ds._scratch)
            # Spill here rather than in ".tmp" under the working directory (DuckDB's default).
            con.execute(f"SET temp_directory = {_sql_str(str(ds._scratch_dir() / 'spill'))}")
            if hit and _open_cache(ds, cache, files):
                ds.cached = True
            else:
                _load(ds, files, projected=columns == "report")
                if cache is not None:
                    began = time.perf_counter()
                    _write_cache(ds, cache)
                    ds.cache_write_seconds = time.perf_counter() - began
    except BaseException:
        if ds is not None:
            ds.close()
        elif tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    ds.load_seconds = time.perf_counter() - started
    return ds


# ---- the cache of loaded exports -----------------------------------------------------------------------------------

CACHE_VERSION = 1
CACHE_META = "__hearth_meta"


def _cache_file(folder: Path, export: reader.Export, spec_year: str, columns: str) -> Path:
    """``<path hash>-<content hash>.duckdb``: the export's path, its files' sizes and mtimes, and the loader's code."""
    where = export.path
    if export.zip is not None:
        stats = [(where.name, where.stat().st_size, where.stat().st_mtime_ns)]
    else:
        stats = sorted((n, (where / n).stat().st_size, (where / n).stat().st_mtime_ns) for n in export.members.values())
    code = hashlib.sha256()
    for module in (__file__, adapters.__file__, standards.__file__):
        code.update(Path(module).read_bytes())
    key = json.dumps([CACHE_VERSION, stats, spec_year, columns, code.hexdigest(), REPORT_COLUMNS], sort_keys=True)
    place = hashlib.sha256(str(where.resolve()).encode()).hexdigest()[:12]
    return folder / f"{place}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.duckdb"


def _write_cache(ds: Dataset, cache: Path) -> None:
    """Copy the canonical tables into ``cache`` (written aside, then renamed; older versions of the export removed)."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    part = cache.with_name(f"{cache.stem}.{os.getpid()}.part")
    part.unlink(missing_ok=True)
    ds._load_deferred("")  # the cache holds every table
    meta = {"warnings": ds.warnings, "partial": {f: sorted(c) for f, c in ds.partial.items()}}
    con = ds.con.raw if isinstance(ds.con, _Connection) else ds.con
    try:
        con.execute(f"ATTACH {_sql_str(str(part))} AS hearth_new")
        try:
            for file in standards.files(CANONICAL_YEAR):
                name = table_name(file)
                con.execute(f'CREATE TABLE hearth_new."{name}" AS SELECT * FROM "{name}"')  # noqa: S608
            con.execute(f"CREATE TABLE hearth_new.{CACHE_META} AS SELECT ? AS meta", [json.dumps(meta)])
        finally:
            con.execute("DETACH hearth_new")
        os.replace(part, cache)
    except (OSError, duckdb.Error) as exc:
        part.unlink(missing_ok=True)
        ds.warnings.append(f"the loaded export could not be cached in {cache.parent} ({exc})")
        return
    prefix = cache.name.split("-")[0] + "-"
    for old in cache.parent.glob(prefix + "*.duckdb"):
        if old != cache:
            old.unlink(missing_ok=True)


def _open_cache(ds: Dataset, cache: Path, files: dict[str, Path]) -> bool:
    """Serve the canonical tables from ``cache`` (views over it, read-only); False when it cannot be read."""
    con = ds.con.raw if isinstance(ds.con, _Connection) else ds.con
    try:
        con.execute(f"ATTACH {_sql_str(str(cache))} AS hearth_cache (READ_ONLY)")
        meta = json.loads(con.execute(f"SELECT meta FROM hearth_cache.{CACHE_META}").fetchone()[0])  # noqa: S608
        for file in standards.files(CANONICAL_YEAR):
            name = table_name(file)
            con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM hearth_cache."{name}"')  # noqa: S608
    except (duckdb.Error, TypeError, ValueError):
        for file in standards.files(CANONICAL_YEAR):
            con.execute(f'DROP VIEW IF EXISTS "{table_name(file)}"')
        con.execute("DETACH DATABASE IF EXISTS hearth_cache")
        return False
    ds.warnings = list(meta["warnings"])
    ds.partial = {f: set(c) for f, c in meta["partial"].items()}
    for file in standards.files(ds.spec_year):  # headers only: the raw views a reload of a left-out column needs
        if file in files:
            ds._present[file] = set(_load_raw(ds, file, files[file], ds._sources))
    for file in standards.files(CANONICAL_YEAR):
        ds.row_counts[file] = con.execute(f'SELECT count(*) FROM "{table_name(file)}"').fetchone()[0]  # noqa: S608
    return True


def _extract(zf: zipfile.ZipFile, name: str, folder: Path) -> Path:
    target = folder / _safe_name(name)
    with zf.open(name) as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return target


def _safe_name(name: str) -> str:
    return name.replace("/", "__").replace("\\", "__")


# ---- reading one file ------------------------------------------------------------------------------------------


def _header(path: Path) -> list[str]:
    with path.open("rb") as fh:
        first = fh.readline()
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError:
        text = first.decode("cp1252")
    return next(csv.reader(io.StringIO(text)), [])


def _column_map(file: str, year: str, names: list[str]) -> list[tuple[str, str]]:
    """``(name in the table, DuckDB type)`` for each column of the file as found, by HUD name or alias."""
    by_key: dict[str, standards.Column] = {}
    for col in standards.layout(file, year):
        by_key[col.name.lower()] = col
        for alias in col.aliases:
            by_key.setdefault(alias.lower(), col)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, raw in enumerate(names):
        col = by_key.get(raw.strip().lower())
        if col is None or col.name in seen:
            out.append((f"__extra{i}", "VARCHAR"))
        else:
            seen.add(col.name)
            out.append((col.name, DUCKDB_TYPES[col.base_type]))
    return out


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _read_csv_sql(path: Path, columns: list[tuple[str, str]], *, all_varchar: bool = False) -> str:
    cols = ", ".join(f"{_sql_str(n)}: '{'VARCHAR' if all_varchar else t}'" for n, t in columns)
    return (
        f"read_csv({_sql_str(str(path))}, header=true, auto_detect=false, delim=',', quote='\"', escape='\"', "
        f"columns={{{cols}}}, null_padding=true, dateformat='%Y-%m-%d', timestampformat='%Y-%m-%d %H:%M:%S', "
        f"strict_mode=false)"
    )


def _to_utf8(path: Path, scratch: Path) -> Path:
    """A UTF-8 copy of a file that is not valid UTF-8 (HMIS CSV is UTF-8; Windows-1252 is the usual mistake)."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
        return path
    except UnicodeDecodeError:
        pass
    target = scratch / ("utf8-" + path.name)
    target.write_text(raw.decode("cp1252", errors="replace"), "utf-8")
    return target


def _load_raw(ds: Dataset, file: str, path: Path, sources: dict[str, tuple[Path, list]]) -> list[str]:
    """Create the view ``raw_<File>`` over the CSV, typed per the source year's layout; return the HUD columns.

    A view, not a table: the canonical table then reads each CSV once. Bad values surface when it is read
    (see ``_guarded``).
    """
    names = _header(path)
    if not names:
        raise DatasetError(f"{file}: the file is empty (no header row)")
    columns = _column_map(file, ds.spec_year, names)
    sources[file] = (path, columns)
    _create_view(ds, file, path, columns)
    return [n for n, _t in columns if not n.startswith("__extra")]


def _create_view(ds: Dataset, file: str, path: Path, columns: list[tuple[str, str]]) -> None:
    sql = f'CREATE OR REPLACE VIEW "raw_{table_name(file)}" AS SELECT * FROM {_read_csv_sql(path, columns)}'  # noqa: S608
    ds.con.execute(sql)


def _guarded(ds: Dataset, sql: str, file: str, sources: dict[str, tuple[Path, list]]) -> None:
    """Run ``sql`` reading ``raw_<file>``; a non-UTF-8 file is re-read as Windows-1252, other errors explained."""
    try:
        ds.con.execute(sql)
        return
    except duckdb.Error as exc:
        error: duckdb.Error = exc
    path, columns = sources[file]
    if "unicode" in str(error).lower() or "utf-8" in str(error).lower():
        path = _to_utf8(path, ds._scratch_dir())
        sources[file] = (path, columns)
        ds.warnings.append(f"{file}: not UTF-8; read as Windows-1252")
        _create_view(ds, file, path, columns)
        try:
            ds.con.execute(sql)
            return
        except duckdb.Error as exc:
            error = exc
    raise DatasetError(_diagnose(ds, file, path, columns) or f"{file}: cannot be read ({error})") from None


def _diagnose(ds: Dataset, file: str, path: Path, columns: list[tuple[str, str]]) -> str | None:
    """The first bad value of a file that failed to load typed, as ``file line N column C: ...``."""
    try:
        rel = _read_csv_sql(path, columns, all_varchar=True)
        ds.con.execute("SET preserve_insertion_order = true")
        ds.con.execute(f"CREATE OR REPLACE TEMP TABLE __diag AS SELECT row_number() OVER () AS __line, * FROM {rel}")  # noqa: S608
    except duckdb.Error as exc:
        return f"{file}: not a readable CSV file ({str(exc).splitlines()[0]})"
    for name, typ in columns:
        if typ == "VARCHAR":
            continue
        if typ == "DATE":
            cast = f"TRY_STRPTIME(\"{name}\", '%Y-%m-%d')"
        elif typ == "TIMESTAMP":
            cast = f"TRY_STRPTIME(\"{name}\", '%Y-%m-%d %H:%M:%S')"
        else:
            cast = f'TRY_CAST("{name}" AS {typ})'
        sql = f'SELECT __line, "{name}" FROM __diag WHERE "{name}" IS NOT NULL AND "{name}" <> \'\' AND {cast} IS NULL'  # noqa: S608
        row = ds.con.execute(sql + " ORDER BY __line LIMIT 1").fetchone()
        if row:
            expected = {"DATE": "a date YYYY-MM-DD", "TIMESTAMP": "a date and time YYYY-MM-DD HH:MM:SS"}.get(
                typ, "an integer" if typ == "BIGINT" else "a number"
            )
            ds.con.execute("DROP TABLE __diag")
            return f"{file} line {row[0] + 1}, column {name}: {row[1]!r} is not {expected}"
    ds.con.execute("DROP TABLE __diag")
    return None


# ---- the canonical tables --------------------------------------------------------------------------------------


def _living_situation_case(column: str) -> str:
    whens = " ".join(f"WHEN {old} THEN {new}" for old, (new, _sub) in adapters.LIVING_SITUATION_FY2022.items())
    return f'CASE "{column}" {whens} ELSE "{column}" END'


def _subsidy_case(column: str, subsidy: str | None) -> str:
    whens = " ".join(
        f"WHEN {old} THEN {sub}" for old, (_new, sub) in adapters.LIVING_SITUATION_FY2022.items() if sub is not None
    )
    fallback = f'"{subsidy}"' if subsidy else "NULL"
    return f'CASE "{column}" {whens} ELSE {fallback} END'


def _fy2022_overrides(file: str, present: set[str]) -> dict[str, str]:
    """SQL expressions replacing the plain column copy for FY2022 sources (crosswalk of ``hudcsv.adapters``)."""
    out: dict[str, str] = {}
    if file == "Project.csv":
        out["ProjectType"] = 'CASE WHEN "ProjectType" = 1 THEN (CASE WHEN "TrackingMethod" = 3 THEN 1 ELSE 0 END) ' \
                             'ELSE "ProjectType" END'  # fmt: skip
    if file == "Client.csv":
        for flag in adapters.RACE_FLAGS:
            out[flag] = f'CASE WHEN "{flag}" IN (0, 1) THEN "{flag}" ELSE 0 END'
        any_race = " OR ".join(f'"{f}" = 1' for f in adapters.RACE_FLAGS)
        out["HispanicLatinao"] = 'CASE WHEN "Ethnicity" = 1 THEN 1 ELSE 0 END'
        out["MidEastNAfrican"] = "0"
        # RaceNone stays as collected for a Hispanic/Latino client without a race: the FY2022 race table needs it.
        out["RaceNone"] = f'CASE WHEN {any_race} THEN NULL ELSE "RaceNone" END'
    for f, column, subsidy in adapters.LIVING_SITUATION_COLUMNS:
        if f == file and column in present:
            out[column] = _living_situation_case(column)
            out[subsidy] = _subsidy_case(column, subsidy if subsidy in present else None)
    return out


def _load(ds: Dataset, files: dict[str, Path], *, projected: bool = True) -> None:
    present = ds._present
    sources = ds._sources
    deferred: set[str] = set()
    for file in standards.files(ds.spec_year):
        if file in files:
            path = files[file]
            if projected and file in DEFERRED_FILES:
                kept = _keep_source(ds, path)
                if kept is not None:
                    path = kept
                    deferred.add(file)
            present[file] = set(_load_raw(ds, file, path, sources))
    for file in standards.files(CANONICAL_YEAR):
        wanted = REPORT_COLUMNS.get(file) if projected else None
        if wanted is not None and ds._source_file(file) in present:
            ds.partial[file] = set(wanted)
        if file not in deferred:
            _canonical(ds, file, present, sources)
    for file in standards.files(CANONICAL_YEAR):
        if file not in deferred:
            ds.row_counts[file] = ds.con.execute(f'SELECT count(*) FROM "{table_name(file)}"').fetchone()[0]  # noqa: S608
    ds.deferred = deferred


def _keep_source(ds: Dataset, path: Path) -> Path | None:
    """A path to ``path``'s content that lives as long as the dataset (a hard link in its scratch folder)."""
    if ds._scratch is not None and path.parent == ds._scratch:
        return path  # extracted from a zip: already the dataset's
    target = ds._scratch_dir() / f"kept-{path.name}"
    try:
        os.link(path, target)
    except OSError:
        return None
    return target


def _canonical(ds: Dataset, file: str, present: dict[str, set[str]], sources: dict[str, tuple[Path, list]], *,
               replace: bool = False) -> None:  # fmt: skip
    """Create the canonical table of ``file`` from its raw view: every column, or those in ``ds.partial[file]``."""
    year = ds.spec_year
    name = table_name(file)
    source_file = ds._source_file(file)
    cols = present.get(source_file)
    keep = ds.partial.get(file)
    if keep is not None and year == "2022" and file == "Enrollment.csv":
        keep |= {"EnrollmentID", "HouseholdID", "EnrollmentCoC"}  # the EnrollmentCoC.csv fold needs them
    select: list[str] = []
    overrides = _fy2022_overrides(file, cols or set()) if year == "2022" and cols is not None else {}
    for col in standards.layout(file, CANONICAL_YEAR):
        if keep is not None and col.name not in keep:
            continue
        typ = DUCKDB_TYPES[col.base_type]
        src = adapters.source_name(file, col.name, year) if year != CANONICAL_YEAR else col.name
        if col.name in overrides:
            expr = overrides[col.name]
        elif cols is not None and src in cols:
            expr = f'"{src}"'
        else:
            expr = "NULL"
        select.append(f'CAST({expr} AS {typ}) AS "{col.name}"')
    for legacy, typ in LEGACY_COLUMNS.get(file, ()):
        expr = f'"{legacy}"' if cols is not None and legacy in cols else "NULL"
        select.append(f'CAST({expr} AS {typ}) AS "{legacy}"')
    create = "CREATE OR REPLACE TABLE" if replace else "CREATE TABLE"
    if year == "2022" and file == "HMISParticipation.csv" and cols is not None:
        _guarded(ds, _hmis_participation_2022_sql(ds, present).replace("CREATE TABLE", create, 1), "Project.csv",
                 sources)  # fmt: skip
        return
    if cols is None:
        ds.con.execute(f'{create} "{name}" AS SELECT {", ".join(select)} WHERE false')
        if file in ("Exit.csv", "Services.csv", "IncomeBenefits.csv", "Disabilities.csv", "ProjectCoC.csv"):
            ds.warnings.append(f"{file} missing from the export; read as empty")
        return
    where = 'WHERE "DateDeleted" IS NULL' if "DateDeleted" in cols else ""
    sql = f'{create} "{name}" AS SELECT {", ".join(select)} FROM "raw_{table_name(source_file)}" {where}'  # noqa: S608
    _guarded(ds, sql, source_file, sources)
    if year == "2022" and file == "Enrollment.csv" and "EnrollmentCoC.csv" in present:
        _guarded(ds, ENROLLMENT_COC_2022[0], "EnrollmentCoC.csv", sources)
        for step in ENROLLMENT_COC_2022[1:]:
            ds.con.execute(step)


def _hmis_participation_2022_sql(ds: Dataset, present: dict[str, set[str]]) -> str:
    # Crosswalk 6.2: one participation row per project from HMISParticipatingProject and the operating dates.
    return (
        """
        CREATE TABLE HMISParticipation AS
        SELECT p.ProjectID AS HMISParticipationID, p.ProjectID,
               CAST(CASE WHEN o.VictimServiceProvider = 1 THEN 2
                         WHEN p.HMISParticipatingProject = 1 THEN 1 ELSE 0 END AS BIGINT) AS HMISParticipationType,
               p.OperatingStartDate AS HMISParticipationStatusStartDate,
               p.OperatingEndDate AS HMISParticipationStatusEndDate,
               p.DateCreated, p.DateUpdated, p.UserID, p.DateDeleted, p.ExportID
        FROM raw_Project p LEFT JOIN raw_Organization o USING (OrganizationID)
        WHERE p.DateDeleted IS NULL
        """
        if "Organization.csv" in present
        else """
        CREATE TABLE HMISParticipation AS
        SELECT p.ProjectID AS HMISParticipationID, p.ProjectID,
               CAST(CASE WHEN p.HMISParticipatingProject = 1 THEN 1 ELSE 0 END AS BIGINT) AS HMISParticipationType,
               p.OperatingStartDate AS HMISParticipationStatusStartDate,
               p.OperatingEndDate AS HMISParticipationStatusEndDate,
               p.DateCreated, p.DateUpdated, p.UserID, p.DateDeleted, p.ExportID
        FROM raw_Project p WHERE p.DateDeleted IS NULL
        """
    )


# Crosswalk 6.5: Enrollment.EnrollmentCoC is the earliest project-start EnrollmentCoC.csv row of the enrollment,
# else of its household.
ENROLLMENT_COC_2022 = (
    """
    CREATE TEMP TABLE __ecoc AS
    SELECT EnrollmentID, HouseholdID, CoCCode, InformationDate FROM raw_EnrollmentCoC
    WHERE DataCollectionStage = 1 AND DateDeleted IS NULL AND CoCCode IS NOT NULL
    """,
    """
    UPDATE Enrollment SET EnrollmentCoC = coalesce(
        (SELECT arg_min(c.CoCCode, coalesce(c.InformationDate, DATE '9999-12-31')) FROM __ecoc c
         WHERE c.EnrollmentID = Enrollment.EnrollmentID),
        (SELECT arg_min(c.CoCCode, coalesce(c.InformationDate, DATE '9999-12-31')) FROM __ecoc c
         WHERE c.HouseholdID = Enrollment.HouseholdID))
    """,
    "DROP TABLE __ecoc",
)
