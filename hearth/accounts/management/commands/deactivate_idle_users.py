"""``hearth deactivate_idle_users``: deactivate accounts unused for a while (HUD HMIS security standards)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from hearth.accounts.services import users_deactivate_idle


class Command(BaseCommand):
    help = "Deactivate user accounts not used for N days (default HEARTH_DEACTIVATE_IDLE_DAYS, 90)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=settings.HEARTH_DEACTIVATE_IDLE_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        names = users_deactivate_idle(days=options["days"])
        self.stdout.write(f"Deactivated {len(names)} account(s) unused for {options['days']} days.")
        for name in names:
            self.stdout.write(f"  {name}")
