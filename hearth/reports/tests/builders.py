"""Tiny hand-made HMIS CSV exports for the report engine's tests (Django-free)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from hearth import standards

EXPORT_ROW = {
    "2026": {
        "ExportID": "T1",
        "SourceType": 3,
        "SourceName": "Test",
        "ExportDate": "2026-10-05 10:00:00",
        "ExportStartDate": "2025-10-01",
        "ExportEndDate": "2026-09-30",
        "SoftwareName": "Hearth",
        "CSVVersion": "2026 v1.0",
        "ExportPeriodType": 3,
        "ExportDirective": 2,
        "HashStatus": 1,
        "ImplementationID": "test",
    },  # fmt: skip
    "2022": {
        "ExportID": "T1",
        "SourceType": 3,
        "SourceName": "Test",
        "ExportDate": "2022-05-05 10:00:00",
        "ExportStartDate": "2020-10-01",
        "ExportEndDate": "2021-09-30",
        "SoftwareName": "Hearth",
        "CSVVersion": "FY2022",
        "ExportPeriodType": 3,
        "ExportDirective": 2,
        "HashStatus": 1,
    },  # fmt: skip
}
STAMP = {"DateCreated": "2025-10-01 00:00:00", "DateUpdated": "2025-10-01 00:00:00", "UserID": "U1", "ExportID": "T1"}


def write_export(folder: Path, files: dict[str, list[dict[str, Any]]], year: str = "2026") -> Path:
    """Write ``files`` (HUD file name -> rows by column name) as an export of ``year`` with HUD's headers."""
    folder.mkdir(parents=True, exist_ok=True)
    all_files = {"Export.csv": [EXPORT_ROW[year]], "Organization.csv": [], "Project.csv": [], "Client.csv": [],
                 "Enrollment.csv": []}  # fmt: skip
    all_files.update(files)
    for name, rows in all_files.items():
        header = standards.header(name, year)
        with (folder / name).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for row in rows:
                full = {**(STAMP if name != "Export.csv" else {}), **row}
                unknown = set(full) - set(header)
                if unknown:
                    raise KeyError(f"{name} has no column(s) {sorted(unknown)} in FY{year}")
                writer.writerow(["" if full.get(c) is None else full.get(c) for c in header])
    return folder


def project(pid: str, ptype: int, name: str = "", coc: str = "XX-500") -> dict[str, list[dict[str, Any]]]:
    """Organization, Project and ProjectCoC rows for one project."""
    return {
        "Organization.csv": [{"OrganizationID": "O1", "OrganizationName": "Org", "VictimServiceProvider": 0}],
        "Project.csv": [{"ProjectID": pid, "OrganizationID": "O1", "ProjectName": name or f"Project {pid}",
                         "OperatingStartDate": "2010-01-01", "ContinuumProject": 1, "ProjectType": ptype}],
        "ProjectCoC.csv": [{"ProjectCoCID": f"PC{pid}", "ProjectID": pid, "CoCCode": coc, "Geocode": "391062"}],
    }  # fmt: skip


def client(pid: str, dob: str | None = "1980-01-01", **extra: Any) -> dict[str, Any]:
    row = {"PersonalID": pid, "NameDataQuality": 1, "SSNDataQuality": 99, "DOB": dob,
           "DOBDataQuality": 1 if dob else 99, "Sex": 1, "White": 1, "AmIndAKNative": 0, "Asian": 0,
           "BlackAfAmerican": 0, "HispanicLatinao": 0, "MidEastNAfrican": 0, "NativeHIPacific": 0,
           "VeteranStatus": 0}  # fmt: skip
    row.update(extra)
    return row


def enrollment(eid: str, pid: str, project_id: str, entry: str, hh: str | None = None, rel: int = 1,
               **extra: Any) -> dict[str, Any]:  # fmt: skip
    row = {"EnrollmentID": eid, "PersonalID": pid, "ProjectID": project_id, "EntryDate": entry,
           "HouseholdID": hh or f"H{eid}", "RelationshipToHoH": rel, "EnrollmentCoC": "XX-500",
           "LivingSituation": 116, "DisablingCondition": 0}  # fmt: skip
    row.update(extra)
    return row


def exit_row(eid: str, pid: str, date: str, destination: int = 99, **extra: Any) -> dict[str, Any]:
    return {"ExitID": f"X{eid}", "EnrollmentID": eid, "PersonalID": pid, "ExitDate": date,
            "Destination": destination, **extra}  # fmt: skip


def bed_night(sid: str, eid: str, pid: str, day: str) -> dict[str, Any]:
    return {"ServicesID": sid, "EnrollmentID": eid, "PersonalID": pid, "DateProvided": day, "RecordType": 200,
            "TypeProvided": 200}  # fmt: skip
