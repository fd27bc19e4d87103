"""Bring FY2022 and FY2024 HMIS CSV rows into the FY2026 canonical shape (``shared/hud/version_crosswalk.md``).

Django-free. An adapter takes a typed row keyed by the source year's column names and returns a row keyed by the
FY2026 column names; notes about data that has no FY2026 home are reported once per file as warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from hearth import standards

CANONICAL_YEAR = standards.CURRENT_SPEC_YEAR

# Crosswalk 6.1: FY2022 3.12.1 living situation -> (FY2024+ code, 3.12.A subsidy type or None).
LIVING_SITUATION_FY2022 = {
    16: (116, None), 1: (101, None), 18: (118, None),
    15: (215, None), 6: (206, None), 7: (207, None), 25: (225, None), 4: (204, None), 5: (205, None),
    29: (329, None), 14: (314, None), 2: (302, None), 32: (332, None), 13: (313, None), 36: (336, None),
    12: (312, None), 35: (335, None), 27: (327, None),
    22: (422, None), 23: (423, None), 26: (426, None), 10: (410, None), 21: (421, None), 11: (411, None),
    28: (435, 428), 19: (435, 419), 3: (435, 440), 31: (435, 431), 33: (435, 433), 34: (435, 434), 20: (435, 420),
}  # fmt: skip

# (file, living-situation column, subsidy column) for 3.917, 4.12 and 3.12.
LIVING_SITUATION_COLUMNS = (
    ("Enrollment.csv", "LivingSituation", "RentalSubsidyType"),
    ("CurrentLivingSituation.csv", "CurrentLivingSituation", "CLSSubsidyType"),
    ("Exit.csv", "Destination", "DestinationSubsidyType"),
)

# Crosswalk 6.6: one-to-one renames, FY2026 name -> older name.
RENAMED_FROM = {
    ("HealthAndDV.csv", "DomesticViolenceSurvivor"): "DomesticViolenceVictim",
    ("IncomeBenefits.csv", "VHAServices"): "VAMedicalServices",
    ("IncomeBenefits.csv", "NoVHAReason"): "NoVAMedReason",
    ("Client.csv", "HispanicLatinao"): "HispanicLatinaeo",
}

RACE_FLAGS = ("AmIndAKNative", "Asian", "BlackAfAmerican", "NativeHIPacific", "White")

# Files HUD added in FY2024 (crosswalk 3); FY2022 exports do not have them.
ADDED_IN_FY2024 = ("HMISParticipation.csv", "CEParticipation.csv")


class Context:
    """Lookups an adapter needs from other files (filled by the reader before the files that use them)."""

    def __init__(self) -> None:
        # FY2022 EnrollmentCoC.csv (crosswalk 6.5): earliest project-start CoC per enrollment and per household.
        self.coc_by_enrollment: dict[str, tuple[Any, str]] = {}
        self.coc_by_household: dict[str, tuple[Any, str]] = {}
        # FY2022 Organization.VictimServiceProvider, for HMISParticipationType 2 (crosswalk 6.2).
        self.victim_service_orgs: set[str] = set()

    def add_enrollment_coc(self, row: dict[str, Any]) -> None:
        """Remember one FY2022 EnrollmentCoC.csv row (only project-start rows count, crosswalk 6.5)."""
        coc = row.get("CoCCode")
        if not coc or row.get("DataCollectionStage") != 1 or row.get("DateDeleted"):
            return
        key = (row.get("InformationDate") or _FAR_FUTURE, coc)
        for mapping, ident in ((self.coc_by_enrollment, row.get("EnrollmentID")),
                               (self.coc_by_household, row.get("HouseholdID"))):  # fmt: skip
            if ident and (ident not in mapping or _sort_key(key) < _sort_key(mapping[ident])):
                mapping[ident] = key


_FAR_FUTURE = "9999-12-31"


def _sort_key(entry: tuple[Any, str]) -> str:
    return str(entry[0])


def source_name(file: str, canonical: str, spec_year: str) -> str | None:
    """The column of a ``spec_year`` file that holds FY2026 ``canonical`` (None when there is none)."""
    names = set(standards.header(file, spec_year)) if file in standards.files(spec_year) else set()
    if canonical in names:
        return canonical
    old = RENAMED_FROM.get((file, canonical))
    return old if old in names else None


def dropped_columns(file: str, spec_year: str) -> list[str]:
    """Columns of a ``spec_year`` file that have no FY2026 home."""
    if file not in standards.files(spec_year) or file not in standards.files(CANONICAL_YEAR):
        return []
    kept = {source_name(file, c, spec_year) for c in standards.header(file, CANONICAL_YEAR)}
    return [c for c in standards.header(file, spec_year) if c not in kept]


def file_notes(file: str, spec_year: str) -> list[tuple[str, str]]:
    """``(rule, message)`` warnings about a whole file when converting it to FY2026."""
    if spec_year == CANONICAL_YEAR:
        return []
    notes: list[tuple[str, str]] = []
    if file in ADDED_IN_FY2024 and spec_year == "2022":
        if file == "HMISParticipation.csv":
            notes.append(
                (
                    "synthesized",
                    "FY2022 has no HMISParticipation.csv; one row per project is built from "
                    "Project.HMISParticipatingProject and the operating dates (crosswalk 6.2)",
                )
            )
        else:
            notes.append(
                (
                    "no_source",
                    "FY2022 has no CEParticipation.csv and no field to build it from; left empty (crosswalk 6.2)",
                )
            )
        return notes
    dropped = dropped_columns(file, spec_year)
    if dropped:
        notes.append(
            ("dropped_columns", f"FY{spec_year} columns with no FY2026 home are not imported: " + ", ".join(dropped))
        )
    if file == "Client.csv":
        notes.append(
            (
                "sex_unmapped",
                "FY2026 4.21 Sex has no faithful source in FY"
                + spec_year
                + " gender; Sex is left null (crosswalk 6.3)",
            )
        )
    if file == "Client.csv" and spec_year == "2022":
        notes.append(
            (
                "ethnicity_mapped",
                "FY2022 Ethnicity 1 becomes HispanicLatinao 1; Ethnicity 0/8/9/99 become 0 (crosswalk 6.4)",
            )
        )
    if file == "Enrollment.csv" and spec_year == "2024":
        notes.append(("new_column_null", "MentalHealthConsultation (V10) is new in FY2026 and left null"))
    if file == "Project.csv" and spec_year == "2022":
        notes.append(
            (
                "project_type_mapped",
                "FY2022 emergency shelters (ProjectType 1) become 1 when "
                "TrackingMethod = 3 (night-by-night), else 0 (crosswalk 6.2)",
            )
        )
    return notes


def row_converter(file: str, spec_year: str) -> Callable[[dict[str, Any], Context], tuple[dict[str, Any], list]]:
    """A function turning one typed ``spec_year`` row of ``file`` into ``(FY2026 row, [(column, rule, msg)])``."""
    canon = standards.header(file, CANONICAL_YEAR)
    if spec_year == CANONICAL_YEAR:
        return lambda row, ctx: ({c: row.get(c) for c in canon}, [])
    pairs = [(c, source_name(file, c, spec_year)) for c in canon]
    fixups = [f for f in _FIXUPS.get(file, ()) if spec_year in f[0]]

    def convert(row: dict[str, Any], ctx: Context) -> tuple[dict[str, Any], list]:
        out = {c: (row.get(s) if s else None) for c, s in pairs}
        notes: list = []
        for _years, fix in fixups:
            fix(row, out, ctx, notes)
        return out, notes

    return convert


# ---- per-file fix-ups: fix(source_row, canonical_row, context, notes) ------------------------------------------


def _export_2022(src: dict, out: dict, ctx: Context, notes: list) -> None:
    # FY2024 added ImplementationID (non-null); like Green River, build it from the source system's name.
    if out.get("ImplementationID") is None:
        out["ImplementationID"] = " ".join(str(v) for v in (src.get("SourceID"), src.get("SourceName")) if v)[
            :200
        ] or src.get("ExportID")


def _project_2022(src: dict, out: dict, ctx: Context, notes: list) -> None:
    # 2.02.6: FY2022 ES (1) + TrackingMethod 3 = night-by-night (1); any other ES is entry/exit (0).
    if src.get("ProjectType") == 1:
        out["ProjectType"] = 1 if src.get("TrackingMethod") == 3 else 0
    if out.get("ProjectType") == 13 and out.get("RRHSubType") is None:
        notes.append(
            (
                "RRHSubType",
                "rrh_subtype_unknown",
                "RRHSubType (2.02.A) is required for RRH projects but FY2022 has no source; set it by hand",
            )
        )


def _client_2022(src: dict, out: dict, ctx: Context, notes: list) -> None:
    for flag in RACE_FLAGS:
        if out.get(flag) not in (0, 1):
            out[flag] = 0
    out["HispanicLatinao"] = 1 if src.get("Ethnicity") == 1 else 0
    out["MidEastNAfrican"] = 0
    if any(out.get(f) == 1 for f in (*RACE_FLAGS, "HispanicLatinao")):
        out["RaceNone"] = None


def _living_situation_2022(file: str, column: str, subsidy: str) -> Callable:
    def fix(src: dict, out: dict, ctx: Context, notes: list) -> None:
        code = out.get(column)
        if code in LIVING_SITUATION_FY2022:
            out[column], sub = LIVING_SITUATION_FY2022[code]
            if sub is not None:
                out[subsidy] = sub

    return fix


def _enrollment_coc_2022(src: dict, out: dict, ctx: Context, notes: list) -> None:
    hit = ctx.coc_by_enrollment.get(src.get("EnrollmentID")) or ctx.coc_by_household.get(src.get("HouseholdID"))
    out["EnrollmentCoC"] = hit[1] if hit else None


_FIXUPS: dict[str, list[tuple[tuple[str, ...], Callable]]] = {
    "Export.csv": [(("2022",), _export_2022)],
    "Project.csv": [(("2022",), _project_2022)],
    "Client.csv": [(("2022",), _client_2022)],
    "Enrollment.csv": [(("2022",), _enrollment_coc_2022)],
}
for _file, _column, _subsidy in LIVING_SITUATION_COLUMNS:
    _FIXUPS.setdefault(_file, []).append((("2022",), _living_situation_2022(_file, _column, _subsidy)))


def hmis_participation_from_projects(projects: Iterable[tuple[int, dict[str, Any]]], ctx: Context
                                     ) -> Iterator[tuple[int, dict[str, Any]]]:  # fmt: skip
    """FY2022 Project rows (typed, source names) -> FY2026 HMISParticipation rows (crosswalk 6.2)."""
    for line, p in projects:
        if p.get("OrganizationID") in ctx.victim_service_orgs:
            kind = 2  # a victim service provider uses a comparable database (Green River's reading)
        else:
            kind = 1 if p.get("HMISParticipatingProject") == 1 else 0
        yield (
            line,
            {
                "HMISParticipationID": p.get("ProjectID"),
                "ProjectID": p.get("ProjectID"),
                "HMISParticipationType": kind,
                "HMISParticipationStatusStartDate": p.get("OperatingStartDate"),
                "HMISParticipationStatusEndDate": p.get("OperatingEndDate"),
                "DateCreated": p.get("DateCreated"),
                "DateUpdated": p.get("DateUpdated"),
                "UserID": p.get("UserID"),
                "DateDeleted": p.get("DateDeleted"),
                "ExportID": p.get("ExportID"),
            },
        )
