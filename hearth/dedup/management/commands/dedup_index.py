"""``hearth dedup_index``: rebuild the blocking index of client name keys (``dedup.ClientKey``)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from hearth.dedup.keys import refresh_client_keys


class Command(BaseCommand):
    help = "Rebuild the name-key index that client search and duplicate detection use."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        written = refresh_client_keys(None)
        self.stdout.write(f"{written} keys written in {time.perf_counter() - started:.1f} s")
