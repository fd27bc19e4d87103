"""Column positions of the HMIS CSV FY2026 files, so rows can be built as plain lists in HUD's column order."""

from __future__ import annotations

from hearth import standards

SPEC_YEAR = "2026"

# Every file except Export.csv ends with these metadata columns (User.csv has no UserID of its own).
TRAILER = ("DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID")


class Columns:
    """The 0-based position of each column of one HMIS CSV file, as attributes named like HUD's columns."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.header = standards.header(file, SPEC_YEAR)
        self.width = len(self.header)
        for position, name in enumerate(self.header):
            setattr(self, name, position)

    def blank(self) -> list[str]:
        """A row of empty fields (HUD's blank)."""
        return [""] * self.width


FILES: tuple[str, ...] = tuple(standards.files(SPEC_YEAR))

EXPORT = Columns("Export.csv")
ORGANIZATION = Columns("Organization.csv")
USER = Columns("User.csv")
PROJECT = Columns("Project.csv")
FUNDER = Columns("Funder.csv")
PROJECT_COC = Columns("ProjectCoC.csv")
INVENTORY = Columns("Inventory.csv")
AFFILIATION = Columns("Affiliation.csv")
HMIS_PARTICIPATION = Columns("HMISParticipation.csv")
CE_PARTICIPATION = Columns("CEParticipation.csv")
CLIENT = Columns("Client.csv")
ENROLLMENT = Columns("Enrollment.csv")
EXIT = Columns("Exit.csv")
INCOME = Columns("IncomeBenefits.csv")
HEALTH = Columns("HealthAndDV.csv")
EMPLOYMENT = Columns("EmploymentEducation.csv")
DISABILITIES = Columns("Disabilities.csv")
SERVICES = Columns("Services.csv")
CLS = Columns("CurrentLivingSituation.csv")
ASSESSMENT = Columns("Assessment.csv")
QUESTIONS = Columns("AssessmentQuestions.csv")
RESULTS = Columns("AssessmentResults.csv")
EVENT = Columns("Event.csv")
YOUTH_EDUCATION = Columns("YouthEducationStatus.csv")

BY_FILE: dict[str, Columns] = {
    c.file: c
    for c in (
        EXPORT,
        ORGANIZATION,
        USER,
        PROJECT,
        FUNDER,
        PROJECT_COC,
        INVENTORY,
        AFFILIATION,
        HMIS_PARTICIPATION,
        CE_PARTICIPATION,
        CLIENT,
        ENROLLMENT,
        EXIT,
        INCOME,
        HEALTH,
        EMPLOYMENT,
        DISABILITIES,
        SERVICES,
        CLS,
        ASSESSMENT,
        QUESTIONS,
        RESULTS,
        EVENT,
        YOUTH_EDUCATION,
    )
}
assert set(BY_FILE) == set(FILES), "hearth.synth must know every FY2026 HMIS CSV file"


class Rows:
    """The rows of one generated batch, one list per HMIS CSV file (in ``FILES`` order)."""

    __slots__ = ("by_file",)

    def __init__(self) -> None:
        self.by_file: dict[str, list[list[str]]] = {file: [] for file in FILES}

    def __getitem__(self, file: str) -> list[list[str]]:
        return self.by_file[file]

    def count(self) -> int:
        return sum(len(rows) for rows in self.by_file.values())
