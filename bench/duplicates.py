"""Benchmark: duplicate detection quality (recall, precision) and speed (full scan, on-entry check).

python bench/duplicates.py                          # 250,000 people, quality in memory, then scan and latency in a DB
python bench/duplicates.py --people 50000 --no-db   # quality only
python bench/duplicates.py --db /tmp/dedup.sqlite3  # keep the loaded database for a later run (--reuse)

The population: given names and surnames from Hearth's synthetic CoC lists (70% of surnames) plus a generated tail
of rarer surnames (30%), 5% two-part Hispanic surnames, twins (same surname and DOB, different given names) and
namesakes (Jr/Sr: same name, another DOB), HUD data quality like the synthetic CoC's (SSN missing or partial for 18%,
DOB approximate or missing for 4%, partial or missing names for 4.5%). 10% of people get a duplicate record with one
or two injected errors: typos, nicknames, swapped first/last names, a second surname added or dropped, DOB day/month
swapped, DOB digits transposed, one part of the DOB wrong, DOB missing, SSN missing, partial or mistyped.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import string
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hearth.dedup.names import NICKNAMES  # noqa: E402
from hearth.dedup.scoring import QUEUE_THRESHOLD, make_person, scan_people  # noqa: E402
from hearth.synth.people import FEMALE_NAMES, LAST_NAMES, MALE_NAMES  # noqa: E402

SYLLABLES = tuple(
    f"{c}{v}" for c in "bcdfghklmnprstvwyz" for v in "aeiou" if f"{c}{v}" not in ("wu", "yi", "ce", "ci", "ge", "gi")
)
ENDINGS = ("", "n", "r", "s", "son", "man", "ez", "ski", "berg", "ton", "ley", "ard", "ell", "ini")


def rare_surnames(rng: random.Random, n: int) -> list[str]:
    out = set()
    while len(out) < n:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))) + rng.choice(ENDINGS)
        out.add(word.capitalize())
    return sorted(out)


def typo(rng: random.Random, word: str) -> str:
    """One keyboard slip: a letter dropped, doubled, replaced, or two letters swapped."""
    if len(word) < 3:
        return word + rng.choice("aeiou")
    i = rng.randrange(1, len(word) - 1)  # the first letter is rarely the one mistyped
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


NICKS_OF: dict[str, list[str]] = {}
for _nick, _roots in NICKNAMES.items():
    for _root in _roots:
        if _nick != _root:
            NICKS_OF.setdefault(_root, []).append(_nick)


def random_ssn(rng: random.Random) -> str:
    return f"{rng.randint(1, 665):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def population(n: int, seed: int) -> tuple[list[dict], set[tuple[int, int]]]:
    """``n`` people plus their injected duplicates, as Client-like dicts, and the set of true duplicate id pairs."""
    rng = random.Random(seed)
    tail = rare_surnames(rng, 20000)
    people: list[dict] = []
    next_id = 1

    def new_person(**over) -> dict:
        nonlocal next_id
        female = rng.random() < 0.5
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        last = rng.choice(LAST_NAMES) if rng.random() < 0.7 else rng.choice(tail)
        if rng.random() < 0.05:
            last = f"{last}-{rng.choice(LAST_NAMES[5:20])}"
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 84))
        r = rng.random()
        if r < 0.82:
            ssn, ssn_q = random_ssn(rng), 1
        elif r < 0.88:
            ssn, ssn_q = "xxxxx" + random_ssn(rng)[5:], 2
        else:
            ssn, ssn_q = "", rng.choice((8, 9, 99))
        r = rng.random()
        dob, dob_q = (born, 1) if r < 0.96 else (date(born.year, 1, 1), 2) if r < 0.985 else (None, 99)
        r = rng.random()
        name_q = 1 if r < 0.955 else 2 if r < 0.985 else 99
        row = {
            "id": next_id,
            "first_name": first,
            "last_name": last if name_q == 1 else "",
            "name_data_quality": name_q,
            "ssn": ssn,
            "ssn_data_quality": ssn_q,
            "dob": dob,
            "dob_data_quality": dob_q,
            "sex": (0 if female else 1) if rng.random() < 0.985 else 99,
        }
        if name_q == 99:
            row["first_name"] = ""
        row.update(over)
        next_id += 1
        return row

    for _ in range(n):
        person = new_person()
        people.append(person)
        r = rng.random()
        if r < 0.01 and person["dob"] is not None:  # a twin: same surname and DOB, another given name and SSN
            people.append(new_person(last_name=person["last_name"], dob=person["dob"], dob_data_quality=1))
        elif r < 0.02:  # a namesake (Jr/Sr): same name, a generation apart
            people.append(
                new_person(
                    first_name=person["first_name"],
                    last_name=person["last_name"],
                    sex=person["sex"],
                    name_data_quality=person["name_data_quality"],
                )
            )

    truth: set[tuple[int, int]] = set()
    originals = rng.sample(people, len(people) // 10)
    for original in originals:
        dup = dict(original)
        dup["id"] = next_id
        next_id += 1
        for error in rng.sample(ERRORS, rng.choice((1, 1, 2))):
            error(rng, dup)
        people.append(dup)
        truth.add((original["id"], dup["id"]))
    rng.shuffle(people)
    return people, truth


def _first_typo(rng, row):
    row["first_name"] = typo(rng, row["first_name"].lower()).capitalize()


def _last_typo(rng, row):
    row["last_name"] = typo(rng, row["last_name"].lower()).capitalize() if row["last_name"] else ""


def _nickname(rng, row):
    nicks = NICKS_OF.get(row["first_name"].lower())
    if nicks:
        row["first_name"] = rng.choice(nicks).capitalize()
    else:
        _first_typo(rng, row)


def _swap(rng, row):
    if row["last_name"]:
        row["first_name"], row["last_name"] = row["last_name"], row["first_name"]


def _surname_parts(rng, row):
    last = row["last_name"]
    if "-" in last:
        row["last_name"] = last.split("-")[rng.randrange(2)]
    elif last:
        row["last_name"] = f"{last}-{rng.choice(LAST_NAMES[5:20])}" if rng.random() < 0.5 else f"{last} {last[:0]}"


def _dob_swap(rng, row):
    d = row["dob"]
    if d is not None and d.day <= 12 and d.day != d.month:
        row["dob"] = date(d.year, d.day, d.month)
    elif d is not None:
        _dob_transpose(rng, row)


def _dob_transpose(rng, row):
    d = row["dob"]
    if d is None:
        return
    digits = d.strftime("%Y%m%d")
    for _ in range(10):
        i = rng.randrange(2, 7)
        s = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        try:
            new = date(int(s[:4]), int(s[4:6]), int(s[6:]))
        except ValueError:
            continue
        if new != d:
            row["dob"] = new
            return


def _dob_one_part(rng, row):
    d = row["dob"]
    if d is None:
        return
    kind = rng.randrange(3)
    try:
        if kind == 0:
            row["dob"] = d.replace(year=d.year + rng.choice((-1, 1)))
        elif kind == 1:
            row["dob"] = d.replace(day=rng.randint(1, 28))
        else:
            row["dob"] = d.replace(month=rng.randint(1, 12))
    except ValueError:
        pass


def _dob_missing(rng, row):
    row["dob"], row["dob_data_quality"] = None, 99


def _ssn_missing(rng, row):
    row["ssn"], row["ssn_data_quality"] = "", rng.choice((8, 9, 99))


def _ssn_partial(rng, row):
    if row["ssn"]:
        row["ssn"], row["ssn_data_quality"] = "xxxxx" + row["ssn"][-4:], 2


def _ssn_typo(rng, row):
    s = row["ssn"]
    if row["ssn_data_quality"] == 1 and s:
        i = rng.randrange(9)
        row["ssn"] = s[:i] + str((int(s[i]) + rng.randint(1, 9)) % 10) + s[i + 1 :]


ERRORS = [
    _first_typo,
    _last_typo,
    _nickname,
    _swap,
    _surname_parts,
    _dob_swap,
    _dob_transpose,
    _dob_one_part,
    _dob_missing,
    _ssn_missing,
    _ssn_partial,
    _ssn_typo,
]


def load() -> str:
    """The machine's load average, as the timings depend on what else runs (other work shares the CPUs)."""
    try:
        return f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    except OSError:
        return ""


def quality(people: list[dict], truth: set[tuple[int, int]]) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    persons = [make_person(**row) for row in people]
    found = {(p.a, p.b): p.score for p in scan_people(persons, threshold=0.2)}
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"in-memory scan   {len(persons):,} records in {seconds:.1f} s wall, {cpu:.1f} s CPU "
        f"({len(found):,} pairs scoring >= 0.2){load()}"
    )
    print("threshold   recall   precision   true+   false+")
    for threshold in (0.2, 0.3, 0.4, QUEUE_THRESHOLD, 0.6, 0.7, 0.8, 0.9):
        predicted = {pair for pair, score in found.items() if score >= threshold}
        tp = len(predicted & truth)
        recall = tp / len(truth)
        precision = tp / len(predicted) if predicted else 1.0
        mark = "  <- queue threshold" if threshold == QUEUE_THRESHOLD else ""
        print(f"  {threshold:.2f}    {recall:7.2%}   {precision:8.2%}   {tp:6,}  {len(predicted) - tp:6,}{mark}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=250_000, help="people before duplicates are injected")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-db", action="store_true", help="quality only (no database load, scan or latency)")
    parser.add_argument("--db", help="SQLite file to load into (default: a temporary one, removed afterwards)")
    parser.add_argument("--reuse", action="store_true", help="reuse the clients already loaded in --db")
    parser.add_argument("--misses", type=int, default=0, help="print this many missed true pairs")
    args = parser.parse_args()

    started = time.perf_counter()
    people, truth = population(args.people, args.seed)
    print(
        f"population       {len(people):,} records ({args.people:,} people, {len(truth):,} injected duplicates, "
        f"seed {args.seed}), generated in {time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs shared "
        "with other work"
    )
    found = quality(people, truth)
    if args.misses:
        by_id = {row["id"]: row for row in people}
        for a, b in sorted(truth - {p for p, s in found.items() if s >= QUEUE_THRESHOLD})[: args.misses]:
            print("  missed", found.get((a, b)), by_id[a], "\n        ", by_id[b])
        for (a, b), score in sorted(found.items()):
            if score >= QUEUE_THRESHOLD and (a, b) not in truth and args.misses > 0:
                args.misses -= 1
                print("  false", score, by_id[a], "\n        ", by_id[b])
    if not args.no_db:
        database(people, args)


def database(people: list[dict], args: argparse.Namespace) -> None:
    """Load the population into a SQLite database, then time ``duplicates_scan``'s scan and ``likely_matches``."""
    path = args.db or os.path.join(tempfile.mkdtemp(prefix="hearth-dedup-"), "bench.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from hearth.accounts.models import Membership, Role, User
    from hearth.clients.models import Client
    from hearth.core.testing import clear_for_client_data
    from hearth.dedup.keys import refresh_client_keys
    from hearth.dedup.matching import likely_matches, scan
    from hearth.directory.models import Organization

    call_command("migrate", verbosity=0)
    if not (args.reuse and Client.objects.exists()):
        started = time.perf_counter()
        Client.objects.all().delete()
        batch = []
        for row in people:
            batch.append(
                Client(
                    pk=row["id"],
                    hud_id=f"b{row['id']}",
                    first_name=row["first_name"],
                    last_name=row["last_name"],
                    name_data_quality=row["name_data_quality"],
                    ssn=row["ssn"],
                    ssn_data_quality=row["ssn_data_quality"],
                    dob=row["dob"],
                    dob_data_quality=row["dob_data_quality"],
                    sex=row["sex"],
                    am_ind_ak_native=0,
                    asian=0,
                    black_af_american=0,
                    hispanic_latinao=0,
                    mid_east_n_african=0,
                    native_hi_pacific=0,
                    white=1,
                    veteran_status=0,
                )
            )
            if len(batch) >= 5000:
                Client.objects.bulk_create(batch)
                batch = []
        Client.objects.bulk_create(batch)
        print(f"db load          {len(people):,} clients into SQLite in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        keys = refresh_client_keys(None)
        print(f"dedup_index      {keys:,} name keys in {time.perf_counter() - started:.1f} s")

    started, cpu = time.perf_counter(), time.process_time()
    pairs = sum(1 for _ in scan())
    print(
        f"full scan        {Client.objects.count():,} clients (read from SQLite, blocked, scored): {pairs:,} pairs in "
        f"{time.perf_counter() - started:.1f} s wall, {time.process_time() - cpu:.1f} s CPU{load()}"
    )

    lead = Organization.objects.get_or_create(organization_name="Bench lead", defaults={"victim_service_provider": 0})[
        0
    ]
    user = User.objects.filter(username="bench-lead").first() or User.objects.create_user("bench-lead", password=None)
    Membership.objects.get_or_create(user=user, organization=lead, role=Role.LEAD_ADMIN)
    clear_for_client_data(user)  # trained, quiz passed, agreement signed: the client-data gate opens
    user = User.objects.get(pk=user.pk)
    rng = random.Random(args.seed + 1)
    sample = rng.sample(people, 300)
    timings = []
    hits = 0
    for row in sample:
        first, last = row["first_name"], row["last_name"]
        t0 = time.perf_counter()
        matches = likely_matches(
            user, first_name=typo(rng, first) if first else "", last_name=last, dob=row["dob"], ssn=row["ssn"]
        )
        timings.append((time.perf_counter() - t0) * 1000)
        hits += any(m.client.pk == row["id"] for m in matches)
    timings.sort()
    print(
        f"likely_matches   {len(timings)} look-ups (a typo in the given name): "
        f"median {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms; the person was among the matches {hits / len(sample):.0%}"
        f"{load()}"
    )
    if not args.db:
        os.remove(path)


if __name__ == "__main__":
    main()
