"""Report parameters: period, CoC, projects, spec year. Django-free."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SPEC_YEARS = ("2022", "2026")
REPORTS = ("apr", "caper", "spm")


class ParameterError(ValueError):
    """The report parameters are unusable (end before start, unknown project or CoC, ...)."""


@dataclass(frozen=True)
class ReportParams:
    """What to report on: ``start``..``end`` inclusive, optional CoC code and project IDs, and HUD's table layout."""

    start: date
    end: date
    coc: str | None = None
    project_ids: tuple[str, ...] = field(default=())
    spec: str = "2022"
    report: str = "apr"

    def __post_init__(self) -> None:
        if not isinstance(self.start, date) or not isinstance(self.end, date):
            raise ParameterError("start and end must be dates")
        if self.end < self.start:
            raise ParameterError(f"the period ends ({self.end}) before it starts ({self.start})")
        if self.spec not in SPEC_YEARS:
            raise ParameterError(f"unknown spec year {self.spec!r}; choose one of {', '.join(SPEC_YEARS)}")
        if self.report not in REPORTS:
            raise ParameterError(f"unknown report {self.report!r}; choose one of {', '.join(REPORTS)}")
        object.__setattr__(self, "project_ids", tuple(str(p).strip() for p in self.project_ids if str(p).strip()))

    def sql_values(self) -> dict[str, str]:
        """Literals substituted into the building blocks' SQL (``{start}``, ``{end}``)."""
        return {"start": f"DATE '{self.start.isoformat()}'", "end": f"DATE '{self.end.isoformat()}'"}
