"""Load an HMIS CSV export (folder or zip; FY2022, FY2024 or FY2026) into an in-process DuckDB database.

Django-free. Every HUD file becomes one table named like the file (``Client``, ``Enrollment``, ``Exit``, ...) in the
FY2026 canonical shape, with HUD's column names and the spec's types (DATE, TIMESTAMP, BIGINT, DOUBLE, VARCHAR).
Soft-deleted rows (``DateDeleted`` set) are left out. Older years are converted in SQL with the crosswalk of
``hearth.hudcsv.adapters``; a few FY2022 columns the FY2022 report layout needs and FY2026 dropped (gender, ethnicity)
are kept as extra columns (see ``LEGACY_COLUMNS``).
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
import zipfile
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


class DatasetError(Exception):
    """The export cannot be loaded; the message names the file, line and column where it can."""


def table_name(file: str) -> str:
    """``"Client.csv"`` -> ``"Client"``."""
    return file.removesuffix(".csv")


@dataclass
class Dataset:
    """An HMIS CSV export loaded into DuckDB: ``con`` holds one canonical table per HUD file."""

    con: duckdb.DuckDBPyConnection
    path: Path
    spec_year: str
    row_counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    load_seconds: float = 0.0

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: list | None = None):
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.con.close()


def load_dataset(path: str | Path, *, threads: int | None = None) -> Dataset:
    """Load a folder or .zip of HMIS CSV files into a new in-memory DuckDB database; raises DatasetError."""
    import time

    started = time.perf_counter()
    path = Path(path)
    try:
        export = reader.open_export(path)
    except reader.ExportError as exc:
        raise DatasetError(str(exc)) from None
    tmp: str | None = None
    try:
        with export:
            spec_year, notes = reader.detect(export)
            if any(sev == "error" for _rule, sev, _msg in notes):
                raise DatasetError("; ".join(msg for _r, _s, msg in notes))
            missing = [f for f in REQUIRED_FILES if not export.has(f)]
            if missing:
                raise DatasetError(f"{path.name}: required file(s) missing: {', '.join(missing)}")
            if export.zip is not None:
                tmp = tempfile.mkdtemp(prefix="hearth-report-")
                files = {f: _extract(export.zip, name, Path(tmp)) for f, name in export.members.items()}
            else:
                files = {f: export.path / name for f, name in export.members.items()}
            con = duckdb.connect(":memory:")
            # Row order never matters to the reports (they sort where they must); not keeping it saves memory and time.
            con.execute("SET preserve_insertion_order = false")
            if threads:
                con.execute(f"SET threads = {int(threads)}")
            ds = Dataset(con=con, path=path, spec_year=spec_year)
            _load(ds, files, Path(tmp) if tmp else None)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    ds.load_seconds = time.perf_counter() - started
    return ds


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


def _guarded(ds: Dataset, sql: str, file: str, sources: dict[str, tuple[Path, list]], scratch: Path) -> None:
    """Run ``sql`` reading ``raw_<file>``; a non-UTF-8 file is re-read as Windows-1252, other errors explained."""
    try:
        ds.con.execute(sql)
        return
    except duckdb.Error as exc:
        error: duckdb.Error = exc
    path, columns = sources[file]
    if "unicode" in str(error).lower() or "utf-8" in str(error).lower():
        path = _to_utf8(path, scratch)
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


def _load(ds: Dataset, files: dict[str, Path], scratch: Path | None) -> None:
    scratch_dir = scratch or Path(tempfile.mkdtemp(prefix="hearth-report-"))
    sources: dict[str, tuple[Path, list]] = {}
    try:
        present: dict[str, set[str]] = {}
        for file in standards.files(ds.spec_year):
            if file in files:
                present[file] = set(_load_raw(ds, file, files[file], sources))
        for file in standards.files(CANONICAL_YEAR):
            _canonical(ds, file, present, sources, scratch_dir)
    finally:
        for file in sources:
            ds.con.execute(f'DROP VIEW IF EXISTS "raw_{table_name(file)}"')
        if scratch is None:
            shutil.rmtree(scratch_dir, ignore_errors=True)
    for file in standards.files(CANONICAL_YEAR):
        ds.row_counts[file] = ds.con.execute(f'SELECT count(*) FROM "{table_name(file)}"').fetchone()[0]  # noqa: S608


def _canonical(ds: Dataset, file: str, present: dict[str, set[str]], sources: dict[str, tuple[Path, list]],
               scratch: Path) -> None:  # fmt: skip
    year = ds.spec_year
    name = table_name(file)
    source_file = file
    if year == "2022" and file == "HMISParticipation.csv":
        source_file = "Project.csv"
    cols = present.get(source_file)
    select: list[str] = []
    overrides = _fy2022_overrides(file, cols or set()) if year == "2022" and cols is not None else {}
    for col in standards.layout(file, CANONICAL_YEAR):
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
    if year == "2022" and file == "HMISParticipation.csv" and cols is not None:
        _guarded(ds, _hmis_participation_2022_sql(ds, present), "Project.csv", sources, scratch)
        return
    if cols is None:
        ds.con.execute(f'CREATE TABLE "{name}" AS SELECT {", ".join(select)} WHERE false')
        if file in ("Exit.csv", "Services.csv", "IncomeBenefits.csv", "Disabilities.csv", "ProjectCoC.csv"):
            ds.warnings.append(f"{file} missing from the export; read as empty")
        return
    where = 'WHERE "DateDeleted" IS NULL' if "DateDeleted" in cols else ""
    sql = f'CREATE TABLE "{name}" AS SELECT {", ".join(select)} FROM "raw_{table_name(source_file)}" {where}'  # noqa: S608
    _guarded(ds, sql, source_file, sources, scratch)
    if year == "2022" and file == "Enrollment.csv" and "EnrollmentCoC.csv" in present:
        _guarded(ds, ENROLLMENT_COC_2022[0], "EnrollmentCoC.csv", sources, scratch)
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
