"""``hearth duplicates_scan``: find likely duplicate client records over the whole database and queue them."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from hearth.dedup.keys import refresh_client_keys
from hearth.dedup.matching import scan
from hearth.dedup.scoring import QUEUE_THRESHOLD
from hearth.dedup.services import candidates_record


class Command(BaseCommand):
    help = "Scan every client record for likely duplicates and put the pairs in the HMIS lead's review queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--threshold", type=float, default=QUEUE_THRESHOLD, help="lowest score queued (0-1, default %(default)s)"
        )
        parser.add_argument("--reindex", action="store_true", help="rebuild the name-key index first")

    def handle(self, *args, threshold: float, reindex: bool, **options) -> None:
        started = time.perf_counter()
        if reindex:
            refresh_client_keys(None)
        result = candidates_record(pairs=scan(threshold=threshold), full_scan=True)
        self.stdout.write(
            f"{result['found']} pairs found: {result['added']} new, {result['rescored']} rescored, "
            f"{result['removed']} no longer found ({time.perf_counter() - started:.1f} s)"
        )
