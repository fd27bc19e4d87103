"""``hearth import_csv PATH``: validate an HMIS CSV export (folder or .zip) and import it, all or nothing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.hudcsv.importer import import_export

MAX_ISSUES_SHOWN = 200


def issue_line(issue: dict[str, Any]) -> str:
    """``file:line column 'value' rule: message`` for one issue of an import report."""
    where = issue["file"] + (f":{issue['line']}" if issue.get("line") else "")
    if issue.get("column"):
        where += f" {issue['column']}"
    value = f" {issue['value']!r}" if issue.get("value") not in (None, "") else ""
    return f"{issue['severity'].upper()} {where}{value} [{issue['rule']}] {issue['message']}"


class Command(BaseCommand):
    help = "Import an HMIS CSV export (FY2022, FY2024 or FY2026; a folder or a .zip). Nothing is written on errors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="folder or .zip holding the HMIS CSV files")
        parser.add_argument("--dry-run", action="store_true", help="validate and count, but keep nothing")
        parser.add_argument(
            "--source", metavar="NAME", help="data source name (default: Export.csv's SourceID and SourceName)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        started = time.perf_counter()
        export = import_export(path=path, dry_run=opts["dry_run"], data_source_name=opts["source"])
        seconds = time.perf_counter() - started
        report = export.report
        out = self.stdout
        out.write(f"HMIS CSV FY{report['spec_year']} from {path} (data source: {report['data_source']}): "
                  f"{report['status']}")  # fmt: skip
        out.write(f"  {'file':<28}{'read':>10}{'created':>10}{'updated':>10}{'unchanged':>10}{'deleted':>10}")
        total = 0
        for file, c in report["counts"].items():
            total += c["read"]
            out.write(f"  {file:<28}{c['read']:>10,}{c['created']:>10,}{c['updated']:>10,}"
                      f"{c['unchanged']:>10,}{c['deleted']:>10,}")  # fmt: skip
        out.write(f"  {'total':<28}{total:>10,}")
        out.write(f"{seconds:.2f} s, {total / seconds if seconds else 0:,.0f} rows/s; "
                  f"{report['error_count']} errors, {report['warning_count']} warnings")  # fmt: skip
        issues = report["errors"] + report["warnings"]
        for issue in issues[:MAX_ISSUES_SHOWN]:
            out.write("  " + issue_line(issue))
        if len(issues) > MAX_ISSUES_SHOWN:
            out.write(f"  ... {len(issues) - MAX_ISSUES_SHOWN} more listed in the import's report "
                      f"(hudcsv.Export {export.pk})")  # fmt: skip
        if report["status"] == "failed":
            raise CommandError(f"Import refused: {report['error_count']} errors; nothing was written.")
