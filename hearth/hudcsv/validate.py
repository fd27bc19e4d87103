"""Per-value rules of the HMIS CSV format (``shared/hud/csv-spec-notes.md`` section 2): types, lengths, patterns, lists.

Django-free. Parsers turn one CSV field into a typed value or raise :class:`BadValue`; the reader turns that into an
``Issue``. Code-list checks run on FY2026 canonical rows, after the version adapters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from hearth import standards

ERROR = "error"
WARNING = "warning"


class BadValue(Exception):
    """A field that does not follow its column's rules."""

    def __init__(self, rule: str, message: str, severity: str = ERROR) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.severity = severity


# HashStatus 4 (list 1.5, SHA-256): these hold 64 hex digits, so their length and pattern rules do not apply.
HASHED_COLUMNS = {("Client.csv", "FirstName"), ("Client.csv", "MiddleName"), ("Client.csv", "LastName"),
                  ("Client.csv", "SSN")}  # fmt: skip

# Columns HUD marks non-null that other implementations (Green River, Eva) allow empty: csv-spec-notes section 7
# says an importer should warn rather than reject on these.
LENIENT_REQUIRED = {
    ("Enrollment.csv", "RelationshipToHoH"), ("Enrollment.csv", "EnrollmentCoC"),
    ("Enrollment.csv", "DisablingCondition"), ("Inventory.csv", "InventoryStartDate"),
    ("Inventory.csv", "CoCCode"), ("CEParticipation.csv", "ReceivesReferrals"),
    ("IncomeBenefits.csv", "DataCollectionStage"), ("AssessmentQuestions.csv", "AssessmentQuestion"),
    ("AssessmentResults.csv", "AssessmentResultType"), ("Export.csv", "SoftwareName"),
    ("Funder.csv", "GrantID"), ("ProjectCoC.csv", "Geocode"),
}  # fmt: skip

# Codes HUD retired that stay valid on historical rows (csv-spec-notes 6 and 7, crosswalk 6.7).
RETIRED_CODES = standards.RETIRED_CODES

# csv-spec-notes 6: FY2026 moved R18/R20.A flags from 1.7 to 1.10 but other systems still write 99: accept it.
ACCEPT_99 = {("Exit.csv", c) for c in ("CounselingReceived", "PostExitCounselingPlan", "EmailSocialMedia",
                                        "Telephone", "InPersonIndividual", "InPersonGroup")}  # fmt: skip

# Files whose dates describe plans (grant, operating and inventory periods), so a date after the export is normal.
PLANNING_FILES = {"Export.csv", "Organization.csv", "Project.csv", "Funder.csv", "ProjectCoC.csv", "Inventory.csv",
                  "Affiliation.csv", "HMISParticipation.csv", "CEParticipation.csv"}  # fmt: skip

# Foreign keys: column -> referenced file (csv-spec-notes section 3). The referenced file's first column is its ID.
REFERENCES = {
    "ExportID": "Export.csv", "UserID": "User.csv", "OrganizationID": "Organization.csv",
    "ProjectID": "Project.csv", "ResProjectID": "Project.csv", "PersonalID": "Client.csv",
    "EnrollmentID": "Enrollment.csv", "AssessmentID": "Assessment.csv",
}  # fmt: skip


# ---- parsers -----------------------------------------------------------------------------------------------------


def parse_integer(value: str) -> int:
    s = value.strip()
    if s.isascii() and (s.isdigit() or (s[:1] == "-" and s[1:].isdigit())):
        return int(s)
    raise BadValue("type_integer", "not a whole number")


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0*)?)?)?\Z")
_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d*)?)?)?\Z")


def parse_date(value: str) -> date:
    s = value.strip()
    try:
        if len(s) == 10 and s[4] == "-" and s[7] == "-":
            return date.fromisoformat(s)
        m = _DATE.match(s)  # a date-time at midnight is accepted: some exporters write dates that way
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise BadValue("type_date", "not a real calendar date (YYYY-MM-DD)") from None
    raise BadValue("type_date", "not a date in the form YYYY-MM-DD")


def parse_datetime(value: str) -> datetime:
    s = value.strip()
    try:
        if len(s) == 19 and s[4] == "-" and s[7] == "-" and s[10] == " " and s[13] == ":":
            return datetime.fromisoformat(s)
        # Also accepted (csv-spec-notes 2, Eva's date check): a bare date, a "T" separator, no seconds, fractions.
        m = _DATETIME.match(s)
        if m:
            return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0), int(m[6] or 0))
    except ValueError:
        raise BadValue("type_datetime", "not a real date and time (YYYY-MM-DD HH:MM:SS)") from None
    raise BadValue("type_datetime", "not a date-time in the form YYYY-MM-DD HH:MM:SS")


_MONEY = re.compile(r"-?(?:\d+(?:\.\d{0,2})?|\.\d{1,2})\Z")
_MONEY_LONG = re.compile(r"-?\d*\.\d{3,}\Z")


def parse_money(value: str, non_negative: bool = False) -> Decimal:
    s = value.strip()
    if not _MONEY.match(s):
        if _MONEY_LONG.match(s):
            raise BadValue("type_money", "money has more than 2 decimal places")
        raise BadValue("type_money", "not an amount of money (digits, optional . and up to 2 decimals)")
    amount = Decimal(s)
    if non_negative and amount < 0:
        raise BadValue("money_negative", "must not be negative (type M+)")
    return amount


def make_parser(col: standards.Column, *, hashed: bool = False) -> Callable[[str], Any]:
    """A function that turns one non-empty field of ``col`` into its typed value or raises BadValue."""
    base = col.base_type
    if base == "integer":
        return parse_integer
    if base == "date":
        return parse_date
    if base == "datetime":
        return parse_datetime
    if base == "money":
        non_negative = col.type == "M+"
        return lambda v: parse_money(v, non_negative)
    if hashed and (col.file, col.name) in HASHED_COLUMNS:
        return lambda v: v
    limit = col.max_length
    regex = re.compile(col.pattern) if col.pattern else None

    def parse_string(value: str) -> str:
        if limit is not None and len(value) > limit:
            raise BadValue("max_length", f"longer than {limit} characters ({len(value)})")
        if regex is not None and not regex.match(value):
            raise BadValue("pattern", f"does not match HUD's pattern {col.pattern}")
        return value

    return parse_string


# ---- code lists (FY2026 canonical rows) ----------------------------------------------------------------------------


@cache
def code_checks(file: str) -> tuple[tuple[str, frozenset | None, bool, str | None], ...]:
    """``(column, allowed codes or None when conditional, conditional?, list id)`` for the coded FY2026 columns."""
    checks = []
    for col in standards.layout(file):
        allowed = col.allowed_codes()
        if allowed is None:
            continue
        conditional = bool(standards.conditional_rules(file, col.name))
        checks.append((col.name, None if conditional else frozenset(allowed), conditional, col.list_id))
    return tuple(checks)


def check_code(file: str, column: str, value: Any, allowed: frozenset | None, conditional: bool,
               list_id: str | None, row: dict[str, Any], spec_year: str) -> BadValue | None:  # fmt: skip
    """None when ``value`` is a valid FY2026 code for the column, else the problem (an error or a warning)."""
    if conditional:
        try:
            ok = standards.is_valid_code(file, column, value, row)
        except (TypeError, ValueError):
            ok = False
    else:
        ok = value in allowed  # type: ignore[operator]
    if ok:
        return None
    if value in RETIRED_CODES.get((file, column), ()):
        return BadValue("code_retired", f"{value} is a retired HUD code, kept on historical rows", WARNING)
    if value == 99 and (file, column) in ACCEPT_99:
        return None
    if value == 99 and list_id == "1.10" and spec_year != standards.CURRENT_SPEC_YEAR:
        return BadValue(
            "code_legacy", f"99 was allowed in FY{spec_year} (list 1.7); FY2026 list 1.10 has no 99", WARNING
        )
    where = f"list {list_id}" if list_id and not conditional else "the list that applies to this row"
    return BadValue("code", f"{value} is not a code of {where}")


# ---- conditional nulls (csv-spec-notes section 2 and each column's notes: "Null unless ...") ------------------------

# (file, column) -> ((trigger column, trigger values), ...): the column must be blank unless one trigger holds.
NULL_UNLESS: dict[tuple[str, str], tuple[tuple[str, frozenset], ...]] = {
    # 3.917.A, 4.12.A, 3.12.A: a rental subsidy only with "rental by client, with ongoing housing subsidy" (435).
    ("Enrollment.csv", "RentalSubsidyType"): (("LivingSituation", frozenset({435})),),
    ("CurrentLivingSituation.csv", "CLSSubsidyType"): (("CurrentLivingSituation", frozenset({435})),),
    ("Exit.csv", "DestinationSubsidyType"): (("Destination", frozenset({435})),),
    # 2.02.A: the RRH subtype only for rapid re-housing projects; 2.02.B: affiliation only for SSO / RRH services.
    ("Project.csv", "RRHSubType"): (("ProjectType", frozenset({13})),),
    ("Project.csv", "ResidentialAffiliation"): (("ProjectType", frozenset({6, 13})),),
    # 3.917.2A/B and C: "length of stay under the threshold" is asked only for a stay that was not literally
    # homeless (institutional, temporary or permanent situations, codes 200-499), and the street/ES/SH question
    # only when it was under the threshold.
    ("Enrollment.csv", "LOSUnderThreshold"): (("LivingSituation", frozenset(range(200, 500))),),
    ("Enrollment.csv", "PreviousStreetESSH"): (("LOSUnderThreshold", frozenset({1})),),
    # "Other" text fields only when their trigger is 1 (or the code that means "other").
    ("Exit.csv", "OtherDestination"): (("Destination", frozenset({17})),),
    ("Funder.csv", "OtherFunder"): (("Funder", frozenset({46})),),
    ("IncomeBenefits.csv", "OtherIncomeSourceIdentify"): (("OtherIncomeSource", frozenset({1})),),
    ("IncomeBenefits.csv", "OtherBenefitsSourceIdentify"): (("OtherBenefitsSource", frozenset({1})),),
    ("IncomeBenefits.csv", "OtherInsuranceIdentify"): (("OtherInsurance", frozenset({1})),),
    # 4.04.A: a reason for no insurance only when that insurance is "no" (0).
    **{
        ("IncomeBenefits.csv", f"No{name}Reason"): ((source, frozenset({0})),)
        for name, source in (
            ("Medicaid", "Medicaid"),
            ("Medicare", "Medicare"),
            ("SCHIP", "SCHIP"),
            ("VHA", "VHAServices"),
            ("EmployerProvided", "EmployerProvided"),
            ("COBRA", "COBRA"),
            ("PrivatePay", "PrivatePay"),
            ("StateHealthIns", "StateHealthIns"),
            ("IndianHealthServices", "IndianHealthServices"),
        )
    },  # fmt: skip
    # 4.11.A/B: when it occurred and whether fleeing only for a survivor of domestic violence.
    ("HealthAndDV.csv", "WhenOccurred"): (("DomesticViolenceSurvivor", frozenset({1})),),
    ("HealthAndDV.csv", "CurrentlyFleeing"): (("DomesticViolenceSurvivor", frozenset({1})),),
    # R17.A, R6.A/B.
    ("Exit.csv", "EarlyExitReason"): (("ProjectCompletionStatus", frozenset({3})),),
    ("EmploymentEducation.csv", "EmploymentType"): (("Employed", frozenset({1})),),
    ("EmploymentEducation.csv", "NotEmployedReason"): (("Employed", frozenset({0})),),
    # Services: "other" texts and amounts only with their record and service types.
    ("Services.csv", "MovingOnOtherType"): (("RecordType", frozenset({300})),),
    ("Services.csv", "FAAmount"): (("RecordType", frozenset({151, 152})),),
    ("Services.csv", "ReferralOutcome"): (("RecordType", frozenset({161})),),
}

# Which of those are errors: a value there contradicts its trigger (a subsidy for a situation without one, an RRH
# subtype for a project that is not RRH), so the record cannot be right as it stands. The others are warnings: the
# value is kept and reports ignore it, as HUD's own samples and other systems' exports carry such leftovers.
NULL_UNLESS_ERRORS = {
    ("Enrollment.csv", "RentalSubsidyType"), ("CurrentLivingSituation.csv", "CLSSubsidyType"),
    ("Exit.csv", "DestinationSubsidyType"), ("Project.csv", "RRHSubType"),
}  # fmt: skip


@cache
def null_unless_checks(file: str) -> tuple[tuple[str, tuple[tuple[str, frozenset], ...], str, str], ...]:
    """``(column, triggers, severity, message)`` of the conditional-null rules of a FY2026 file."""
    header = set(standards.header(file)) if file in standards.files() else set()
    checks = []
    for (rule_file, column), triggers in NULL_UNLESS.items():
        if rule_file != file or column not in header or any(t not in header for t, _v in triggers):
            continue
        wanted = " or ".join(
            f"{t} is " + ("/".join(str(v) for v in sorted(vals)) if len(vals) < 6 else f"{min(vals)}-{max(vals)}")
            for t, vals in triggers
        )
        severity = ERROR if (file, column) in NULL_UNLESS_ERRORS else WARNING
        checks.append((column, triggers, severity, f"must be blank unless {wanted}"))
    return tuple(checks)
