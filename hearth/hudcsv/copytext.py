"""PostgreSQL ``COPY`` text for an import's new rows, made straight from the reader's validated rows.

The importer's general path turns a row into model values (``_Importer.convert``), then psycopg formats them for
COPY one value at a time. For the millions of new rows of a first import that was half of the importer's time. Here
one function per file and import is generated, with the file's columns, ID maps and fixed values bound in, that turns
a canonical row into the tab-separated line COPY reads (PostgreSQL's text format: ``\\N`` for NULL, backslash
escapes), the same text psycopg writes for the same values.

The function returns None when the row needs the general path: a reference that resolves to nothing, or a project
outside an agency representative's organizations. The importer then converts that row the general way, which reports
the problem; an import with a problem writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timezone, tzinfo
from decimal import Decimal
from typing import Any

from django.db import models

NULL = "\\N"
_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]").search
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def text(value: str) -> str:
    """A string as COPY text: backslash, tab, newline and carriage return escaped."""
    return value.translate(_ESCAPES) if _NEEDS_ESCAPE(value) else value


def literal(value: Any, tz: tzinfo) -> str:
    """A fixed value (a default, the import's data source) as COPY text."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return text(value)
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=tz)).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"no COPY text for {type(value).__name__}")


# How each kind of model field's value is written (``v`` holds the row's value, never None here); a date-time is
# written by ``_datetime_lines``.
_FORMATS = {
    "int": "str(v)",
    "decimal": "str(v)",
    "date": "v.isoformat()",
    "str": "text(v) if NEEDS_ESCAPE(v) else v",
}


def _field_kind(model_field: models.Field) -> str | None:
    if isinstance(model_field, models.BooleanField):
        return None
    if isinstance(model_field, models.IntegerField | models.AutoField):
        return "int"
    if isinstance(model_field, models.DecimalField):
        return "decimal"
    if isinstance(model_field, models.DateTimeField):
        return "datetime"
    if isinstance(model_field, models.DateField):
        return "date"
    if isinstance(model_field, models.CharField | models.TextField):
        return "str"
    return None


def _datetime_lines(name: str, var: str) -> list[str]:
    """A naive date-time (the reader's) is local time: its text gets the offset of its hour (see ``Offsets``)."""
    return [
        f"    v = row[{name!r}]",
        "    if v is None:",
        f"        {var} = NULL",
        "    else:",
        "        s = v.isoformat(' ')",
        f"        {var} = s if v.tzinfo is not None else s + (OFFSETS.get(s[:13]) or OFFSETS(v))",
    ]


class Offsets(dict):
    """The UTC offset text (``-04:00``) of naive local date-times in ``tz``, remembered per hour ("2026-03-08 01").

    Adding it to the naive text costs a third of making an aware date-time and formatting that. An hour in which the
    offset changes (a transition that is not on the hour) is never remembered: each of its times is worked out.
    """

    def __init__(self, tz: tzinfo) -> None:
        super().__init__()
        self.tz = tz

    def __call__(self, value: datetime) -> str:
        aware = value.replace(tzinfo=self.tz)
        suffix = _offset_text(aware.utcoffset())
        start = aware.replace(minute=0, second=0, microsecond=0)
        if _offset_text(start.utcoffset()) == suffix == _offset_text(start.replace(minute=59, second=59).utcoffset()):
            self[value.isoformat(" ")[:13]] = suffix
        return suffix


def _offset_text(offset: Any) -> str:
    """An offset as datetime.isoformat writes it (``+05:30``, ``-04:56:02``)."""
    return datetime(2000, 1, 1, tzinfo=timezone(offset)).isoformat()[19:]


class LineMaker:
    """Generates, for one file of one import, ``make(row, hud_id) -> str | None`` (see the module's text).

    ``fixed`` holds the values every new row gets (data source, creator, export); ``maps`` the ``{hud_id: pk}`` map of
    each referenced file; ``owner`` says where ``owner_org_id`` comes from: ``"enrollment"`` (the enrollment's
    owner, through ``enrollment_org``), ``"project"`` (the project's organization, through ``project_org``, which must
    be in ``allowed`` when that is not None), ``"hint"`` (``owner_hints[hud_id]``: a new client's foreseen owner) or
    ``None`` (NULL).
    ``first_entry(client_pk, entry_date, org)`` is told of each enrollment of a client in ``new_clients``.
    """

    def __init__(self, *, plan: Any, fixed: dict[str, Any], maps: dict[str, dict[str, int]], tz: tzinfo,
                 owner: str | None, project_org: dict[int, int] | None = None,
                 enrollment_org: dict[int, int | None] | None = None, allowed: set[int] | None = None,
                 new_clients: set[int] | None = None, first_entry: Callable[..., None] | None = None,
                 seal: Callable[[str | None], str] | None = None,
                 owner_hints: dict[str, int] | None = None) -> None:  # fmt: skip
        self.namespace: dict[str, Any] = {
            "NULL": NULL, "TZ": tz, "text": text, "NEEDS_ESCAPE": _NEEDS_ESCAPE, "PORG": project_org,
            "EORG": enrollment_org, "ALLOWED": allowed, "NEW": new_clients or set(), "FIRST": first_entry,
            "SEAL": seal, "OFFSETS": Offsets(tz), "HINTS": owner_hints,
        }  # fmt: skip
        self.plan = plan
        self.fixed = fixed
        self.maps = maps
        self.tz = tz
        self.owner = owner
        self.source = self._source()
        exec(compile(self.source, f"<COPY line of {plan.file}>", "exec"), self.namespace)  # noqa: S102 - our own code
        self.make: Callable[[dict[str, Any], str], str | None] = self.namespace["make"]

    @classmethod
    def supports(cls, plan: Any) -> bool:
        """Whether every column of the file's table has a known COPY text (else the general path is used)."""
        return all(
            f.attname in ("hud_id", "owner_org_id") or _field_kind(f) is not None or f.is_relation
            for f in plan.insert_fields
        )

    def _source(self) -> str:
        plan = self.plan
        columns = {c.attname: c for c in plan.columns}
        body: list[str] = []
        parts: list[str] = []
        pk_of: dict[str, str] = {}  # attname of a reference -> the local holding its pk (None when blank)
        for i, model_field in enumerate(plan.insert_fields):
            attname, var = model_field.attname, f"c{i}"
            column = columns.get(attname)
            if attname == "hud_id":
                body.append(f"    {var} = text(hud_id) if NEEDS_ESCAPE(hud_id) else hud_id")
            elif attname == "owner_org_id":
                var = "owner_text"
            elif column is None or column.kind == "export":
                value = self.fixed[attname] if attname in self.fixed else model_field.get_default()
                var = f"K{i}"
                self.namespace[var] = literal(value, self.tz)
            elif column.kind in ("ref", "user"):
                self.namespace[f"M{i}"] = self.maps[column.target]
                body += [
                    f"    v = row[{column.name!r}]",
                    "    if v is None:",
                    f"        k{i} = None",
                    f"        {var} = NULL",
                    "    else:",
                    f"        k{i} = M{i}.get(v)",
                ]
                if column.kind == "ref":  # an unknown reference: the general path reports it
                    body += [f"        if k{i} is None:", "            return None"]
                body.append(f"        {var} = NULL if k{i} is None else str(k{i})")
                pk_of[attname] = f"k{i}"
            else:
                kind = "datetime" if column.kind == "datetime" else _field_kind(model_field)
                if attname == "ssn" and self.namespace["SEAL"] is not None:
                    body += [f"    v = SEAL(row[{column.name!r}])", f"    {var} = text(v) if NEEDS_ESCAPE(v) else v"]
                elif kind == "datetime":
                    body += _datetime_lines(column.name, var)
                else:
                    blank = '""' if column.kind == "text" else "NULL"
                    body += [f"    v = row[{column.name!r}]",
                             f"    {var} = {blank} if v is None else {_FORMATS[kind]}"]  # fmt: skip
            parts.append(var)
        body += self._owner_lines(pk_of, columns)
        line = "\\t".join("{" + p + "}" for p in parts)
        return "def make(row, hud_id):\n" + "\n".join(body) + f'\n    return f"{line}\\n"\n'

    def _owner_lines(self, pk_of: dict[str, str], columns: dict[str, Any]) -> list[str]:
        if self.owner is None:
            return ["    owner_text = NULL"]
        if self.owner == "hint":
            return ["    owner = HINTS.get(hud_id)", "    owner_text = NULL if owner is None else str(owner)"]
        if self.owner == "enrollment":
            return [
                f"    owner = None if {pk_of['enrollment_id']} is None else EORG.get({pk_of['enrollment_id']})",
                "    owner_text = NULL if owner is None else str(owner)",
            ]
        lines = [f"    owner = PORG.get({pk_of['project_id']})"]
        if self.namespace["ALLOWED"] is not None:  # the general path reports a project that is not theirs
            lines += ["    if owner not in ALLOWED:", "        return None"]
        if "client_id" in pk_of and "entry_date" in columns and self.namespace["FIRST"] is not None:
            client, entry = pk_of["client_id"], columns["entry_date"].name
            lines += [f"    if {client} in NEW and row[{entry!r}]:", f"        FIRST({client}, row[{entry!r}], owner)"]
        lines.append("    owner_text = NULL if owner is None else str(owner)")
        return lines
