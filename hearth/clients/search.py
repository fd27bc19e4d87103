"""Client search: one box for a name, a date of birth, the last four of the SSN or an HMIS ID.

Fast over hundreds of thousands of clients: every part of the query finds a bounded set of candidates through an index
(the duplicate-matching name keys of ``hearth.dedup``, the DOB index, the index on the SSN's last four digits, the
primary key and HMIS ID); the candidates are scored in Python with the duplicate matcher's name similarity (typos,
sound-alikes, nicknames, first and last swapped), and only those the user may find are kept (``searchable_clients``:
the visible ones, less restricted records outside their agency).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.dedup import names
from hearth.dedup.keys import client_ids_for_keys

from .access import searchable_clients
from .models import Client

# Candidates taken from any one index before scoring, and in all: bounds the work of a vague query ("John").
MAX_PER_SOURCE = 1500
MAX_CANDIDATES = 4000
# Scored candidates checked against the access funnel per query: 100 first, doubling up to 800.
VISIBILITY_CHUNK = 100
MAX_VISIBILITY_CHUNK = 800
# A hit needs at least this score (0-1) to be shown.
MIN_SCORE = 0.6
# Name similarity below which a name alone does not make a hit.
MIN_NAME_SIMILARITY = 0.8

_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("m", "d", "y")),
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})$"), ("m", "d", "yy")),
    (re.compile(r"^(\d{2})(\d{2})(\d{4})$"), ("m", "d", "y")),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), ("y", "m", "d")),
)
_SSN = re.compile(r"^(\d{3})-?(\d{2})-?(\d{4})$")
_LAST_FOUR = re.compile(r"^(?:(?:\*|x){3}-?(?:\*|x){2}-?)?(\d{4})$", re.IGNORECASE)
_HUD_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-])*", re.UNICODE)


@dataclass
class SearchHit:
    """A client found by a search, how well it matched (0-1) and why, in words for the caseworker."""

    client: Client
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class ParsedQuery:
    """What a search box's text says: name words, dates of birth, SSN digits and IDs."""

    words: list[str] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)
    ssn: str = ""
    last_four: str = ""
    numbers: list[int] = field(default_factory=list)  # may be a client's number (primary key)
    ids: list[str] = field(default_factory=list)  # may be an HMIS ID (PersonalID)
    comma_name: bool = False  # "Last, First"

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.dates or self.ssn or self.last_four or self.numbers or self.ids)


def _make_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_dates(token: str, *, today: date) -> list[date]:
    """Dates of birth a token may be: 1990-04-03, 4/3/1990, 04031990, 19900403, 4/3/90 (US order: month first)."""
    found: list[date] = []
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(token)
        if not match:
            continue
        parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
        if "yy" in parts:
            century = 2000 if parts["yy"] <= today.year % 100 else 1900
            parts["y"] = century + parts.pop("yy")
        day = _make_date(parts["y"], parts["m"], parts["d"])
        if day is not None and date(1900, 1, 1) <= day <= today and day not in found:
            found.append(day)
    return found


def parse_query(query: str, *, today: date | None = None) -> ParsedQuery:
    """Split the search box's text into what each part may mean."""
    today = today or timezone.localdate()
    parsed = ParsedQuery()
    text = " ".join((query or "").split())[:200]
    if "," in text:
        before, _comma, after = text.partition(",")
        if _WORD.search(before) and _WORD.search(after):
            parsed.comma_name = True
    tokens = [token for token in re.split(r"[\s,;]+", text) if token]
    for token in tokens:
        dates = parse_dates(token, today=today)
        if dates:
            parsed.dates.extend(d for d in dates if d not in parsed.dates)
        if match := _SSN.match(token):
            parsed.ssn = "".join(match.groups())
        elif match := _LAST_FOUR.match(token):
            parsed.last_four = match.group(1)
        if _WORD.fullmatch(token):
            parsed.words.append(token)
    if len(tokens) == 1:  # an ID is searched alone
        token = tokens[0]
        if token.isdigit() and len(token) <= 12:
            parsed.numbers.append(int(token))
        if _HUD_ID.match(token) and not parsed.dates:
            parsed.ids.append(token)
    return parsed


# --- candidates -------------------------------------------------------------------------------------------------------


def _word_tokens(word: str) -> set[str]:
    """The role-free name keys of one word (its sound and, for a given name, its nickname roots)."""
    return {key for key in names.name_keys(word, "") | names.name_keys("", word) if key.startswith("t:")}


def _name_candidates(words: list[str]) -> list[int]:
    from hearth.dedup.models import ClientKey

    ids: list[int] = []
    if len(words) == 1:
        ids.extend(client_ids_for_keys(_word_tokens(words[0]))[:MAX_PER_SOURCE])
    else:
        first, last = " ".join(words[:-1]), words[-1]
        pair = names.pair_key(first, last)
        if pair:
            ids.extend(client_ids_for_keys([f"p:{pair}"])[:MAX_PER_SOURCE])
        # Every word sounds like a part of the name (whichever part): order-free, nickname-aware.
        token_sets = sorted((_word_tokens(word) for word in words), key=len)
        both = ClientKey.objects.filter(key__in=token_sets[0])
        for tokens in token_sets[1:]:
            both = both.filter(client_id__in=ClientKey.objects.filter(key__in=tokens).values("client_id"))
        ids.extend(both.values_list("client_id", flat=True).distinct()[:MAX_PER_SOURCE])
        if not ids:
            # One word mistyped beyond its sound: the clients who match the surname (or, swapped, the first word)
            # are scored on spelling.
            for word in (last, words[0]):
                ids.extend(client_ids_for_keys(_word_tokens(word))[: MAX_PER_SOURCE // 2])
    # The start of a surname still being typed ("Hern").
    prefix = words[-1]
    if len(prefix) >= 2 and len(ids) < 25:
        start = prefix[:1].upper() + prefix[1:].lower()
        stop = start[:-1] + chr(ord(start[-1]) + 1)
        ids.extend(Client.objects.filter(last_name__gte=start, last_name__lt=stop).values_list("pk", flat=True)[:200])
    return ids


def _candidates(parsed: ParsedQuery) -> list[int]:
    ids: list[int] = []
    if parsed.numbers:
        ids.extend(Client.objects.filter(pk__in=parsed.numbers).values_list("pk", flat=True))
    if parsed.ids:
        ids.extend(Client.objects.filter(hud_id__in=parsed.ids).values_list("pk", flat=True)[:MAX_PER_SOURCE])
    if parsed.ssn:
        ids.extend(Client.objects.filter(ssn=parsed.ssn).values_list("pk", flat=True)[:MAX_PER_SOURCE])
    if parsed.last_four:
        ids.extend(Client.objects.filter(ssn__last4=parsed.last_four).values_list("pk", flat=True)[:MAX_PER_SOURCE])
    if parsed.dates:
        swapped = [_make_date(d.year, d.day, d.month) for d in parsed.dates if d.day <= 12 and d.day != d.month]
        days = [*parsed.dates, *(d for d in swapped if d is not None)]
        ids.extend(Client.objects.filter(dob__in=days).values_list("pk", flat=True)[:MAX_PER_SOURCE])
    if parsed.words:
        ids.extend(_name_candidates(parsed.words))
    return list(dict.fromkeys(ids))[:MAX_CANDIDATES]


# --- scoring ----------------------------------------------------------------------------------------------------------

SEARCH_FIELDS = (
    "pk",
    "hud_id",
    "first_name",
    "middle_name",
    "last_name",
    "name_suffix",
    "name_data_quality",
    "ssn",
    "ssn_data_quality",
    "dob",
    "dob_data_quality",
    "owner_org_id",
)


def _name_readings(parsed: ParsedQuery) -> list[tuple[str, str]]:
    """(first, last) readings of the name words: "Mary Ann Smith", "Smith, John", "Smith" alone."""
    words = parsed.words
    if len(words) == 1:
        return [(words[0], "")]
    if parsed.comma_name:
        return [(" ".join(words[1:]), words[0])]
    readings = [(" ".join(words[:-1]), words[-1])]
    if len(words) > 2:
        readings.append((words[0], " ".join(words[1:])))
    return readings


def _score_name(parsed: ParsedQuery, client: Client) -> tuple[float, str]:
    first, last = client.first_name or "", client.last_name or ""
    if len(parsed.words) == 1:
        word = parsed.words[0]
        by_first, by_last = names.first_similarity(word, first), names.last_similarity(word, last)
        score = max(by_first, by_last)
        normalized = names.normalize(word)
        if normalized in (names.normalize(first), names.normalize(last)):
            return 1.0, _("name")
        if by_first >= by_last and names.are_nicknames(word, first):
            return score, _("nickname of %(name)s") % {"name": first}
        if len(normalized) >= 2 and names.normalize(last).startswith(normalized):
            return max(score, 0.85), _("name starts with %(text)s") % {"text": word}
        return score, _("name sounds or is spelled alike")
    best, reason = 0.0, ""
    for q_first, q_last in _name_readings(parsed):
        score = names.name_similarity(q_first, q_last, first, last)
        if score <= best:
            continue
        best = score
        if names.normalize(q_first) == names.normalize(first) and names.normalize(q_last) == names.normalize(last):
            reason = _("name")
        elif names.swapped(q_first, q_last, first, last):
            reason = _("first and last name swapped")
        elif names.are_nicknames(q_first, first) and names.normalize(q_first) != names.normalize(first):
            reason = _("nickname of %(name)s") % {"name": first}
        else:
            reason = _("name sounds or is spelled alike")
    # The surname still being typed ("Maria Hern").
    if best < MIN_NAME_SIMILARITY:
        q_first, q_last = _name_readings(parsed)[0]
        typed = names.normalize(q_last)
        if (
            len(typed) >= 2
            and names.normalize(last).startswith(typed)
            and names.first_similarity(q_first, first) >= MIN_NAME_SIMILARITY
        ):
            best, reason = 0.85, _("name starts with %(text)s") % {"text": " ".join(parsed.words)}
    return best, reason


def score_client(parsed: ParsedQuery, client: Client) -> SearchHit | None:
    """How well ``client`` matches the query: the mean of the scores of the query's parts, with the reasons."""
    if client.pk in parsed.numbers or (parsed.ids and client.hud_id in parsed.ids):
        return SearchHit(client, 1.0, [_("HMIS ID")])
    if parsed.ssn and client.ssn == parsed.ssn:
        return SearchHit(client, 1.0, [_("Social Security Number")])
    parts: list[float] = []
    reasons: list[str] = []
    if parsed.words:
        score, reason = _score_name(parsed, client)
        parts.append(score)
        if score >= MIN_NAME_SIMILARITY:
            reasons.append(reason)
    if parsed.dates:
        if client.dob in parsed.dates:
            parts.append(1.0)
            reasons.append(_("date of birth"))
        elif client.dob and any(
            (client.dob.day, client.dob.month) == (d.month, d.day) for d in parsed.dates if client.dob.year == d.year
        ):
            parts.append(0.7)
            reasons.append(_("date of birth with day and month swapped"))
        else:
            parts.append(0.0)
    if parsed.last_four and not parsed.dates:
        if client.ssn[5:9] == parsed.last_four:
            parts.append(1.0)
            reasons.append(_("last four digits of the SSN"))
        else:
            parts.append(0.0)
    elif parsed.last_four and client.ssn[5:9] == parsed.last_four:
        reasons.append(_("last four digits of the SSN"))
    if not parts or not reasons:
        return None
    score = sum(parts) / len(parts)
    if len(parts) == 1 and parsed.words and score < MIN_NAME_SIMILARITY:
        return None
    if score < MIN_SCORE:
        return None
    return SearchHit(client, round(score, 3), reasons)


def search_clients(user: Any, query: str, limit: int = 25) -> list[SearchHit]:
    """The clients ``user`` may see that match ``query``, best first (at most ``limit``)."""
    parsed = parse_query(query)
    if parsed.is_empty:
        return []
    ids = _candidates(parsed)
    if not ids:
        return []
    # Score the candidates first, then ask the access funnel about the best ones a chunk at a time: one visibility
    # query over thousands of IDs is costly to plan and run (PostgreSQL even JIT-compiles it), a chunk of 100 is not.
    candidates = Client.objects.alive().filter(pk__in=ids).only(*[f for f in SEARCH_FIELDS if f != "pk"])
    scored = [hit for client in candidates if (hit := score_client(parsed, client)) is not None]
    scored.sort(key=lambda h: (-h.score, h.client.last_name.lower(), h.client.first_name.lower(), h.client.pk))
    visible = searchable_clients(user)  # restricted records are opened by id, never found by name
    hits: list[SearchHit] = []
    start, size = 0, VISIBILITY_CHUNK
    while start < len(scored) and len(hits) < limit:
        chunk = scored[start : start + size]
        allowed = set(visible.filter(pk__in=[hit.client.pk for hit in chunk]).values_list("pk", flat=True))
        hits.extend(hit for hit in chunk if hit.client.pk in allowed)
        start, size = start + size, min(size * 2, MAX_VISIBILITY_CHUNK)  # few visible so far: ask about more at once
    return hits[:limit]
