"""Comparing two client records: HUD's data-quality rules, DOB and SSN variants, a score and its reasons.

Django-free, so the full-database scan, the on-entry check and the benchmark run the same code. The score is a
log-likelihood sum (Fellegi-Sunter style: agreement on a rare value is strong evidence, disagreement counts against)
mapped to [0, 1]. Only values HUD calls complete count: an SSN, date of birth or name whose data-quality code is not
1 ("full ... reported"), or an SSN that cannot be real, is neither evidence for nor against a match.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import combinations

from .names import (
    _last_tokens,
    are_nicknames,
    first_similarity,
    last_similarity,
    name_tokens,
    normalize,
    pair_key,
)

# Reason codes (the engine and the queue translate them; see ``hearth.dedup.matching.REASONS``).
SAME_NAME = "same_name"
NICKNAME = "nickname"
SIMILAR_NAME = "similar_name"
SWAPPED_NAME = "swapped_name"
DIFFERENT_FIRST = "different_first"
DIFFERENT_LAST = "different_last"
SAME_DOB = "same_dob"
DOB_DAY_MONTH = "dob_day_month"
DOB_TRANSPOSED = "dob_transposed"
DOB_ONE_PART = "dob_one_part"
DIFFERENT_DOB = "different_dob"
SAME_SSN = "same_ssn"
SSN_TYPO = "ssn_typo"
SAME_SSN_LAST4 = "same_ssn_last4"
DIFFERENT_SSN = "different_ssn"
DIFFERENT_SEX = "different_sex"

FULL = 1  # HUD data quality 1: full name / full SSN / full DOB reported
PARTIAL = 2  # HUD data quality 2: partial, approximate
KNOWN_SEX = (0, 1)  # 4.21 Sex: 0 female, 1 male; 8/9/99 are missing-data codes

# Scores at or above which a pair is worth a person's time.
QUEUE_THRESHOLD = 0.5
# Log-odds at which the score is 0.5, and the scale of the logistic curve.
_BIAS = 8.0
_SCALE = 1.5

# Well-known SSNs that were never anyone's (advertising, the IRS, test data).
_FAKE_SSNS = frozenset({"123456789", "987654321", "078051120", "219099999", "111223333", "012345678"})
# Dates typed when the real one is unknown.
_PLACEHOLDER_DOBS = frozenset({date(1900, 1, 1), date(1901, 1, 1), date(1800, 1, 1)})

# A block larger than this is not worth comparing pairwise (placeholders such as "Unknown" or 1900-01-01).
BLOCK_CAP = 300


def valid_ssn(ssn: str) -> bool:
    """Whether a 9-digit SSN could be real: SSA never issues area 000, 666 or 900-999, group 00 or serial 0000."""
    if len(ssn) != 9 or not ssn.isdigit() or ssn in _FAKE_SSNS:
        return False
    if len(set(ssn)) == 1:
        return False
    area, group, serial = ssn[:3], ssn[3:5], ssn[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def rarity_bonus(count: int, total: int) -> float:
    """Extra log-odds for agreeing on a surname ``count`` of ``total`` people carry (0 for common ones, up to 2)."""
    if count <= 0 or total <= 0:
        return 0.0
    return min(2.0, max(0.0, math.log10(total / count) - 3.0))


def surname_key(last: str) -> str:
    """The key surname frequencies are counted by: the phonetic key of the surname's first part."""
    tokens = _last_tokens(last) if last else ()
    return tokens[0] if tokens else ""


def set_rarity(people: Sequence[Person]) -> None:
    """Set each person's surname rarity from the surname frequencies among ``people``."""
    counts = Counter(surname_key(p.last) for p in people if p.last)
    total = len(people)
    for p in people:
        if p.last:
            p.rarity = rarity_bonus(counts[surname_key(p.last)], total)


def valid_last4(last4: str) -> bool:
    return len(last4) == 4 and last4.isdigit() and last4 != "0000" and len(set(last4)) > 1


@dataclass(slots=True)
class Person:
    """What matching knows of one client: only the values HUD's data-quality codes let count."""

    id: int
    first: str = ""  # normalized; blank when 3.01.5 is not 1
    last: str = ""
    dob: date | None = None  # only with 3.03.2 = 1
    ssn: str = ""  # only a full, plausible SSN with 3.02.2 = 1
    last4: str = ""  # the last four digits, from a full SSN or a partial one (3.02.2 = 2)
    sex: int | None = None
    # Names kept for blocking even when their quality does not let them score (a street name still finds records).
    block_first: str = ""
    block_last: str = ""
    # Extra weight for agreeing on this surname: the rarer the surname, the more agreeing on it says (set from the
    # surname's frequency by ``set_rarity``; 0 when unknown).
    rarity: float = 0.0


def make_person(
    id: int,
    *,
    first_name: str = "",
    last_name: str = "",
    name_data_quality: int | None = None,
    ssn: str = "",
    ssn_data_quality: int | None = None,
    dob: date | None = None,
    dob_data_quality: int | None = None,
    sex: int | None = None,
) -> Person:
    """A Person from a client's 3.01-3.03 and 4.21 values, applying HUD's data-quality rules."""
    first, last = normalize(first_name or ""), normalize(last_name or "")
    name_ok = name_data_quality == FULL and bool(first) and bool(last)
    ssn = (ssn or "").strip()
    full = ssn if ssn_data_quality == FULL and valid_ssn(ssn) else ""
    last4 = ""
    if full:
        last4 = full[5:]
    elif ssn_data_quality == PARTIAL and valid_last4(ssn[-4:]):
        last4 = ssn[-4:]
    dob_ok = dob if dob_data_quality == FULL and dob is not None and dob not in _PLACEHOLDER_DOBS else None
    if dob_ok is not None and dob_ok.year < 1900:
        dob_ok = None
    return Person(
        id=id,
        first=first if name_ok else "",
        last=last if name_ok else "",
        dob=dob_ok,
        ssn=full,
        last4=last4,
        sex=sex if sex in KNOWN_SEX else None,
        block_first=first,
        block_last=last,
    )


# --- dates of birth ---------------------------------------------------------------------------------------------


def _date_from_digits(digits: str) -> date | None:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def dob_variants(dob: date) -> frozenset[date]:
    """Dates a mistyped DOB commonly becomes: day and month swapped, two adjacent digits transposed."""
    out: set[date] = set()
    if dob.day <= 12 and dob.day != dob.month:
        out.add(date(dob.year, dob.day, dob.month))
    digits = dob.strftime("%Y%m%d")
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
            variant = _date_from_digits(swapped)
            if variant is not None and variant.year >= 1900:
                out.add(variant)
    out.discard(dob)
    return frozenset(out)


def dob_relation(a: date, b: date) -> str:
    """How two full DOBs relate: same, day/month swapped, digits transposed, one part differs, or different."""
    if a == b:
        return SAME_DOB
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return DOB_DAY_MONTH
    if b in dob_variants(a):
        return DOB_TRANSPOSED
    if a.year == b.year and (a.month == b.month or a.day == b.day):
        return DOB_ONE_PART
    if a.month == b.month and a.day == b.day:
        # A mistyped year differs in one digit (1985/1986, 1985/1995); a generation apart is a namesake.
        ya, yb = f"{a.year:04d}", f"{b.year:04d}"
        if sum(x != y for x, y in zip(ya, yb, strict=True)) == 1:
            return DOB_ONE_PART
    return DIFFERENT_DOB


def ssn_typo(a: str, b: str) -> bool:
    """One digit different, or two adjacent digits transposed."""
    diffs = [i for i in range(9) if a[i] != b[i]]
    if len(diffs) == 1:
        return True
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]


# --- comparing --------------------------------------------------------------------------------------------------


def _first_weight(a: str, b: str) -> tuple[float, str]:
    if a == b:
        return 3.5, SAME_NAME
    if are_nicknames(a, b):
        return 3.0, NICKNAME
    s = first_similarity(a, b)
    if s >= 0.92:
        return 2.5, SIMILAR_NAME
    if s >= 0.85:
        return 1.0, SIMILAR_NAME
    if s >= 0.75:
        return -1.5, DIFFERENT_FIRST
    return -5.0, DIFFERENT_FIRST


def _last_weight(a: str, b: str) -> tuple[float, str]:
    if a == b:
        return 4.0, SAME_NAME
    s = last_similarity(a, b)
    if s >= 0.92:
        return 3.0, SIMILAR_NAME
    if s >= 0.85:
        return 1.5, SIMILAR_NAME
    if s >= 0.75:
        return -1.0, DIFFERENT_LAST
    return -3.0, DIFFERENT_LAST  # surnames change (marriage, divorce): weaker evidence against than given names


# The most the names can add: given name and surname the same, and the rarest surname.
_MAX_NAME_WEIGHT = 3.5 + 4.0 + 2.0


def compare(a: Person, b: Person, *, at_least: float = 0.0) -> tuple[float, list[str]]:
    """Score two people in [0, 1] and say why (reason codes, strongest evidence first).

    With ``at_least``, a pair that cannot reach that score is answered (0.0, []) without comparing names.
    """
    weight = 0.0
    reasons: list[tuple[float, str]] = []
    weight += _dob_ssn_sex(a, b, reasons)
    if at_least > 0.0 and _score(weight + (_MAX_NAME_WEIGHT if a.first and b.first else 0.0)) < at_least:
        return 0.0, []

    if a.first and b.first:
        w1, r1 = _first_weight(a.first, b.first)
        w2, r2 = _last_weight(a.last, b.last)
        straight = w1 + w2
        # Swapped first/last: compare crosswise, allowing a nickname on the given name's side.
        x1, _ = _first_weight(a.first, b.last)
        x2, _ = _last_weight(a.last, b.first)
        crossed = x1 + x2 - 0.5
        if crossed > straight + 1.0:
            weight += crossed
            reasons.append((crossed, SWAPPED_NAME))
        else:
            weight += straight
            if r2 == SAME_NAME:
                weight += min(a.rarity, b.rarity)
            if r1 == SAME_NAME and r2 == SAME_NAME:
                reasons.append((straight, SAME_NAME))
            else:
                for w, r in ((w1, r1), (w2, r2)):
                    if (w, r) not in ((3.5, SAME_NAME), (4.0, SAME_NAME)):
                        reasons.append((w, r))

    score = _score(weight)
    # Reasons for first, evidence against after, each by strength.
    ordered = [r for _w, r in sorted(reasons, key=lambda wr: -wr[0]) if _w > 0]
    ordered += [r for _w, r in sorted(reasons, key=lambda wr: wr[0]) if _w <= 0]
    return score, list(dict.fromkeys(ordered))


def _score(weight: float) -> float:
    return 1.0 / (1.0 + math.exp(-(weight - _BIAS) / _SCALE))


def _dob_ssn_sex(a: Person, b: Person, reasons: list[tuple[float, str]]) -> float:
    weight = 0.0
    if a.dob is not None and b.dob is not None:
        relation = dob_relation(a.dob, b.dob)
        w = {SAME_DOB: 5.0, DOB_DAY_MONTH: 3.5, DOB_TRANSPOSED: 3.5, DOB_ONE_PART: 1.0, DIFFERENT_DOB: -4.5}[relation]
        if relation == SAME_DOB and a.dob.month == 1 and a.dob.day == 1:
            w = 3.5  # January 1st is where approximate dates end up even when marked full
        weight += w
        reasons.append((w, relation))

    if a.ssn and b.ssn:
        if a.ssn == b.ssn:
            w, r = 8.0, SAME_SSN
        elif ssn_typo(a.ssn, b.ssn):
            w, r = 3.0, SSN_TYPO
        else:
            w, r = -6.0, DIFFERENT_SSN
        weight += w
        reasons.append((w, r))
    elif a.last4 and b.last4:
        w, r = (3.0, SAME_SSN_LAST4) if a.last4 == b.last4 else (-3.0, DIFFERENT_SSN)
        weight += w
        reasons.append((w, r))

    if a.sex is not None and b.sex is not None:
        if a.sex != b.sex:
            weight -= 2.0
            reasons.append((-2.0, DIFFERENT_SEX))
        else:
            weight += 0.3
    return weight


# --- blocking ---------------------------------------------------------------------------------------------------


def person_tokens(p: Person) -> set[str]:
    """Role-free phonetic tokens of a person's names (blocking only: names of any quality count here)."""
    if not (p.block_first or p.block_last):
        return set()
    tokens = name_tokens(p.block_first, p.block_last)
    tokens.discard("")
    return tokens


def block_keys(p: Person, tokens: set[str] | None = None, pair: str | None = None) -> set[tuple]:
    """Keys (besides DOB-and-name) under which a person is filed: SSN, last four SSN digits with a name token, and
    the swap-proof name pair with two of the three DOB parts (catching any single wrong DOB part)."""
    keys: set[tuple] = set()
    if p.ssn:
        keys.add(("s", p.ssn))
    if p.last4:
        for t in person_tokens(p) if tokens is None else tokens:
            keys.add(("4", p.last4, t))
    pk = pair_key(p.block_first, p.block_last) if pair is None else pair
    if pk and p.dob is not None:
        d = p.dob
        keys.add(("pmd", pk, d.month, d.day))
        keys.add(("pym", pk, d.year, d.month))
        keys.add(("pyd", pk, d.year, d.day))
    return keys


_DAYS = 1 << 20  # more than any date ordinal Hearth stores (year 2870)


def candidate_pairs(people: Sequence[Person], *, only: set[int] | None = None) -> set[tuple[int, int]]:
    """Index pairs (i < j into ``people``) that share a block; with ``only``, pairs touching those ids.

    Blocks: the same DOB (or a mistyped variant of it) and a name token; the same SSN; the same last four SSN digits
    and a name token; the same name pair and two of three DOB parts; for someone without a usable DOB, a like name.
    """
    token_ids: dict[str, int] = {}
    by_dob: dict[int, list[int]] = defaultdict(list)  # token id * _DAYS + DOB ordinal -> people
    buckets: dict[tuple, list[int]] = defaultdict(list)
    by_name_no_dob: dict[str, list[int]] = defaultdict(list)
    by_name: dict[str, list[int]] = defaultdict(list)
    person_keys: list[tuple[int, ...]] = []
    by_names: dict[tuple[str, str], tuple[set[str], tuple[int, ...], str]] = {}  # names repeat: work them out once
    for i, p in enumerate(people):
        names = (p.block_first, p.block_last)
        known = by_names.get(names)
        if known is None:
            tokens = person_tokens(p)
            tids = tuple(token_ids.setdefault(t, len(token_ids)) for t in tokens)
            known = by_names[names] = (tokens, tids, pair_key(*names))
        tokens, tids, pk = known
        person_keys.append(tids)
        if p.dob is not None:
            o = p.dob.toordinal()
            for tid in tids:
                by_dob[tid * _DAYS + o].append(i)
        elif pk:
            by_name_no_dob[pk].append(i)
        if pk:
            by_name[pk].append(i)
        if p.ssn or p.last4 or (pk and p.dob is not None):
            for key in block_keys(p, tokens, pk):
                buckets[key].append(i)
    wanted = None if only is None else {i for i, p in enumerate(people) if p.id in only}
    pairs: set[tuple[int, int]] = set()
    add = pairs.add
    # Members were appended in index order, so combinations come out (i, j) with i < j.
    for members in (*by_dob.values(), *buckets.values()):
        n = len(members)
        if n < 2 or n > BLOCK_CAP:
            continue
        if wanted is None:
            pairs.update(combinations(members, 2))
        else:
            pairs.update(pair for pair in combinations(members, 2) if pair[0] in wanted or pair[1] in wanted)
    # Mistyped DOBs: look each person's DOB variants up (filing every variant would multiply the index). The variant
    # relation is symmetric, so looking up from the wanted side alone finds every pair touching it.
    get = by_dob.get
    for i, p in enumerate(people):
        if p.dob is None or (wanted is not None and i not in wanted):
            continue
        tids = person_keys[i]
        for variant in dob_variants(p.dob):
            o = variant.toordinal()
            for tid in tids:
                members = get(tid * _DAYS + o)
                if members and len(members) <= BLOCK_CAP:
                    for j in members:
                        add((i, j) if i < j else (j, i))
    # Someone without a usable DOB is compared with everyone of a like name.
    for key, no_dob in by_name_no_dob.items():
        members = by_name[key]
        if len(members) > BLOCK_CAP:
            continue
        for i in no_dob:
            for j in members:
                if i != j and (wanted is None or i in wanted or j in wanted):
                    add((i, j) if i < j else (j, i))
    return pairs


@dataclass(slots=True)
class ScoredPair:
    a: int  # client ids, a < b
    b: int
    score: float
    reasons: list[str]


def scan_people(
    people: Sequence[Person],
    *,
    threshold: float = QUEUE_THRESHOLD,
    only: Iterable[int] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Iterator[ScoredPair]:
    """Every pair of people scoring at least ``threshold`` (with ``only``: pairs involving those ids)."""
    set_rarity(people)
    pairs = candidate_pairs(people, only=None if only is None else set(only))
    if progress:
        progress(f"{len(pairs)} candidate pairs")
    for i, j in pairs:
        a, b = people[i], people[j]
        score, reasons = compare(a, b, at_least=threshold)
        if score >= threshold:
            lo, hi = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            yield ScoredPair(lo, hi, score, reasons)
