"""What a synthetic CoC is made from (client count, years, seed) and the fixed calendar that follows from it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

COC_CODE = "XX-500"
# The export period always ends on the last day of a federal fiscal year, so output never depends on today's date.
PERIOD_END = date(2026, 9, 30)
# Records may reach back this far before the export period (long homeless histories, people housed years ago).
HISTORY_YEARS = 15
# Clients per block. Each block has its own random stream and ID range, so blocks can be made in any order or in
# parallel and the output is still the same for a given seed.
BLOCK_CLIENTS = 1000
BLOCK_ID_SPAN = 10_000_000


@dataclass(frozen=True)
class Options:
    """The arguments of ``hearth seed``; everything generated is a function of these alone."""

    clients: int
    years: int = 3
    seed: int = 1
    period_end: date = PERIOD_END
    calendar: Calendar = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.clients < 1:
            raise ValueError("clients must be at least 1")
        if not 1 <= self.years <= 20:
            raise ValueError("years must be between 1 and 20")
        object.__setattr__(self, "calendar", Calendar(self.period_start, self.period_end))

    @property
    def period_start(self) -> date:
        """The day after the same date ``years`` earlier: three years ending 2026-09-30 start on 2023-10-01."""
        end = self.period_end
        return date.fromordinal(date(end.year - self.years, end.month, end.day).toordinal() + 1)

    @property
    def export_id(self) -> str:
        return f"SYNTH-{self.seed}-{self.clients}-{self.years}"[:32]

    @property
    def blocks(self) -> int:
        return -(-self.clients // BLOCK_CLIENTS)

    def block_random(self, block: int) -> random.Random:
        """The random stream of one block (string seeds hash the same way in every process)."""
        return random.Random(f"hearth-synth/{self.seed}/{block}")

    def directory_random(self) -> random.Random:
        return random.Random(f"hearth-synth/{self.seed}/directory")


class Calendar:
    """Days as integers (proleptic ordinals) with their HMIS CSV spellings precomputed."""

    def __init__(self, start: date, end: date) -> None:
        self.start = start.toordinal()
        self.end = end.toordinal()
        self.origin = date(start.year - HISTORY_YEARS, 1, 1).toordinal()
        self._iso = [date.fromordinal(day).isoformat() for day in range(self.origin, self.end + 2)]
        # Times of day when staff enter records: office hours, in a fixed pseudo-random order.
        clock = random.Random("hearth-synth/clock")
        self.times = [
            f" {clock.randint(7, 18):02d}:{clock.randint(0, 59):02d}:{clock.randint(0, 59):02d}" for _ in range(997)
        ]
        self.export_datetime = self.iso(self.end) + " 23:00:00"

    def iso(self, day: int) -> str:
        """``YYYY-MM-DD`` for a day ordinal."""
        offset = day - self.origin
        if offset < 0:
            return date.fromordinal(day).isoformat()
        return self._iso[offset]

    def stamp(self, day: int, tick: int) -> str:
        """``YYYY-MM-DD HH:MM:SS`` on ``day``; ``tick`` picks the time. Never after the export date."""
        if day >= self.end:
            return self._iso[self.end - self.origin] + " 22:" + self.times[tick % 997][4:]
        return self.iso(day) + self.times[tick % 997]
