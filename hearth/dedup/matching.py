"""The matching engine over the database: likely matches while a client is entered, and the whole-database scan.

Scoring and blocking rules live in ``hearth.dedup.scoring`` (Django-free); this module feeds them clients, through
the access funnel where a person is looking (``likely_matches``) and over every live record for the queue (``scan``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import scoring
from .models import ClientKey
from .names import name_tokens, pair_key
from .scoring import Person, ScoredPair, make_person

# The Client columns matching reads.
FIELDS = (
    "pk",
    "first_name",
    "last_name",
    "name_data_quality",
    "ssn",
    "ssn_data_quality",
    "dob",
    "dob_data_quality",
    "sex",
)

REASONS: dict[str, Promise] = {
    scoring.SAME_NAME: _("Same name"),
    scoring.NICKNAME: _("Given names are nicknames of each other"),
    scoring.SIMILAR_NAME: _("Names spelled or sounding alike"),
    scoring.SWAPPED_NAME: _("First and last names swapped"),
    scoring.DIFFERENT_FIRST: _("Different first names"),
    scoring.DIFFERENT_LAST: _("Different last names"),
    scoring.SAME_DOB: _("Same date of birth"),
    scoring.DOB_DAY_MONTH: _("Date of birth with day and month swapped"),
    scoring.DOB_TRANSPOSED: _("Date of birth with two digits transposed"),
    scoring.DOB_ONE_PART: _("Date of birth differs in one part"),
    scoring.DIFFERENT_DOB: _("Different dates of birth"),
    scoring.SAME_SSN: _("Same SSN"),
    scoring.SSN_TYPO: _("SSN differs by one digit or two swapped digits"),
    scoring.SAME_SSN_LAST4: _("Same last four SSN digits"),
    scoring.DIFFERENT_SSN: _("Different SSNs"),
    scoring.DIFFERENT_SEX: _("Different sex"),
}

# Likely matches shown while entering a client: looser than the queue, as a person looks at them at once.
LIKELY_THRESHOLD = 0.25
# How many records one blocking key may bring into an on-entry check before it is too common to be useful.
KEY_CAP = 400


def reason_texts(codes: Iterable[str]) -> list[str]:
    """The reasons, in the active language."""
    return [str(REASONS.get(code, code)) for code in codes]


@dataclass
class Match:
    """A client who may be the person being entered."""

    client: Any
    score: float
    codes: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        return reason_texts(self.codes)


Pair = ScoredPair


def person_from_row(row: tuple | dict) -> Person:
    """A scoring Person from a Client values row (``FIELDS`` order) or dict."""
    values = dict(zip(FIELDS, row, strict=True)) if not isinstance(row, dict) else row
    return make_person(
        values["pk"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        name_data_quality=values["name_data_quality"],
        ssn=values["ssn"],
        ssn_data_quality=values["ssn_data_quality"],
        dob=values["dob"],
        dob_data_quality=values["dob_data_quality"],
        sex=values["sex"],
    )


def person_from_client(client: Any) -> Person:
    return person_from_row({name: getattr(client, name) for name in FIELDS})


def _client_model() -> Any:
    from hearth.clients.models import Client

    return Client


def _surname_rarity(person: Person) -> float:
    """The surname's rarity among all clients, from the name-key index (counts one index range)."""
    key = scoring.surname_key(person.last)
    if not key:
        return 0.0
    count = ClientKey.objects.filter(key=f"l:{key}").count()
    last = _client_model().objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return scoring.rarity_bonus(max(count, 1), last)


def candidate_ids(person: Person, base: QuerySet | None = None) -> set[int]:
    """IDs of clients that share a block with ``person`` (the same blocks as the full scan), from the indexes."""
    client_model = _client_model()
    clients = client_model.objects.alive() if base is None else base
    tokens = sorted(name_tokens(person.block_first, person.block_last)) if person.block_first else []
    ids: set[int] = set()
    token_keys = [f"t:{t}" for t in tokens if t]
    if person.dob is not None and token_keys:
        dobs = [person.dob, *sorted(scoring.dob_variants(person.dob))]
        same_dob = clients.filter(dob__in=dobs, dob_data_quality=scoring.FULL).values("pk")
        ids.update(
            ClientKey.objects.filter(key__in=token_keys, client_id__in=same_dob).values_list("client_id", flat=True)[
                :KEY_CAP
            ]
        )
    pk = pair_key(person.block_first, person.block_last)
    if pk:
        ids.update(ClientKey.objects.filter(key=f"p:{pk}").values_list("client_id", flat=True)[:KEY_CAP])
    if person.ssn:
        ids.update(clients.filter(ssn=person.ssn).values_list("pk", flat=True)[:KEY_CAP])
    if person.last4 and token_keys:
        with_token = ClientKey.objects.filter(key__in=token_keys).values("client_id")
        ids.update(clients.filter(ssn__last4=person.last4, pk__in=with_token).values_list("pk", flat=True)[:KEY_CAP])
    ids.discard(person.id)
    return ids


def likely_matches(
    user: Any,
    *,
    first_name: str,
    last_name: str,
    dob: date | None = None,
    ssn: str = "",
    limit: int = 5,
    exclude_client_id: int | None = None,
    sex: int | None = None,
) -> list[Match]:
    """Clients ``user`` may see who may be the person being entered, best first (used while creating a client).

    What is typed counts as complete (data quality 1) when it is: both names, a date, 9 SSN digits; 4 digits are
    taken as the last four of the SSN.
    """
    from hearth.clients.access import searchable_clients

    ssn = "".join(ch for ch in (ssn or "") if ch.isdigit())
    probe = make_person(
        0,
        first_name=first_name or "",
        last_name=last_name or "",
        name_data_quality=scoring.FULL if first_name and last_name else scoring.PARTIAL,
        ssn=ssn if len(ssn) == 9 else ("xxxxx" + ssn if len(ssn) == 4 else ""),
        ssn_data_quality=scoring.FULL if len(ssn) == 9 else scoring.PARTIAL if len(ssn) == 4 else 99,
        dob=dob,
        dob_data_quality=scoring.FULL if dob else 99,
        sex=sex,
    )
    if not (probe.block_first or probe.block_last or probe.ssn or probe.last4):
        return []
    visible = searchable_clients(user)  # restricted records never surface as suggestions
    ids = candidate_ids(probe)
    if exclude_client_id is not None:
        ids.discard(exclude_client_id)
    if not ids:
        return []
    rows = list(visible.filter(pk__in=ids).values_list(*FIELDS))
    if not rows:
        return []
    probe.rarity = _surname_rarity(probe)
    scored: list[tuple[float, int, list[str]]] = []
    for row in rows:
        other = person_from_row(row)
        other.rarity = (
            probe.rarity if other.last and scoring.surname_key(other.last) == scoring.surname_key(probe.last) else 0
        )
        score, codes = scoring.compare(probe, other)
        if score >= LIKELY_THRESHOLD:
            scored.append((score, row[0], codes))
    scored.sort(key=lambda item: (-item[0], item[1]))
    scored = scored[:limit]
    clients = visible.in_bulk([pk for _s, pk, _c in scored])
    return [Match(client=clients[pk], score=score, codes=codes) for score, pk, codes in scored if pk in clients]


FEW_CLIENTS = 200  # up to this many clients are matched through the indexes, more by reading every client


def load_people(client_ids: Iterable[int] | None = None, *, chunk: int = 20000) -> list[Person]:
    """Every live client (or those in ``client_ids``) as scoring People."""
    qs = _client_model().objects.alive().order_by("pk")
    if client_ids is not None:
        qs = qs.filter(pk__in=list(client_ids))
    people: list[Person] = []
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).values_list(*FIELDS)[:chunk])
        if not rows:
            return people
        people.extend(person_from_row(row) for row in rows)
        last = rows[-1][0]


def scan(client_ids: Iterable[int] | None = None, *, threshold: float = scoring.QUEUE_THRESHOLD) -> Iterator[Pair]:
    """Candidate duplicate pairs over the whole database (with ``client_ids``: pairs involving those clients).

    Loads every live client into memory once (about 100 bytes each) and runs the blocking scan there; a few
    clients are instead looked up through the indexes.
    """
    if client_ids is not None:
        ids = sorted(set(client_ids))
        if len(ids) <= FEW_CLIENTS:
            yield from _scan_few(ids, threshold)
            return
    else:
        ids = None
    people = load_people()
    yield from scoring.scan_people(people, threshold=threshold, only=ids)


def scan_in_background(client_ids: Iterable[int], *, threshold: float = scoring.QUEUE_THRESHOLD
                       ) -> Callable[[], list[Pair]]:  # fmt: skip
    """Start finding the pairs that involve ``client_ids``; returns the function that waits for them.

    With many clients, every client is read now, through this connection (in the caller's transaction, so its
    uncommitted clients are seen), and the scoring, pure Python, runs in a thread while the caller goes on with the
    database (an HMIS CSV import checks its foreign keys meanwhile). With a few, the pairs are looked up through the
    indexes when asked for. The waiting function raises what the scoring raised.
    """
    ids = sorted(set(client_ids))
    if len(ids) <= FEW_CLIENTS:
        return lambda: list(scan(ids, threshold=threshold))
    people = load_people()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["pairs"] = list(scoring.scan_people(people, threshold=threshold, only=ids))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
            outcome["error"] = exc

    thread = threading.Thread(target=work, name="hearth-duplicate-scan", daemon=True)
    thread.start()

    def wait() -> list[Pair]:
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["pairs"]

    return wait


def _scan_few(client_ids: list[int], threshold: float) -> Iterator[Pair]:
    seen: set[tuple[int, int]] = set()
    for person in load_people(client_ids):
        others = load_people(candidate_ids(person))
        if not others:
            continue
        person.rarity = _surname_rarity(person)
        for other in others:
            pair = (min(person.id, other.id), max(person.id, other.id))
            if pair in seen:
                continue
            seen.add(pair)
            key = scoring.surname_key(person.last)
            other.rarity = person.rarity if key and scoring.surname_key(other.last) == key else 0.0
            score, codes = scoring.compare(person, other, at_least=threshold)
            if score >= threshold:
                yield Pair(pair[0], pair[1], score, codes)
