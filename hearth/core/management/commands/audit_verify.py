"""``hearth audit_verify``: check the audit log's hash chain; name the first broken entry and exit non-zero."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hearth.core.audit import verify_chain


class Command(BaseCommand):
    help = "Check that no audit entry was edited or removed (the SHA-256 hash chain); exit 1 at the first break."

    def handle(self, *args: Any, **options: Any) -> None:
        for checked, problem in verify_chain():
            if problem is not None:
                raise CommandError(
                    f"Audit chain broken at entry {problem.event_id}: {problem.reason}. "
                    f"{checked} entries before it are intact."
                )
            self.stdout.write(f"Audit chain intact: {checked} entries checked.")
