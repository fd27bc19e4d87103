"""HUD HMIS data standards as data: code lists (FY2026) and HMIS CSV layouts (FY2022, FY2024, FY2026).

The data files under ``data/`` are derived from ``../shared/hud`` by ``scripts/sync_standards.py``.
Models, forms, CSV and reports take their choices from here only. Django-free: the report engine uses it too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
SPEC_YEARS = ("2022", "2024", "2026")
CURRENT_SPEC_YEAR = "2026"

# Codes HUD retired that stay valid on historical rows (csv-spec-notes 6 and 7, crosswalk 6.7): an import keeps them
# (with a warning) and the database accepts them, but no form offers them for new data.
RETIRED_CODES: dict[tuple[str, str], frozenset[int]] = {
    ("Funder.csv", "Funder"): frozenset({12, 32, 47, 48, 49}),
    ("Export.csv", "ExportPeriodType"): frozenset({2}),
}
MISSING_CODES = (8, 9, 99)

# HMIS CSV column names whose snake_case spelling is not the mechanical one.
FIELD_NAME_OVERRIDES = {
    "PersonalID": "client",
    "EnrollmentID": "enrollment",
    "ProjectID": "project",
    "OrganizationID": "organization",
    "UserID": "hud_user",
    "ExportID": "export",
    "AssessmentID": "assessment",
    "ResProjectID": "residential_project",
    "DOB": "dob",
    "SSN": "ssn",
    "HH5Plus": "hh5_plus",
}


@dataclass(frozen=True)
class Code:
    code: int | str
    label: str


@dataclass(frozen=True)
class CodeList:
    id: str
    name: str
    values: tuple[Code, ...]
    note: str = ""

    @property
    def codes(self) -> tuple[int | str, ...]:
        return tuple(v.code for v in self.values)

    def label(self, code: int | str | None) -> str:
        for value in self.values:
            if value.code == code:
                return value.label
        return ""


@dataclass(frozen=True)
class Column:
    """One column of an HMIS CSV file in one spec year."""

    file: str
    name: str
    position: int
    type: str
    base_type: str
    nullable: bool
    max_length: int | None = None
    element: str | None = None
    list_id: str | None = None
    pattern: str | None = None
    aliases: tuple[str, ...] = field(default=())

    @property
    def field_name(self) -> str:
        return field_name(self.name)

    @property
    def is_id(self) -> bool:
        return self.position == 1

    @property
    def code_list(self) -> CodeList | None:
        return code_list(self.list_id) if self.list_id and self.list_id in _lists_data()["lists"] else None

    @property
    def conditional(self) -> bool:
        return self.list_id == "conditional" or bool(conditional_rules(self.file, self.name))

    def allowed_codes(self) -> tuple[int | str, ...] | None:
        """Codes valid in this column whatever the rest of the row says, or None if the column is not coded."""
        subset = _lists_data()["living_situation_subsets"].get(f"{self.file}.{self.name}")
        if subset:
            return tuple(subset["allowed_codes"])
        rules = conditional_rules(self.file, self.name)
        if rules:
            codes: list[int | str] = []
            for rule in rules:
                for code in code_list(rule["list"]).codes:
                    if code not in codes:
                        codes.append(code)
            return tuple(codes)
        cl = self.code_list
        return cl.codes if cl else None


def field_name(column_name: str) -> str:
    """The model field name for an HMIS CSV column: ``LivingSituation`` -> ``living_situation``."""
    if column_name in FIELD_NAME_OVERRIDES:
        return FIELD_NAME_OVERRIDES[column_name]
    s = column_name.replace("CoC", "Coc").replace("HoH", "Hoh")
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    return s.lower()


@cache
def _lists_data() -> dict[str, Any]:
    return json.loads((DATA / "lists_fy2026.json").read_text("utf-8"))


@cache
def _layout_data(spec_year: str) -> dict[str, list[dict[str, Any]]]:
    if spec_year not in SPEC_YEARS:
        raise KeyError(f"unknown HMIS CSV spec year {spec_year!r}; known: {', '.join(SPEC_YEARS)}")
    return json.loads((DATA / f"csv_fy{spec_year}.json").read_text("utf-8"))


@cache
def code_list(list_id: str) -> CodeList:
    """A HUD code list by its number, e.g. ``"3.12.1"`` (supplemental lists such as CoC codes too)."""
    data = _lists_data()
    raw = data["lists"].get(list_id) or data["supplemental_lists"].get(list_id)
    if raw is None:
        raise KeyError(f"unknown HUD code list {list_id!r}")
    values = tuple(Code(v["code"], v["label"]) for v in raw["values"])
    return CodeList(id=list_id, name=raw["name"], values=values, note=raw.get("note", ""))


def list_ids() -> list[str]:
    """Every FY2026 code list number (the 88 lists of the CSV specification)."""
    return list(_lists_data()["lists"])


def choices(list_id: str, *, only: tuple[int | str, ...] | None = None) -> list[tuple[int | str, str]]:
    """Django-style ``(code, label)`` choices of a list, optionally restricted to a subset of codes."""
    cl = code_list(list_id)
    return [(v.code, v.label) for v in cl.values if only is None or v.code in only]


def label(list_id: str, code: int | str | None) -> str:
    """HUD's label of a code in a list, or '' when the code is not in it (English, as HUD spells it)."""
    return code_list(list_id).label(code)


# --- labels shown to people: translated -------------------------------------------------------------------------------
# HUD publishes its code lists in English only. Pages show the labels in the user's language (catalogue in
# hearth/standards/locale, listed by the generated module ``labels.py``); CSV files, reports and anything matched
# against HUD's wording keep ``choices``/``label`` above. The context keeps a label apart from a page string spelled
# the same ("Update" the data-collection stage vs. "Update" the button).
LABEL_CONTEXT = "HUD code list"
# Lists whose labels are proper names (CoCs, VA medical centers): shown as HUD spells them in every language.
UNTRANSLATED_LISTS = frozenset({"2.03.1", "V6.1"})


def _translatable(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def translatable_labels() -> list[str]:
    """Every distinct label the pages translate, in list order (the content of ``labels.py``)."""
    data = _lists_data()
    seen: dict[str, None] = {}
    for list_id in [*data["lists"], *data["supplemental_lists"]]:
        if list_id in UNTRANSLATED_LISTS:
            continue
        for value in code_list(list_id).values:
            if _translatable(value.label):
                seen.setdefault(value.label, None)
    return list(seen)


def _display(list_id: str, text: str) -> Any:
    if list_id in UNTRANSLATED_LISTS or not _translatable(text):
        return text
    # Imported here: the registry stays Django-free for the report engine; only pages ask for translated labels.
    from django.utils.translation import pgettext_lazy

    return pgettext_lazy(LABEL_CONTEXT, text)


def display_choices(list_id: str, *, only: tuple[int | str, ...] | None = None) -> list[tuple[int | str, Any]]:
    """Like ``choices`` with labels translated lazily into the active language: for model fields, forms and pages."""
    return [(code, _display(list_id, text)) for code, text in choices(list_id, only=only)]


def display_label(list_id: str, code: int | str | None) -> Any:
    """HUD's label of a code, translated lazily into the active language (``''`` when the code is not in the list)."""
    text = label(list_id, code)
    return _display(list_id, text) if text else ""


def living_situation_subset(file: str, column: str) -> tuple[int, ...] | None:
    subset = _lists_data()["living_situation_subsets"].get(f"{file}.{column}")
    return tuple(subset["allowed_codes"]) if subset else None


def conditional_rules(file: str, column: str) -> list[dict[str, str]]:
    """HUD's rules for a column whose list depends on another field (e.g. Services.TypeProvided on RecordType)."""
    return [r for r in _lists_data()["conditional_lists"] if r["file"] == file and r["column"] == column]


# Element numbers and spellings that HUD's conditional-list rules use for a CSV column.
_RULE_COLUMN_NAMES = {"W5.1": "HousingAssessment", "Disability Type": "DisabilityType"}
_RULE_CONDITION = re.compile(r"(\w+)\s*(=|is not)\s*(\d+)", re.IGNORECASE)


@cache
def _rule_conditions(text: str) -> tuple[tuple[str, int, bool], ...]:
    """``"If RecordType = 144 and TypeProvided = 3 then ..."`` -> ``(("RecordType", 144, False), ...)``."""
    condition = re.split(r"\bthen\b", text, flags=re.IGNORECASE)[0]
    for spelled, column in _RULE_COLUMN_NAMES.items():
        condition = condition.replace(spelled, column)
    return tuple((name, int(value), op.lower() == "is not") for name, op, value in _RULE_CONDITION.findall(condition))


def conditional_codes(file: str, column: str, row: dict[str, Any]) -> tuple[tuple[int | str, ...], str] | None:
    """The codes valid for ``column`` given the other values in ``row`` (keyed by CSV column name), with the rule.

    Returns None when the column's list does not depend on another field, or that field is blank in ``row``.
    An empty tuple means no list applies to this row, so the column must be blank.
    """
    rules = conditional_rules(file, column)
    if not rules:
        return None
    for rule in rules:
        text = rule["rule"]
        matched = True
        for name, value, negated in _rule_conditions(text):
            actual = row.get(name)
            if actual in (None, ""):
                return None
            if (int(actual) == value) == negated:
                matched = False
                break
        if matched:
            inlist = re.search(r"INLIST \(([\d,\s]+)\)", text)
            codes = tuple(int(c) for c in inlist.group(1).split(",")) if inlist else code_list(rule["list"]).codes
            return codes, text
    return (), "; ".join(r["rule"] for r in rules)


def is_valid_code(file: str, column: str, code: int | str | None, row: dict[str, Any] | None = None) -> bool:
    """Whether ``code`` is valid for an HMIS CSV FY2026 column (blank is valid only where the column is nullable)."""
    col = column_of(file, column)
    if code in (None, ""):
        return col.nullable
    if row is not None and (cond := conditional_codes(file, column, row)) is not None:
        return code in cond[0]
    allowed = col.allowed_codes()
    return True if allowed is None else code in allowed


@cache
def layout(file: str, spec_year: str = CURRENT_SPEC_YEAR) -> tuple[Column, ...]:
    """The columns of an HMIS CSV file (e.g. ``"Client.csv"``) in HUD's order for a spec year."""
    data = _layout_data(spec_year)
    if file not in data:
        raise KeyError(f"{file} is not an HMIS CSV file in FY{spec_year}")
    return tuple(
        Column(
            file=file,
            name=c["name"],
            position=i,
            type=c["type"],
            base_type=c["base_type"],
            nullable=bool(c.get("nullable")),
            max_length=c.get("max_length"),
            element=c.get("element"),
            list_id=c.get("list"),
            pattern=c.get("pattern"),
            aliases=tuple(c.get("aliases", ())),
        )
        for i, c in enumerate(data[file], start=1)
    )


def files(spec_year: str = CURRENT_SPEC_YEAR) -> list[str]:
    """The HMIS CSV file names of a spec year in HUD's order."""
    return list(_layout_data(spec_year))


def column_of(file: str, column: str, spec_year: str = CURRENT_SPEC_YEAR) -> Column:
    for col in layout(file, spec_year):
        if col.name == column:
            return col
    raise KeyError(f"{file} has no column {column!r} in FY{spec_year}")


def header(file: str, spec_year: str = CURRENT_SPEC_YEAR) -> list[str]:
    """HUD's header row of an HMIS CSV file."""
    return [c.name for c in layout(file, spec_year)]


def coc_codes() -> list[Code]:
    return list(code_list("2.03.1").values)
