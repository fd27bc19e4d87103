"""``hearth conformance apr|caper|spm``: compare our report with HUD's Data Lab test kit, cell by cell."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.reports import conformance


class Command(BaseCommand):
    help = "Run the APR, CAPER or SPM on HUD's Data Lab test kit 2.0 and print, per run, how many cells match."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report", choices=("apr", "caper", "spm"))
        parser.add_argument("--run", action="append", help="only this kit run (e.g. psh_coc_1); repeatable")
        parser.add_argument("--table", action="append", help="only this table (e.g. Q5a); repeatable")
        parser.add_argument("--known", action="store_true", help="also list the known differences and why")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not conformance.kit_present():
            raise CommandError(f"HUD test kit not found at {conformance.kit_path()}; set HEARTH_TESTKITS.")
        if opts["report"] == "spm":
            results = [conformance.run_spm_kit(tables=opts["table"])]
        else:
            results = conformance.run_kit(opts["report"], runs=opts["run"], tables=opts["table"])
        for line in conformance.format_results(results, verbose_known=opts["known"]):
            self.stdout.write(line)
        if any(not r.ok for r in results):
            raise CommandError("some cells differ from HUD's expected values")
