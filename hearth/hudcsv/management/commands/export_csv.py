"""``hearth export_csv``: write the HMIS CSV FY2026 export to a folder or a .zip."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth import standards
from hearth.hudcsv.exporter import export_csv


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD.") from None


def project_keys(hud_ids: list[str]) -> list[int]:
    """Database keys of the projects with these HMIS ProjectIDs (not deleted); unknown IDs are an error."""
    from hearth.directory.models import Project

    found = dict.fromkeys(hud_ids, False)
    keys: list[int] = []
    for pk, hud_id in Project.objects.alive().filter(hud_id__in=hud_ids).values_list("pk", "hud_id"):
        keys.append(pk)
        found[hud_id] = True
    unknown = [hud_id for hud_id, ok in found.items() if not ok]
    if unknown:
        raise CommandError(f"Unknown project ID(s): {', '.join(unknown)}.")
    return keys


class Command(BaseCommand):
    help = "Export the HMIS CSV FY2026 files (a full refresh) to a folder or a .zip file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, metavar="DIR|FILE.zip", help="folder, or a file ending in .zip")
        parser.add_argument("--start", metavar="YYYY-MM-DD", help="start of the reporting period")
        parser.add_argument("--end", metavar="YYYY-MM-DD", help="end of the reporting period")
        parser.add_argument(
            "--projects", metavar="ID,...", help="only these projects (HMIS ProjectIDs, comma-separated)"
        )
        parser.add_argument("--hash", action="store_true", help="hash names and SSN as HUD specifies (HashStatus 4)")

    def handle(self, *args: Any, **opts: Any) -> None:
        start = _date(opts["start"], "--start")
        end = _date(opts["end"], "--end")
        if start and end and end < start:
            raise CommandError(f"--end {end} is before --start {start}.")
        project_ids = None
        if opts["projects"] is not None:
            hud_ids = [part.strip() for part in opts["projects"].split(",") if part.strip()]
            if not hud_ids:
                raise CommandError("--projects needs at least one project ID.")
            project_ids = project_keys(hud_ids)
        started = time.perf_counter()
        try:
            export = export_csv(
                output=opts["output"], start=start, end=end, project_ids=project_ids, hash_pii=opts["hash"]
            )
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        counts = export.report["counts"]
        total = sum(counts.values())
        self.stdout.write(f"Export {export.hud_id} written to {opts['output']}:")
        for file in standards.files("2026"):
            self.stdout.write(f"  {file:<28}{counts.get(file, 0):>12,}")
        self.stdout.write(f"  {'total':<28}{total:>12,}")
        self.stdout.write(f"{seconds:.2f} s, {total / seconds if seconds else 0:,.0f} rows/s")
