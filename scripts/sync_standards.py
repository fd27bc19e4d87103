"""Derive Hearth's HUD standards data files from the shared HUD reference material.

Usage: python scripts/sync_standards.py [--shared ../shared]

Reads ``hud/hud_lists_fy2026.json`` and ``hud/hud_csv_columns_fy20{22,24,26}.json`` and writes compact copies
to ``hearth/standards/data/``. The project reads only those copies at run time, so it works without ``../shared``.
A new HUD fiscal year is added here (one more layout file) plus a version adapter in ``hearth/hudcsv``.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "hearth" / "standards" / "data"
SPEC_YEARS = ("2022", "2024", "2026")
COLUMN_KEYS = ("name", "type", "base_type", "max_length", "nullable", "element", "list", "aliases")
PATTERN = re.compile(r"\^[^\s]*\$")
# Where HUD's machine-readable sheet states a pattern wrongly or only conditionally, say what we use instead.
# HUD's sheets spell the CoC-code digit class "(0-9){3}" in places (EnrollmentCoC, FY2022 EnrollmentCoC.CoCCode).
PATTERN_TYPOS = {"(0-9)": "[0-9]"}
PATTERN_FIXES = {
    ("Export.csv", "SourceID"): None,  # the CoC-code pattern applies only when SourceType = 1: checked by the importer
}


def compact_layout(layout: dict) -> dict:
    """Keep what validation and mapping need: drop free-text notes, keep any regular expression they state."""
    out = {}
    for file_name, columns in layout.items():
        rows = []
        for column in columns:
            row = {key: column.get(key) for key in COLUMN_KEYS if column.get(key) not in (None, [])}
            row.setdefault("nullable", False)
            match = PATTERN.search((column.get("notes") or "").replace(" ", ""))
            pattern = match.group(0) if match and column["base_type"] == "string" else None
            for typo, meant in PATTERN_TYPOS.items():
                pattern = pattern.replace(typo, meant) if pattern else pattern
            pattern = PATTERN_FIXES.get((file_name, column["name"]), pattern)
            if pattern:
                row["pattern"] = pattern
            rows.append(row)
        out[file_name] = rows
    return out


def compact_lists(lists: dict) -> dict:
    keep = (
        "spec",
        "code_conventions",
        "lists",
        "living_situation_subsets",
        "conditional_lists",
        "race_ethnicity_fields",
        "supplemental_lists",
        "fy2024_only_lists",
        "list_changes_fy2024_to_fy2026",
    )
    return {key: lists[key] for key in keep if key in lists}


def write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    hud = args.shared / "hud"
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "lists_fy2026.json", compact_lists(json.loads((hud / "hud_lists_fy2026.json").read_text("utf-8"))))
    for year in SPEC_YEARS:
        layout = json.loads((hud / f"hud_csv_columns_fy{year}.json").read_text("utf-8"))
        write(OUT / f"csv_fy{year}.json", compact_layout(layout))


if __name__ == "__main__":
    main()
