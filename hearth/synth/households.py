"""Households and their paths through the CoC: who enrolls where and when, where they go, and who comes back."""

from __future__ import annotations

import math

from hearth.synth import columns as C
from hearth.synth import directory as D
from hearth.synth.columns import Rows
from hearth.synth.directory import Directory, Project
from hearth.synth.options import BLOCK_CLIENTS, BLOCK_ID_SPAN, COC_CODE, Options
from hearth.synth.people import HIV, Person, assign_conditions, client_row
from hearth.synth.records import RecordWriter
from hearth.synth.tables import (
    ASSESSMENT_LOCATIONS,
    CONTACT_SITUATIONS,
    DESTINATION_CLASSES,
    EXIT_CLASSES,
    MISSING,
    OTHER_DESTINATION_TEXT,
    OTHER_EVENTS,
    PRIOR_AT_RISK,
    PRIOR_CRISIS,
    PRIOR_HOUSING,
    PRIOR_RETURN,
    PRIOR_YOUTH,
    REFERRAL_EVENTS,
    STAY_ELSEWHERE,
    STAY_HOMELESS,
    SUBSIDY_TYPES,
    weighted,
)

SINGLE, FAMILY, YOUTH = "single", "family", "youth"

# Where a household first turns for help, by who they are.
FIRST_STOP = {
    SINGLE: weighted(
        (D.ES_ENTRY_EXIT, 33),
        (D.ES_NIGHTLY, 25),
        (D.OUTREACH, 14),
        (D.PREVENTION, 9),
        (D.SERVICES_ONLY, 7),
        (D.SAFE_HAVEN, 2),
        (D.COORDINATED_ENTRY, 4),
        (D.RRH, 3),
        (D.PSH, 1),
    ),
    "chronic": weighted(
        (D.OUTREACH, 35), (D.ES_NIGHTLY, 35), (D.ES_ENTRY_EXIT, 15), (D.SAFE_HAVEN, 10), (D.SERVICES_ONLY, 5)
    ),
    "veteran": weighted(
        (D.ES_ENTRY_EXIT, 30),
        (D.ES_NIGHTLY, 20),
        (D.OUTREACH, 15),
        (D.TH_VETERAN, 15),
        (D.RRH_SSVF, 12),
        (D.PREVENTION, 8),
    ),
    FAMILY: weighted(
        (D.ES_ENTRY_EXIT, 52),
        (D.PREVENTION, 22),
        (D.TH_FAMILY, 9),
        (D.COORDINATED_ENTRY, 6),
        (D.OUTREACH, 3),
        (D.RRH, 8),
    ),
    YOUTH: weighted(
        (D.TH_YOUTH, 25),
        (D.ES_ENTRY_EXIT, 30),
        (D.OUTREACH, 15),
        (D.ES_NIGHTLY, 12),
        (D.RRH_YOUTH, 10),
        (D.SERVICES_ONLY, 8),
    ),
    "return": weighted(
        (D.ES_ENTRY_EXIT, 40), (D.ES_NIGHTLY, 25), (D.OUTREACH, 20), (D.SERVICES_ONLY, 5), (D.COORDINATED_ENTRY, 10)
    ),
}
# Housing a household moves on to from a crisis stay (None: they leave on their own).
NEXT_STEP = {
    SINGLE: weighted((None, 70), (D.RRH, 17), (D.RRH_SERVICES, 4), (D.PSH, 3), (D.SAFE_HAVEN, 1)),
    "chronic": weighted((None, 45), (D.PSH, 35), (D.SAFE_HAVEN, 8), (D.RRH, 12)),
    "veteran": weighted((None, 40), (D.RRH_SSVF, 35), (D.PSH_VASH, 15), (D.TH_VETERAN, 10)),
    FAMILY: weighted((None, 52), (D.RRH, 33), (D.PSH, 5), (D.TH_FAMILY, 10)),
    YOUTH: weighted((None, 50), (D.RRH_YOUTH, 30), (D.TH_YOUTH, 20)),
}
CRISIS_KINDS = frozenset({D.ES_ENTRY_EXIT, D.ES_NIGHTLY, D.OUTREACH, D.SAFE_HAVEN, D.SERVICES_ONLY})
HOUSING_KINDS = frozenset({D.RRH, D.RRH_SSVF, D.RRH_YOUTH, D.RRH_SERVICES, D.PSH, D.PSH_VASH})
TRANSITIONAL_KINDS = frozenset({D.TH_FAMILY, D.TH_YOUTH, D.TH_VETERAN})
# 3.12 destination (and 3.12.A subsidy) when leaving a crisis stay for housing.
MOVE_ON_DESTINATION = {
    D.RRH: (435, 431),
    D.RRH_SSVF: (435, 431),
    D.RRH_YOUTH: (435, 431),
    D.RRH_SERVICES: (435, 431),
    D.PSH: (435, 439),
    D.PSH_VASH: (435, 419),
    D.TH_FAMILY: (302, ""),
    D.TH_YOUTH: (302, ""),
    D.TH_VETERAN: (302, ""),
    D.SAFE_HAVEN: (118, ""),
}
# 4.20.2 referral event that leads to each kind of housing.
REFERRAL_EVENT_FOR = {
    D.RRH: 13,
    D.RRH_SSVF: 13,
    D.RRH_YOUTH: 13,
    D.RRH_SERVICES: 13,
    D.PSH: 14,
    D.PSH_VASH: 14,
    D.TH_FAMILY: 11,
    D.TH_YOUTH: 11,
    D.TH_VETERAN: 11,
    D.SAFE_HAVEN: 10,
}
# The situation someone is in while staying in a project (3.12.1 codes), for the next project's 3.917.
SITUATION_WHILE_IN = {
    D.ES_ENTRY_EXIT: 101,
    D.ES_NIGHTLY: 101,
    D.OUTREACH: 116,
    D.SAFE_HAVEN: 118,
    D.TH_FAMILY: 302,
    D.TH_YOUTH: 302,
    D.TH_VETERAN: 302,
}
# A 3.12 destination that is not a 3.917 prior living situation, and the prior situation that stands for it.
SITUATION_AFTER = {312: 335, 313: 336, 422: 335, 423: 336, 426: 435, 327: 302, 17: 99, 24: 99, 30: 99, "": 99}
EXIT_CLASS_OF = {
    D.ES_ENTRY_EXIT: "crisis",
    D.ES_NIGHTLY: "crisis",
    D.OUTREACH: "outreach",
    D.SAFE_HAVEN: "safe_haven",
    D.TH_FAMILY: "transitional",
    D.TH_YOUTH: "transitional",
    D.TH_VETERAN: "transitional",
    D.RRH: "rapid",
    D.RRH_SSVF: "rapid",
    D.RRH_YOUTH: "rapid",
    D.RRH_SERVICES: "rapid",
    D.PSH: "supportive",
    D.PSH_VASH: "supportive",
    D.PREVENTION: "prevention",
    D.PREVENTION_HOPWA: "prevention",
    D.SERVICES_ONLY: "services",
    D.COORDINATED_ENTRY: "services",
}
# Typical stay (median days, spread) in each kind of project.
STAY = {
    D.ES_ENTRY_EXIT: (35, 0.9),
    D.ES_NIGHTLY: (14, 1.1),
    D.OUTREACH: (90, 0.9),
    D.SAFE_HAVEN: (200, 0.7),
    D.TH_FAMILY: (180, 0.6),
    D.TH_YOUTH: (200, 0.6),
    D.TH_VETERAN: (120, 0.6),
    D.PREVENTION: (60, 0.6),
    D.PREVENTION_HOPWA: (75, 0.6),
    D.SERVICES_ONLY: (45, 0.8),
    D.COORDINATED_ENTRY: (60, 0.8),
}
HOMELESS_DAYS_FOR_STAY = {10: (0, 1), 11: (2, 6), 2: (7, 29), 3: (30, 89), 4: (90, 364), 5: (365, 1500)}
VAMC_STATIONS = (
    "402",
    "405",
    "436",
    "460",
    "501",
    "508",
    "512",
    "523",
    "528",
    "537",
    "541",
    "549",
    "554",
    "558",
    "561",
    "580",
    "583",
)
REFERRAL_SOURCES = weighted(
    (1, 30),
    (2, 15),
    (7, 12),
    (11, 10),
    (18, 5),
    (28, 3),
    (30, 6),
    (34, 3),
    (35, 4),
    (37, 2),
    (38, 4),
    (39, 4),
    (8, 1),
    (9, 0.5),
    (99, 1.5),
)  # R1.1
CM_EXIT_REASONS = weighted(
    (1, 30), (2, 5), (3, 15), (4, 6), (5, 6), (6, 4), (7, 3), (8, 8), (9, 8), (10, 3), (11, 3), (12, 3), (13, 6)
)  # V9.1
CHILDREN_COUNT = weighted((1, 35), (2, 30), (3, 20), (4, 10), (5, 5))

_E = C.ENROLLMENT
_X = C.EXIT
ENROLLMENT_TEMPLATE = _E.blank()
ENROLLMENT_TEMPLATE[_E.EnrollmentCoC] = COC_CODE


class Prior:
    """3.917 Prior Living Situation answers for one project start (shared by the HoH and adults)."""

    __slots__ = ("situation", "subsidy", "length", "under_threshold", "street_before", "since", "times", "months")

    def __init__(
        self,
        situation: int,
        subsidy: object,
        length: object,
        under_threshold: object,
        street_before: object,
        since: str,
        times: object,
        months: object,
    ) -> None:
        self.situation = situation
        self.subsidy = subsidy
        self.length = length
        self.under_threshold = under_threshold
        self.street_before = street_before
        self.since = since
        self.times = times
        self.months = months


class Episode:
    """One project stay of a household (every member enrolls with the same dates)."""

    __slots__ = (
        "project",
        "entry",
        "exit",
        "last",
        "destination",
        "subsidy",
        "move_in",
        "prior",
        "nights",
        "engagement",
        "contacts",
        "referral",
        "next_project",
    )

    def __init__(self, project: Project, entry: int) -> None:
        self.project = project
        self.entry = entry
        self.exit: int | None = None
        self.last = entry  # last day anything happened (exit day, or the last bed night of an unclosed stay)
        self.destination: object = ""
        self.subsidy: object = ""
        self.move_in: int | None = None
        self.prior: Prior | None = None
        self.nights: list[int] = []
        self.engagement: int | None = None
        self.contacts: list[int] = []
        self.referral: int | None = None  # CE: the 4.20.2 event that sent the household to its next project
        self.next_project: Project | None = None


class BlockGenerator:
    """Makes one block of clients (``BLOCK_CLIENTS``) with everything recorded about them."""

    def __init__(self, options: Options, directory: Directory, block: int) -> None:
        self.rng = options.block_random(block)
        self.cal = options.calendar
        self.start = self.cal.start
        self.end = self.cal.end
        self.export_id = options.export_id
        self.directory = directory
        self.regions = 1 + max(p.set_index for p in directory.projects)
        self.rows = Rows()
        self.out = RecordWriter(self.rng, self.cal, self.rows, self.export_id, (block + 1) * BLOCK_ID_SPAN)
        first = block * BLOCK_CLIENTS
        self.next_number = first + 1
        self.quota = min(BLOCK_CLIENTS, options.clients - first)

    def run(self) -> Rows:
        while self.quota > 0:
            self.household()
        return self.rows

    # -- who ---------------------------------------------------------------------------------------------
    def household(self) -> None:
        rng = self.rng
        r = rng.random()
        kind = SINGLE if r < 0.62 else FAMILY if r < 0.84 else YOUTH
        region = int(rng.random() * self.regions)
        first_day = self.start + int(rng.random() * (self.end - self.start + 1))
        members = self.members(kind, first_day)
        episodes = self.plan(kind, members, first_day, region)
        self.write_clients(members, episodes)
        for episode in episodes:
            self.write_episode(episode, members, kind)

    def members(self, kind: str, day: int) -> list[Person]:
        rng = self.rng
        people: list[tuple[int, bool, int]] = []  # (age, female, 3.15 relationship)
        if kind == SINGLE:
            people.append((int(rng.triangular(22, 74, 46)), rng.random() < 0.33, 1))
        elif kind == FAMILY:
            head_age = int(rng.triangular(19, 52, 29))
            head_female = rng.random() < 0.82
            people.append((head_age, head_female, 1))
            if rng.random() < 0.35:
                people.append((max(18, head_age + rng.randint(-4, 6)), not head_female, 3))
            for _ in range(CHILDREN_COUNT.draw(rng)):
                people.append((rng.randint(0, min(17, head_age - 16)), rng.random() < 0.5, 2))
            if rng.random() < 0.03:
                people.append((rng.randint(45, 70), rng.random() < 0.7, 4))
            if rng.random() < 0.01:
                people.append((rng.randint(18, 40), rng.random() < 0.5, 5))
        elif rng.random() < 0.15:
            people.append((rng.randint(14, 17), rng.random() < 0.55, 1))  # unaccompanied minor
        else:
            people.append((rng.randint(18, 24), rng.random() < 0.55, 1))
            if rng.random() < 0.12:
                people.append((rng.randint(0, 3), rng.random() < 0.5, 2))  # parenting youth
        people = people[: self.quota]
        self.quota -= len(people)

        result = []
        for age, female, relationship in people:
            birth = day - int(age * 365.2425) - int(rng.random() * 364)
            person = Person(self.next_number, birth, female, relationship)
            self.next_number += 1
            if relationship != 1 and rng.random() < 0.01:
                person.relationship = 99  # 3.15 not collected for a member (data quality)
            adult = age >= 18
            if relationship == 1:
                person.veteran = adult and age >= 24 and rng.random() < (0.11 if kind == SINGLE else 0.04)
                person.chronic = rng.random() < {SINGLE: 0.22, FAMILY: 0.05, YOUTH: 0.05}[kind]
            elif relationship == 3:
                person.veteran = rng.random() < 0.03
            assign_conditions(rng, person, adult=adult)
            if adult:
                chance = (0.28 if kind == FAMILY else 0.18) if female else 0.06
                person.dv = (1 if rng.random() < chance else 0) if rng.random() < 0.97 else MISSING.draw(rng)
            result.append(person)
        return result

    # -- where and when ------------------------------------------------------------------------------------
    def plan(self, kind: str, members: list[Person], first_day: int, region: int) -> list[Episode]:
        """The household's stays, in order: a crisis stay, perhaps housing, perhaps a return, up to four times."""
        rng = self.rng
        head = members[0]
        profile = "veteran" if head.veteran else "chronic" if head.chronic else kind
        episodes: list[Episode] = []
        latest: Episode | None = None  # the household's latest stay, not counting CE enrollments beside it
        state = _History()
        day = first_day
        first_stop = FIRST_STOP[profile].draw(rng)

        if head.chronic and kind != YOUTH and rng.random() < 0.3:
            # Housed in PSH before the export period began and (mostly) still there.
            day = self.start - rng.randint(30, 5 * 365)
            first_stop = D.PSH_VASH if head.veteran else D.PSH

        for cycle in range(4):
            if day > self.end:
                break
            stop = first_stop if cycle == 0 else FIRST_STOP["return"].draw(rng)
            if stop == D.PREVENTION and (HIV in head.conditions or rng.random() < 0.12):
                stop = D.PREVENTION_HOPWA
                head.conditions[HIV] = (1, "")
                head.disabling, head.dq_disabling = 1, False
            episode = self.stay(stop, day, region, members, state, previous=latest)
            episodes.append(episode)
            current = episode
            if stop in CRISIS_KINDS or stop in TRANSITIONAL_KINDS:
                following = NEXT_STEP["chronic" if profile == "chronic" else profile].draw(rng)
                if following == stop or (stop in TRANSITIONAL_KINDS and following in TRANSITIONAL_KINDS):
                    following = None
                housing_entry = (
                    episode.exit + (0 if rng.random() < 0.7 else rng.randint(1, 5))
                    if episode.exit is not None
                    else self.end + 1
                )
                if following is not None and housing_entry <= self.end and stop != D.SERVICES_ONLY:
                    episode.destination, episode.subsidy = MOVE_ON_DESTINATION[following]
                    housing = self.stay(following, housing_entry, region, members, state, previous=episode)
                    episode.next_project = housing.project
                    episodes.append(housing)
                    current = housing
            referable = stop in CRISIS_KINDS or stop in TRANSITIONAL_KINDS or stop in (D.PREVENTION, D.PREVENTION_HOPWA)
            if referable and stop != D.SERVICES_ONLY and rng.random() < (0.6 if episode.next_project else 0.2):
                referred_on = current.entry if current is not episode else None
                episodes.append(self.coordinated_entry(episode, region, referred_on))
            latest = current
            if current.exit is None or current.exit > self.end or current.destination == 24:
                break
            permanent = isinstance(current.destination, int) and 400 <= current.destination < 500
            if rng.random() >= (0.12 if permanent else 0.35):
                break
            gap = int(rng.lognormvariate(math.log(200 if permanent else 60), 0.9))
            day = current.exit + max(1, gap)
            if permanent:
                state.homeless_since = None

        last = episodes[-1]
        if (
            last.project.kind.name in (D.ES_NIGHTLY, D.OUTREACH, D.ES_ENTRY_EXIT)
            and last.exit is not None
            and last.exit < self.end - 30
            and rng.random() < 0.04
        ):
            last.exit = None  # an unclosed stay: nobody recorded the exit (data quality)
            last.destination = last.subsidy = ""
        return [e for e in episodes if e.entry <= self.end]

    def stay(
        self, kind_name: str, entry: int, region: int, members: list[Person], state: _History, previous: Episode | None
    ) -> Episode:
        """One project stay starting on ``entry``: its 3.917 answers, length, move-in and destination."""
        rng = self.rng
        project = self.directory.by_kind[kind_name][region]
        episode = Episode(project, entry)
        head = members[0]
        episode.prior = self.prior(kind_name, entry, head, state, previous)
        kind = project.kind
        end = self.end

        if kind_name in HOUSING_KINDS:
            psh = kind.project_type == 3
            move_in = entry + int(rng.lognormvariate(math.log(14 if psh else 30), 0.8))
            if psh and entry < self.start:
                move_in = entry + rng.randint(0, 30)
            stay = int(rng.lognormvariate(math.log(1100 if psh else 220), 0.7 if psh else 0.6))
            exit_day = move_in + max(30, stay)
            if rng.random() < (0.05 if psh else 0.12):  # left before moving in
                exit_day = entry + rng.randint(5, 120)
                move_in = exit_day + 1
            if psh and exit_day < self.start:
                exit_day = self.start + rng.randint(0, 730)
            if move_in <= min(exit_day, end):
                episode.move_in = move_in
        else:
            median, spread = STAY[kind_name]
            if head.chronic and kind_name in (D.ES_NIGHTLY, D.OUTREACH, D.ES_ENTRY_EXIT):
                median *= 4
            elif len(members) > 1 and kind_name == D.ES_ENTRY_EXIT:
                median = 60
            length = int(rng.lognormvariate(math.log(median), spread))
            same_day_ok = kind_name in (D.OUTREACH, D.SERVICES_ONLY, D.PREVENTION, D.PREVENTION_HOPWA)
            exit_day = entry + max(0 if same_day_ok else 1, min(length, 1200))

        if kind.project_type == 1:
            exit_day = self.bed_nights(episode, exit_day)
        if kind.project_type in (1, 4, 6):
            last_day = min(exit_day, end)
            if rng.random() < 0.88:  # 4.13 Date of Engagement
                engaged = entry + int(rng.lognormvariate(1.5, 1.0))
                if engaged <= last_day:
                    episode.engagement = engaged
            if kind.project_type == 4:
                contacts, day = [entry], entry + rng.randint(3, 40)
                while day <= last_day:
                    contacts.append(day)
                    day += rng.randint(4, 40)
                episode.contacts = contacts

        if exit_day <= end:
            episode.exit = exit_day
            episode.last = exit_day
            destination_class = EXIT_CLASS_OF[kind_name]
            if kind_name in HOUSING_KINDS and episode.move_in is None:
                destination_class = "rapid_not_housed"
            self.set_destination(episode, EXIT_CLASSES[destination_class].draw(rng))
            if kind_name == D.PSH_VASH and episode.destination == 435 and rng.random() < 0.5:
                episode.subsidy = 419
        else:
            episode.last = episode.nights[-1] if episode.nights else end
        return episode

    def bed_nights(self, episode: Episode, planned_exit: int) -> int:
        """4.14 bed nights of a night-by-night stay; the exit is the morning after the last night."""
        rng = self.rng
        attendance = 0.55 + 0.4 * rng.random()
        entry = episode.entry
        last_possible = min(planned_exit - 1, self.end)
        nights = [entry]
        for night in range(entry + 1, last_possible + 1):
            if rng.random() < attendance:
                nights.append(night)
        episode.nights = nights
        return nights[-1] + 1 if planned_exit <= self.end else planned_exit

    def set_destination(self, episode: Episode, destination_class: str) -> None:
        rng = self.rng
        destination = DESTINATION_CLASSES[destination_class].draw(rng)
        episode.destination = destination
        episode.subsidy = SUBSIDY_TYPES.draw(rng) if destination == 435 else ""

    def prior(self, kind_name: str, entry: int, head: Person, state: _History, previous: Episode | None) -> Prior:
        """3.917 answers at project start, following HUD's two question paths (A: ES/SO/SH, B: everything else)."""
        rng = self.rng
        direct = previous is not None and previous.exit is not None and entry - previous.exit <= 7
        if direct and previous is not None:
            # Straight from another project: where they stayed there, or where they went when they left it.
            situation = SITUATION_WHILE_IN.get(previous.project.kind.name)
            if situation is None:
                situation = SITUATION_AFTER.get(previous.destination, previous.destination)  # type: ignore[arg-type]
        elif kind_name in (D.PREVENTION, D.PREVENTION_HOPWA):
            situation = PRIOR_AT_RISK.draw(rng)
        elif previous is not None:
            situation = PRIOR_RETURN.draw(rng)
        elif head.chronic:
            situation = 116 if rng.random() < 0.6 else 101
        elif head.age_on(entry) < 25:
            situation = PRIOR_YOUTH.draw(rng)
        elif kind_name in HOUSING_KINDS or kind_name in TRANSITIONAL_KINDS:
            situation = PRIOR_HOUSING.draw(rng)
        else:
            situation = PRIOR_CRISIS.draw(rng)
        assert situation is not None
        homeless = 100 <= situation < 200
        missing = situation < 100
        if head.chronic and previous is None and homeless:
            length: object = 5
        elif missing:
            length = MISSING.draw(rng)
        else:
            length = (STAY_HOMELESS if homeless else STAY_ELSEWHERE).draw(rng)

        project_type = D.KINDS[kind_name].project_type
        form_a = project_type in (0, 1, 4, 8)
        under_threshold: object = ""
        street_before: object = ""
        asked = True
        if not form_a and not homeless:
            if missing:
                asked = False
            else:
                institutional = 200 <= situation < 300
                short = (10, 11, 2, 3) if institutional else (10, 11)
                under_threshold = 1 if length in short else 99 if length in (8, 9, 99) else 0
                if under_threshold == 1:
                    street_before = 1 if rng.random() < 0.55 else 0
                asked = street_before == 1

        since = times = months = ""
        if asked:
            if state.homeless_since is None or state.homeless_since > entry:
                if head.chronic and previous is None:
                    state.homeless_since = entry - rng.randint(400, 2200)
                elif homeless or street_before == 1:
                    low, high = HOMELESS_DAYS_FOR_STAY.get(length, (0, 90))  # type: ignore[arg-type]
                    state.homeless_since = entry - rng.randint(low, high)
                else:
                    state.homeless_since = entry  # homeless from the day they came in
                state.episode_starts.append(state.homeless_since)
            homeless_since = state.homeless_since
            recent = [s for s in state.episode_starts if s > entry - 1095]
            if head.chronic:
                times_code: object = 4 if rng.random() < 0.8 else 3
            else:
                times_code = min(4, max(1, len(recent)))
            span = entry - max(homeless_since, entry - 1095)
            month_count = min(13, 1 + span // 30 + 2 * (len(recent) - 1))
            months_code: object = 112 + (rng.random() < 0.8) if head.chronic and span >= 365 else 100 + month_count
            since = self.cal.iso(homeless_since) if rng.random() < 0.98 else ""
            times = times_code if rng.random() < 0.97 else MISSING.draw(rng)
            months = months_code if rng.random() < 0.97 else MISSING.draw(rng)
        subsidy = SUBSIDY_TYPES.draw(rng) if situation == 435 else ""
        return Prior(situation, subsidy, length, under_threshold, street_before, since, times, months)

    def coordinated_entry(self, crisis: Episode, region: int, referred_on: int | None) -> Episode:
        """A CE enrollment alongside a crisis stay, ending when the household is referred on (4.19, 4.20)."""
        rng = self.rng
        project = self.directory.by_kind[D.COORDINATED_ENTRY][region]
        crisis_last = crisis.exit if crisis.exit is not None else self.end
        entry = min(crisis.entry + rng.randint(0, 10), crisis_last, self.end)
        episode = Episode(project, entry)
        assert crisis.prior is not None
        situation = SITUATION_WHILE_IN.get(crisis.project.kind.name, crisis.prior.situation)
        prior = crisis.prior
        if situation == prior.situation:
            episode.prior = prior
        else:  # already staying in the crisis project: a homeless situation, so 3.917.2A/B are skipped
            episode.prior = Prior(
                situation, "", 2 if entry - crisis.entry >= 7 else 11, "", "", prior.since, prior.times, prior.months
            )
        if crisis.next_project is not None and referred_on is not None:
            episode.exit = max(entry, min(referred_on, self.end))
            episode.referral = REFERRAL_EVENT_FOR[crisis.next_project.kind.name]
            episode.next_project = crisis.next_project
            episode.destination, episode.subsidy = crisis.destination, crisis.subsidy
        elif crisis.exit is not None and crisis.exit <= self.end:
            episode.exit = max(entry, crisis.exit)
            episode.destination, episode.subsidy = crisis.destination, crisis.subsidy
        episode.last = episode.exit if episode.exit is not None else self.end
        return episode

    # -- what is recorded --------------------------------------------------------------------------------
    def write_clients(self, members: list[Person], episodes: list[Episode]) -> None:
        first = min(e.entry for e in episodes)
        last = max(e.last for e in episodes)
        users = episodes[0].project.user_ids
        for person in members:
            self.rows["Client.csv"].append(
                client_row(
                    self.rng,
                    person,
                    adult=person.age_on(first) >= 18,
                    created=self.out.stamp(first),
                    updated=self.out.stamp(last),
                    user_id=users[person.number % len(users)],
                    export_id=self.export_id,
                )
            )

    def write_episode(self, episode: Episode, members: list[Person], household_kind: str) -> None:
        rng = self.rng
        out = self.out
        cal = self.cal
        project = episode.project
        kind = project.kind
        program = kind.program
        user = project.user_ids[int(rng.random() * len(project.user_ids))]
        entry, exit_day, last = episode.entry, episode.exit, episode.last
        prior = episode.prior
        assert prior is not None
        collects = "ce" not in program  # CE projects collect the universal elements and 4.19/4.20 only
        hopwa, rhy, yhdp = "hopwa" in program, "rhy" in program, "yhdp" in program
        veteran_program = bool(program & {"ssvf", "vash", "gpd"})
        soar = bool(program & {"path", "ssvf"})
        family = household_kind == FAMILY
        entry_iso = cal.iso(entry)
        move_in_iso = cal.iso(episode.move_in) if episode.move_in is not None else ""
        household_id = ""
        for person in members:
            enrollment_id = out.next_id()
            person_id = person.personal_id
            if not household_id:
                household_id = "H" + enrollment_id
            age = person.age_on(entry)
            adult = age >= 18
            head = person.relationship == 1
            asked = head or adult  # HoH and adults answer 3.917, 4.11 and most program elements

            row = ENROLLMENT_TEMPLATE.copy()
            row[_E.EnrollmentID] = enrollment_id
            row[_E.PersonalID] = person_id
            row[_E.ProjectID] = project.project_id
            row[_E.EntryDate] = entry_iso
            row[_E.HouseholdID] = household_id
            row[_E.RelationshipToHoH] = person.relationship
            if asked:
                row[_E.LivingSituation] = prior.situation
                row[_E.RentalSubsidyType] = prior.subsidy
                row[_E.LengthOfStay] = prior.length
                row[_E.LOSUnderThreshold] = prior.under_threshold
                row[_E.PreviousStreetESSH] = prior.street_before
                row[_E.DateToStreetESSH] = prior.since
                row[_E.TimesHomelessPastThreeYears] = prior.times
                row[_E.MonthsHomelessPastThreeYears] = prior.months
                if episode.engagement is not None:
                    row[_E.DateOfEngagement] = cal.iso(episode.engagement)
            row[_E.DisablingCondition] = person.disabling
            row[_E.MoveInDate] = move_in_iso
            if asked:
                self.program_enrollment(row, program, episode, head=head)
            created = out.stamp(entry)
            row[_E.DateCreated] = created
            row[_E.DateUpdated] = out.stamp(exit_day) if exit_day is not None else created
            row[_E.UserID] = user
            row[_E.ExportID] = self.export_id
            out.enrollments.append(row)

            answers: list[tuple] = []
            body: list = []
            if collects:
                body = out.income_body(person, adult=adult, age=age, family=family, hopwa=hopwa, soar=soar)
                out.income(body, enrollment_id, person_id, entry, 1, user)
                answers = out.disability_answers(person, hopwa=hopwa)
                out.disabilities_at(answers, enrollment_id, person_id, entry, 1, user)
                if asked:
                    out.health_at(person, enrollment_id, entry, 1, user, rhy=rhy)
                    if rhy or veteran_program:
                        out.employment_at(person_id, enrollment_id, entry, 1, user, age=age)
                if yhdp and head:
                    out.youth_education_at(person_id, enrollment_id, entry, 1, user)

            if episode.nights:
                out.bed_nights(episode.nights, enrollment_id, person_id, user)
            if episode.contacts and asked:
                situations = [prior.situation if prior.situation != 17 else 116]
                situations += [CONTACT_SITUATIONS.draw(rng) for _ in range(len(episode.contacts) - 1)]
                out.contacts_for(enrollment_id, person_id, episode.contacts, situations, user)
            if head:
                out.program_services(program, enrollment_id, person_id, entry, last, user, move_in=episode.move_in)
                if "ce" in program:
                    self.coordinated_entry_records(episode, enrollment_id, person_id, user)

            if collects and last - entry >= 365:  # annual assessments, within 30 days of each anniversary
                year = 1
                while True:
                    anniversary = entry + round(365.2425 * year)
                    if anniversary > last or anniversary > self.end:
                        break
                    if rng.random() < 0.95:
                        day = min(max(anniversary + rng.randint(-30, 30), entry + 1), last, self.end)
                        out.income(body, enrollment_id, person_id, day, 5, user)
                        if asked:
                            out.health_at(person, enrollment_id, day, 5, user, rhy=rhy)
                    year += 1

            if exit_day is None:
                continue
            self.write_exit(episode, enrollment_id, person, asked=asked, head=head)
            if collects:
                gained = rng.random() < 0.15
                exit_body = (
                    out.income_body(person, adult=adult, age=age, family=family, hopwa=hopwa, soar=soar, gain=True)
                    if gained
                    else body
                )
                out.income(exit_body, enrollment_id, person_id, exit_day, 3, user)
                out.disabilities_at(answers, enrollment_id, person_id, exit_day, 3, user)
                if asked:
                    out.health_at(person, enrollment_id, exit_day, 3, user, rhy=rhy)
                    if rhy or veteran_program:
                        out.employment_at(person_id, enrollment_id, exit_day, 3, user, age=age)
                if yhdp and head:
                    out.youth_education_at(person_id, enrollment_id, exit_day, 3, user)

    def program_enrollment(self, row: list, program: frozenset[str], episode: Episode, *, head: bool) -> None:
        """Program-specific project-start elements: PATH (P3), RHY (R1, R11-R13), SSVF/VASH/GPD (V4, V6, V10)."""
        rng = self.rng
        if "path" in program and episode.engagement is not None:
            status_day = min(episode.engagement + rng.randint(0, 14), episode.last, self.end)
            row[_E.DateOfPATHStatus] = self.cal.iso(status_day)
            enrolled = 1 if rng.random() < 0.8 else 0
            row[_E.ClientEnrolledInPATH] = enrolled
            if not enrolled:
                row[_E.ReasonNotEnrolled] = rng.randint(1, 3)
        if program & {"rhy", "yhdp"}:
            source = REFERRAL_SOURCES.draw(rng)
            row[_E.ReferralSource] = source
            if source == 7:  # R1.A asked when the youth came from outreach
                row[_E.CountOutreachReferralApproaches] = rng.randint(1, 8)
        if "rhy" in program:
            for ward, years, months in (
                ("FormerWardChildWelfare", "ChildWelfareYears", "ChildWelfareMonths"),
                ("FormerWardJuvenileJustice", "JuvenileJusticeYears", "JuvenileJusticeMonths"),
            ):
                answer = (1 if rng.random() < 0.2 else 0) if rng.random() < 0.97 else MISSING.draw(rng)
                row[getattr(_E, ward)] = answer
                if answer == 1:
                    span = rng.randint(1, 3)
                    row[getattr(_E, years)] = span
                    if span == 1:
                        row[getattr(_E, months)] = rng.randint(1, 11)
            for column in (
                "UnemploymentFam",
                "MentalHealthDisorderFam",
                "PhysicalDisabilityFam",
                "AlcoholDrugUseDisorderFam",
                "InsufficientIncome",
                "IncarceratedParent",
            ):
                row[getattr(_E, column)] = (
                    (1 if rng.random() < 0.2 else 0) if rng.random() < 0.97 else MISSING.draw(rng)
                )
        if head and program & {"ssvf", "hopwa"}:
            row[_E.PercentAMI] = rng.choice((1, 1, 1, 2, 2, 3, 4)) if rng.random() < 0.97 else 99
        if head and program & {"ssvf", "vash", "gpd"}:
            row[_E.VAMCStation] = rng.choice(VAMC_STATIONS)
        if head and "ssvf" in program:
            row[_E.MentalHealthConsultation] = rng.randint(1, 4)

    def write_exit(self, episode: Episode, enrollment_id: str, person: Person, *, asked: bool, head: bool) -> None:
        rng = self.rng
        out = self.out
        program = episode.project.kind.program
        exit_day = episode.exit
        assert exit_day is not None
        row = _X.blank()
        row[_X.ExitID] = out.next_id()
        row[_X.EnrollmentID] = enrollment_id
        row[_X.PersonalID] = person.personal_id
        row[_X.ExitDate] = self.cal.iso(exit_day)
        destination = episode.destination
        row[_X.Destination] = destination
        row[_X.DestinationSubsidyType] = episode.subsidy if destination == 435 else ""
        if destination == 17:
            row[_X.OtherDestination] = OTHER_DESTINATION_TEXT[person.number % len(OTHER_DESTINATION_TEXT)]
        if episode.project.project_type == 12:
            self.housing_assessment(row, destination)
        if asked and program & {"rhy", "yhdp"}:
            self.youth_exit(row, exit_day, rhy="rhy" in program)
        if head and "vash" in program:
            row[_X.CMExitReason] = 12 if destination == 24 else CM_EXIT_REASONS.draw(rng)
        stamp = out.stamp(exit_day)
        row[_X.DateCreated] = stamp
        row[_X.DateUpdated] = stamp
        row[_X.UserID] = episode.project.user_ids[0]
        row[_X.ExportID] = self.export_id
        out.exits.append(row)

    def housing_assessment(self, row: list, destination: object) -> None:
        """W5 Housing Assessment at Exit (prevention), with W5.A/W5.B subsidy information."""
        rng = self.rng
        if destination in (410, 411, 421, 435):
            assessment = 1 if rng.random() < 0.7 else 2
        elif destination in (422, 423):
            assessment = 4
        elif destination in (312, 313):
            assessment = 3
        elif destination in (101, 116, 118):
            assessment = 6
        elif destination == 207:
            assessment = 7
        elif destination == 24:
            assessment = 10
        elif destination in (8, 9, 99):
            assessment = destination  # type: ignore[assignment]
        elif destination in (17, 30):
            assessment = 99
        else:
            assessment = 5
        row[_X.HousingAssessment] = assessment
        if assessment == 1:
            row[_X.SubsidyInformation] = rng.choice((1, 1, 2, 3, 4))
        elif assessment == 2:
            row[_X.SubsidyInformation] = rng.choice((11, 12))

    def youth_exit(self, row: list, exit_day: int, *, rhy: bool) -> None:
        """R15-R20 (RHY) and R17/R19 (RHY and YHDP) exit elements for a youth."""
        rng = self.rng
        status = 1 if rng.random() < 0.55 else 2 if rng.random() < 0.55 else 3
        row[_X.ProjectCompletionStatus] = status
        if status == 3:
            row[_X.EarlyExitReason] = rng.randint(1, 6)
        row[_X.DestinationSafeClient] = (1 if rng.random() < 0.8 else 0) if rng.random() < 0.97 else MISSING.draw(rng)
        for column in ("DestinationSafeWorker", "PosAdultConnections", "PosPeerConnections", "PosCommunityConnections"):
            row[getattr(_X, column)] = rng.choice((0, 1, 1, 1, 2))
        if not rhy:
            return
        exchanged = (1 if rng.random() < 0.06 else 0) if rng.random() < 0.96 else MISSING.draw(rng)
        row[_X.ExchangeForSex] = exchanged
        if exchanged == 1:  # R15.A-D asked only after a yes
            row[_X.ExchangeForSexPastThreeMonths] = rng.choice((0, 1))
            row[_X.CountOfExchangeForSex] = rng.randint(1, 4)
            forced = rng.choice((0, 1))
            row[_X.AskedOrForcedToExchangeForSex] = forced
            if forced == 1:
                row[_X.AskedOrForcedToExchangeForSexPastThreeMonths] = rng.choice((0, 1))
        threats = (1 if rng.random() < 0.05 else 0) if rng.random() < 0.97 else MISSING.draw(rng)
        promise = (1 if rng.random() < 0.05 else 0) if rng.random() < 0.97 else MISSING.draw(rng)
        row[_X.WorkplaceViolenceThreats] = threats
        row[_X.WorkplacePromiseDifference] = promise
        if threats == 1 or promise == 1:
            row[_X.CoercedToContinueWork] = rng.choice((0, 1))
            row[_X.LaborExploitPastThreeMonths] = rng.choice((0, 1))
        counseled = 1 if rng.random() < 0.6 else 0
        row[_X.CounselingReceived] = counseled
        if counseled:
            kinds = [1, rng.choice((0, 1)), rng.choice((0, 1))]
            rng.shuffle(kinds)
            row[_X.IndividualCounseling], row[_X.FamilyCounseling], row[_X.GroupCounseling] = kinds
            row[_X.SessionCountAtExit] = rng.randint(1, 30)
        plan = 1 if rng.random() < 0.4 else 0
        row[_X.PostExitCounselingPlan] = plan
        if plan:
            row[_X.SessionsInPlan] = rng.randint(1, 12)
        aftercare = exit_day + rng.randint(7, 180)
        if aftercare <= self.end and rng.random() < 0.7:  # R20 aftercare, within 180 days of exit
            row[_X.AftercareDate] = self.cal.iso(aftercare)
            provided = rng.choice((0, 1, 1, 1, 9))
            row[_X.AftercareProvided] = provided
            if provided == 1:
                ways = [1, rng.choice((0, 1)), rng.choice((0, 1)), rng.choice((0, 1))]
                rng.shuffle(ways)
                row[_X.EmailSocialMedia], row[_X.Telephone], row[_X.InPersonIndividual], row[_X.InPersonGroup] = ways

    def coordinated_entry_records(self, episode: Episode, enrollment_id: str, person_id: str, user: str) -> None:
        """4.19 assessments (with local questions and results), 4.20 events and a 4.12 contact for a CE stay."""
        rng = self.rng
        out = self.out
        cal = self.cal
        entry, last = episode.entry, min(episode.last, self.end)
        assert episode.prior is not None
        out.contacts_for(
            enrollment_id, person_id, [entry], [episode.prior.situation], user, verified_by="Coordinated Entry Hub"
        )
        levels = [(entry, 1)]
        if rng.random() < 0.6 or episode.referral is not None:
            levels.append((out.day_between(entry, last), 2))
        for day, level in levels:
            assessment_id = out.next_id()
            prioritized = 1 if (episode.referral is not None or rng.random() < 0.5) and level == 2 else 2
            a = C.ASSESSMENT
            row = a.blank()
            row[a.AssessmentID] = assessment_id
            row[a.EnrollmentID] = enrollment_id
            row[a.PersonalID] = person_id
            row[a.AssessmentDate] = cal.iso(day)
            row[a.AssessmentLocation] = rng.choice(ASSESSMENT_LOCATIONS)
            row[a.AssessmentType] = 3 if rng.random() < 0.6 else 1 if rng.random() < 0.75 else 2
            row[a.AssessmentLevel] = level
            row[a.PrioritizationStatus] = prioritized
            stamp = out.stamp(day)
            self.trailer(row, a, stamp, user)
            out.assessments.append(row)
            score = rng.randint(0, 17)
            for order, (group, question, answer) in enumerate(
                (
                    (
                        "Housing",
                        "Where did you sleep last night?",
                        "Outside" if episode.prior.situation == 116 else "Shelter",
                    ),
                    ("Safety", "Do you feel safe where you are staying?", rng.choice(("Yes", "No"))),
                    (
                        "Health",
                        "Do you have a health condition that makes it hard to keep housing?",
                        rng.choice(("Yes", "No")),
                    ),
                ),
                start=1,
            ):
                q = C.QUESTIONS
                question_row = q.blank()
                question_row[q.AssessmentQuestionID] = out.next_id()
                question_row[q.AssessmentID] = assessment_id
                question_row[q.EnrollmentID] = enrollment_id
                question_row[q.PersonalID] = person_id
                question_row[q.AssessmentQuestionGroup] = group
                question_row[q.AssessmentQuestionOrder] = order
                question_row[q.AssessmentQuestion] = question
                question_row[q.AssessmentAnswer] = answer
                self.trailer(question_row, q, stamp, user)
                out.questions.append(question_row)
            r = C.RESULTS
            result_row = r.blank()
            result_row[r.AssessmentResultID] = out.next_id()
            result_row[r.AssessmentID] = assessment_id
            result_row[r.EnrollmentID] = enrollment_id
            result_row[r.PersonalID] = person_id
            result_row[r.AssessmentResultType] = "Prioritization score"
            result_row[r.AssessmentResult] = str(score)
            self.trailer(result_row, r, stamp, user)
            out.results.append(result_row)

        events = [OTHER_EVENTS.draw(rng) for _ in range(rng.randint(0, 2))]
        for code in events:
            self.event(enrollment_id, person_id, out.day_between(entry, last), code, user)
        if episode.referral is not None and episode.next_project is not None:
            self.event(
                enrollment_id,
                person_id,
                out.day_between(entry, last),
                episode.referral,
                user,
                location=episode.next_project.name,
                accepted_on=episode.exit,
            )

    def event(
        self,
        enrollment_id: str,
        person_id: str,
        day: int,
        code: int,
        user: str,
        *,
        location: str = "",
        accepted_on: int | None = None,
    ) -> None:
        """One 4.20 Coordinated Entry Event, with the follow-up fields its type asks for."""
        rng = self.rng
        e = C.EVENT
        row = e.blank()
        row[e.EventID] = self.out.next_id()
        row[e.EnrollmentID] = enrollment_id
        row[e.PersonalID] = person_id
        row[e.EventDate] = self.cal.iso(day)
        row[e.Event] = code
        shape = REFERRAL_EVENTS[code]
        if shape == "diversion":  # 4.20.A
            row[e.ProbSolDivRRResult] = rng.choice((0, 1))
        elif shape == "aftercare":  # 4.20.B
            row[e.ReferralCaseManageAfter] = rng.choice((0, 1))
        elif shape == "referral":  # 4.20.C-E
            row[e.LocationCrisisOrPHHousing] = location or "Harbor Light Shelter"
            if accepted_on is not None:
                row[e.ReferralResult] = 1
                row[e.ResultDate] = self.cal.iso(max(day, accepted_on))
            elif rng.random() < 0.9:
                result_day = day + rng.randint(0, 14)
                if result_day <= self.end:
                    row[e.ReferralResult] = rng.choice((1, 1, 2, 3))
                    row[e.ResultDate] = self.cal.iso(result_day)
        self.trailer(row, e, self.out.stamp(day), user)
        self.out.events.append(row)

    def trailer(self, row: list, columns: C.Columns, stamp: str, user: str) -> None:
        row[columns.DateCreated] = stamp
        row[columns.DateUpdated] = stamp
        row[columns.UserID] = user
        row[columns.ExportID] = self.export_id


class _History:
    """What a household's earlier stays tell its next 3.917 answers: when this stretch of homelessness began."""

    __slots__ = ("homeless_since", "episode_starts")

    def __init__(self) -> None:
        self.homeless_since: int | None = None
        self.episode_starts: list[int] = []


def generate_block(options: Options, directory: Directory, block: int) -> Rows:
    """The rows of one block of clients."""
    return BlockGenerator(options, directory, block).run()
