"""Finds every table declared in ``hearth.reports.apr.tables.*`` (module-level ``TABLES`` and ``TABLES_2026`` lists).

Django-free.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache

from hearth.reports.engine.tables import Table


def question_order(name: str) -> tuple:
    """``"Q13a1"`` sorts after ``"Q9b"`` and before ``"Q13b1"``."""
    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"\d+|[a-zA-Z]+", name))


@cache
def all_tables() -> tuple[Table, ...]:
    """Every declared table, in question order; raises if two modules declare the same name for the same report."""
    from hearth.reports.apr import tables as package

    found: list[Table] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.extend(getattr(module, "TABLES", ()))
        found.extend(getattr(module, "TABLES_2026", ()))
    seen: set[tuple[str, str, str]] = set()
    for table in found:
        for report in table.reports:
            for spec in table.specs:
                key = (table.name.lower(), report, spec)
                if key in seen:
                    raise ValueError(f"table {table.name} is declared twice for {report} FY{spec}")
                seen.add(key)
    return tuple(sorted(found, key=lambda t: question_order(t.name)))


def tables_for(report: str, spec: str) -> list[Table]:
    """The implemented tables of a report ("apr" | "caper") in a spec year's layout ("2022" | "2026")."""
    return [t for t in all_tables() if t.applies_to(report, spec)]


def table(name: str, report: str = "apr", spec: str = "2022") -> Table:
    for t in tables_for(report, spec):
        if t.name.lower() == name.lower():
            return t
    raise KeyError(f"no table {name} for {report} FY{spec}")
