"""Writes for duplicate management: the review queue, merging two client records, and undoing a merge exactly.

Merge rule: every row of every model with a foreign key to ``clients.Client`` (found generically, so notes, files,
consents and whatever comes later move too) is re-pointed from the merged record to the survivor; the survivor takes
the chosen value group by group; the merged record is soft-deleted. ``dedup.Merge`` keeps both records' values
before the merge, what was applied and which rows moved.

Unmerge rule: the merged record gets back every value it had; each moved row that still points to the survivor
points back to the merged record (any later edit to that row stays: only the client reference moves back, and the
row's DateUpdated is restored too when nothing else touched it since); each survivor field the merge changed returns
to its old value unless someone changed it again after the merge, in which case the later edit stays and is noted.
Rows added to the survivor after the merge stay with the survivor. The audit log is append-only and is never
re-pointed: an audit trail follows merges through ``merged_client_ids``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.core.audit import audit
from hearth.core.crypto import EncryptedSsnField, open_ssn, seal_ssn
from hearth.enrollments.collection import V1_THEATERS

from .keys import refresh_client_keys
from .models import Candidate, Merge
from .scoring import ScoredPair

# The client's elements the lead chooses between, in groups that travel together (a value and its data quality).
MERGE_GROUPS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    (
        "name",
        gettext_lazy("Name (3.01)"),
        ("first_name", "middle_name", "last_name", "name_suffix", "name_data_quality"),
    ),
    ("ssn", gettext_lazy("Social Security Number (3.02)"), ("ssn", "ssn_data_quality")),
    ("dob", gettext_lazy("Date of birth (3.03)"), ("dob", "dob_data_quality")),
    (
        "race",
        gettext_lazy("Race and ethnicity (3.04)"),
        (
            "am_ind_ak_native",
            "asian",
            "black_af_american",
            "hispanic_latinao",
            "mid_east_n_african",
            "native_hi_pacific",
            "white",
            "race_none",
            "additional_race_ethnicity",
        ),
    ),
    ("sex", gettext_lazy("Sex (4.21)"), ("sex",)),
    (
        "veteran",
        gettext_lazy("Veteran status (3.07) and veteran information (V1)"),
        (
            "veteran_status",
            "year_entered_service",
            "year_separated",
            *V1_THEATERS,
            "military_branch",
            "discharge_status",
        ),
    ),
)
GROUP_NAMES = tuple(name for name, _label, _fields in MERGE_GROUPS)
SURVIVOR, MERGED = "survivor", "merged"


def _client_model() -> Any:
    from hearth.clients.models import Client

    return Client


# --- references -------------------------------------------------------------------------------------------------


def client_references() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, foreign key) that points to a client, except this app's own tables and the audit log.

    Found from the app registry, so a model added later (notes, files, consents, ...) moves with a merge unchanged.
    """
    client_model = _client_model()
    out = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label == "dedup" or model._meta.label == "core.AuditEvent":
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model is client_model:
                out.append((model, f))
    return out


# --- snapshots --------------------------------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _from_json(f: models.Field, value: Any) -> Any:
    return None if value is None else f.to_python(value)


def _field_json(f: models.Field, value: Any) -> Any:
    # An SSN stays encrypted in the merge record (the field's to_python opens it again on restore).
    return _to_json(seal_ssn(value) if isinstance(f, EncryptedSsnField) else value)


def _same(a: Any, b: Any) -> bool:
    """Equal, comparing encrypted SSNs by their plain text (each encryption differs)."""
    return a == b or (isinstance(a, str) and isinstance(b, str) and open_ssn(a) == open_ssn(b))


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Every concrete field of a record, JSON-ready (foreign keys by id)."""
    return {f.attname: _field_json(f, getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def _restore(obj: models.Model, values: dict[str, Any], only: Iterable[str] | None = None) -> list[str]:
    names = set(only) if only is not None else None
    changed = []
    for f in obj._meta.concrete_fields:
        if f.primary_key or f.attname not in values or (names is not None and f.attname not in names):
            continue
        setattr(obj, f.attname, _from_json(f, values[f.attname]))
        changed.append(f.attname)
    return changed


# --- resolving merged IDs ---------------------------------------------------------------------------------------


def resolve_client_id(client_id: int) -> int:
    """The client a record ID now stands for: follows merges (a merged-away ID resolves to its survivor)."""
    current = int(client_id)
    for _hop in range(50):  # merges form a forest; the bound only guards against a corrupted table
        survivor = Merge.objects.active().filter(merged_id=current).values_list("survivor_id", flat=True).first()
        if survivor is None:
            return current
        current = survivor
    return current


def merged_client_ids(client_id: int) -> set[int]:
    """Every client ID merged (directly or through earlier merges) into ``client_id``, for history and audit views."""
    found: set[int] = set()
    frontier = {int(client_id)}
    while frontier:
        merged = set(Merge.objects.active().filter(survivor_id__in=frontier).values_list("merged_id", flat=True))
        frontier = merged - found
        found |= merged
    return found


def is_merged_away(client_id: int) -> bool:
    """Whether this client record was merged into another (an importer must not revive it)."""
    return Merge.objects.active().filter(merged_id=client_id).exists()


# --- the queue --------------------------------------------------------------------------------------------------


@transaction.atomic
def candidates_record(
    *, pairs: Iterable[ScoredPair], source: str = Candidate.Source.SCAN, full_scan: bool = False
) -> dict[str, int]:
    """Store found pairs in the queue, idempotently: new pairs are added, open ones rescored, reviewed ones kept.

    After a ``full_scan``, open pairs the scan no longer finds (the records were corrected) leave the queue.
    """
    existing = {
        (a, b): (pk, status)
        for pk, a, b, status in Candidate.objects.values_list("pk", "client_a_id", "client_b_id", "status")
    }
    new: list[Candidate] = []
    changed: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for pair in pairs:
        key = (pair.a, pair.b)
        seen.add(key)
        score = round(pair.score, 4)
        if key not in existing:
            new.append(
                Candidate(client_a_id=pair.a, client_b_id=pair.b, score=score, reasons=pair.reasons, source=source)
            )
        elif existing[key][1] == Candidate.Status.OPEN:
            changed.append(Candidate(pk=existing[key][0], score=score, reasons=pair.reasons))
    Candidate.objects.bulk_create(new, batch_size=2000)
    # Rescoring writes only what differs (a re-run over unchanged data writes nothing).
    current = (
        {
            pk: (s, r)
            for pk, s, r in Candidate.objects.filter(pk__in=[c.pk for c in changed]).values_list(
                "pk", "score", "reasons"
            )
        }
        if changed
        else {}
    )
    changed = [c for c in changed if current.get(c.pk) != (c.score, c.reasons)]
    Candidate.objects.bulk_update(changed, ["score", "reasons"], batch_size=2000)
    removed = 0
    if full_scan:
        stale = [pk for key, (pk, status) in existing.items() if status == Candidate.Status.OPEN and key not in seen]
        for start in range(0, len(stale), 2000):
            removed += Candidate.objects.filter(pk__in=stale[start : start + 2000]).delete()[0]
    return {"added": len(new), "rescored": len(changed), "removed": removed, "found": len(seen)}


def queue_matches_for_import(client_ids: Iterable[int], *, keys_written: bool = False,
                             pairs: Iterable[ScoredPair] | None = None) -> int:  # fmt: skip
    """Match clients that arrived through an HMIS CSV import against the whole database and queue the pairs for
    the HMIS lead (never merged silently). Returns how many pairs were found. ``keys_written``: the import already
    wrote the clients' search keys; ``pairs``: it already found the pairs (``matching.scan_in_background``)."""
    from .matching import scan

    ids = [int(i) for i in client_ids]
    if not ids:
        return 0
    if not keys_written:
        refresh_client_keys(ids)
    result = candidates_record(pairs=scan(ids) if pairs is None else pairs, source=Candidate.Source.IMPORT)
    return result["found"]


def _require_lead(user: Any) -> None:
    if not getattr(user, "is_lead_admin", False):
        raise PermissionDenied(_("Only the HMIS lead may review duplicates."))


@transaction.atomic
def candidate_mark_not_duplicate(*, candidate: Candidate, acting_user: Any) -> Candidate:
    """The lead decided the two records are different people: the pair leaves the queue for good."""
    _require_lead(acting_user)
    candidate.status = Candidate.Status.NOT_DUPLICATE
    candidate.reviewed_by = acting_user
    candidate.reviewed_at = timezone.now()
    candidate.full_clean()
    candidate.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit(
        user=acting_user,
        action="update",
        obj=candidate,
        client_id=candidate.client_a_id,
        detail={"event": "not_duplicate", "clients": [candidate.client_a_id, candidate.client_b_id]},
    )
    return candidate


# --- merge and unmerge ------------------------------------------------------------------------------------------


class MergeError(ValidationError):
    pass


@transaction.atomic
def client_merge(
    *,
    survivor: Any,
    merged: Any,
    field_choices: dict[str, str],
    acting_user: Any,
    candidate: Candidate | None = None,
) -> Merge:
    """Merge client ``merged`` into ``survivor``: chosen values, every referencing row, audit; undoable exactly."""
    _require_lead(acting_user)
    client_model = _client_model()
    if survivor.pk == merged.pk:
        raise MergeError(_("A record cannot be merged with itself."))
    locked = {c.pk: c for c in client_model.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])}
    if len(locked) != 2 or any(c.date_deleted is not None for c in locked.values()):
        raise MergeError(_("Both records must exist and not be deleted or merged already."))
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    unknown = set(field_choices) - set(GROUP_NAMES)
    if unknown or any(v not in (SURVIVOR, MERGED) for v in field_choices.values()):
        raise MergeError(_("Unknown field choice."))

    now = timezone.now()
    survivor_before, merged_before = snapshot(survivor), snapshot(merged)

    # 1. The survivor takes the chosen values.
    applied: dict[str, Any] = {}
    for group, _label, fields in MERGE_GROUPS:
        if field_choices.get(group, SURVIVOR) != MERGED:
            continue
        for name in fields:
            value = getattr(merged, name)
            if getattr(survivor, name) != value:
                setattr(survivor, name, value)
                applied[name] = _field_json(survivor._meta.get_field(name), value)
    if applied:
        survivor.date_updated = now
        survivor.updated_by = acting_user
        checked = set(applied)
        survivor.full_clean(
            exclude=[f.name for f in survivor._meta.concrete_fields if f.attname not in checked],
            validate_unique=False,
            validate_constraints=False,
        )
        survivor.save()
        applied["date_updated"] = _to_json(survivor.date_updated)
        applied["updated_by_id"] = survivor.updated_by_id

    # 2. Every row that points to the merged record moves to the survivor.
    moved: list[list[Any]] = []
    for model, fk in client_references():
        manager = model._base_manager
        rows = manager.filter(**{fk.attname: merged.pk})
        has_updated = any(f.attname == "date_updated" for f in model._meta.concrete_fields)
        listing = list(rows.values_list("pk", "date_updated") if has_updated else rows.values_list("pk", flat=True))
        if not listing:
            continue
        if getattr(fk, "one_to_one", False) and manager.filter(**{fk.attname: survivor.pk}).exists():
            raise MergeError(
                _("Both records have a %(what)s; resolve that first.") % {"what": model._meta.verbose_name}
            )
        for item in listing:
            pk, before = (item[0], _to_json(item[1])) if has_updated else (item, None)
            moved.append([model._meta.label, fk.attname, _to_json(pk), before])
        update = {fk.attname: survivor.pk}
        if has_updated:
            update["date_updated"] = now  # so exports send the re-pointed rows (HMIS CSV DateUpdated)
        try:
            with transaction.atomic():
                rows.update(**update)
        except IntegrityError as error:
            raise MergeError(
                _("Moving the %(what)s records would break a uniqueness rule: %(error)s")
                % {"what": model._meta.verbose_name_plural, "error": error}
            ) from error

    # 3. The merged record is soft-deleted (its ID keeps resolving through the Merge).
    merged.date_deleted = now
    merged.date_updated = now
    merged.updated_by = acting_user
    merged.save(update_fields=["date_deleted", "date_updated", "updated_by"])

    merge = Merge.objects.create(
        survivor=survivor,
        merged=merged,
        candidate=candidate,
        field_choices={g: field_choices.get(g, SURVIVOR) for g in GROUP_NAMES},
        survivor_before=survivor_before,
        merged_before=merged_before,
        applied=applied,
        moved=moved,
        merged_at=now,
        merged_by=acting_user,
    )
    a, b = sorted((survivor.pk, merged.pk))
    Candidate.objects.filter(client_a_id=a, client_b_id=b).update(
        status=Candidate.Status.MERGED, reviewed_by=acting_user, reviewed_at=now
    )
    refresh_client_keys([survivor.pk, merged.pk])
    detail = {"event": "merge", "merge": merge.pk, "survivor": survivor.pk, "merged": merged.pk, "moved": len(moved)}
    audit(user=acting_user, action="update", obj=survivor, detail={**detail, "fields": sorted(applied)})
    audit(user=acting_user, action="delete", obj=merged, detail=detail)
    return merge


@transaction.atomic
def client_unmerge(*, merge: Merge, acting_user: Any) -> Merge:
    """Undo a merge: both records as they were, the moved rows back (see the module's unmerge rule)."""
    _require_lead(acting_user)
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise MergeError(_("This merge was already undone."))
    later = Merge.objects.active().filter(merged_id=merge.survivor_id).first()
    if later is not None:
        raise MergeError(
            _("Record %(survivor)s was itself merged into record %(next)s since; undo that merge first.")
            % {"survivor": merge.survivor_id, "next": later.survivor_id}
        )
    client_model = _client_model()
    locked = {
        c.pk: c
        for c in client_model._base_manager.select_for_update().filter(pk__in=[merge.survivor_id, merge.merged_id])
    }
    survivor, merged = locked[merge.survivor_id], locked[merge.merged_id]
    now = timezone.now()
    notes: dict[str, Any] = {"kept_later_edits": [], "rows_not_moved_back": []}

    # 1. The survivor's fields the merge changed go back, unless edited again since.
    current = snapshot(survivor)
    restore = []
    for name, value in merge.applied.items():
        if name in ("date_updated", "updated_by_id"):
            continue
        if _same(current.get(name), value):
            restore.append(name)
        else:
            notes["kept_later_edits"].append(name)
    untouched_since = bool(merge.applied) and current.get("date_updated") == merge.applied.get("date_updated")
    if untouched_since:
        restore += ["date_updated", "updated_by_id"]  # nobody saved the survivor since: exactly as before
    _restore(survivor, merge.survivor_before, restore)
    if restore and not untouched_since:
        survivor.date_updated = now
        survivor.updated_by = acting_user
    if restore:
        survivor.save()

    # 2. The merged record exactly as it was.
    _restore(merged, merge.merged_before)
    merged.save()

    # 3. Moved rows still pointing to the survivor go back (later edits to them stay).
    for label, attname, pk, before in merge.moved:
        try:
            model = apps.get_model(label)
        except LookupError:
            notes["rows_not_moved_back"].append([label, pk])
            continue
        rows = model._base_manager.filter(pk=pk, **{attname: merge.survivor_id})
        if before is not None:
            field = model._meta.get_field("date_updated")
            if rows.filter(date_updated=merge.merged_at).update(
                **{attname: merge.merged_id, "date_updated": _from_json(field, before)}
            ):
                continue
            if rows.update(**{attname: merge.merged_id, "date_updated": now}):
                continue
        elif rows.update(**{attname: merge.merged_id}):
            continue
        notes["rows_not_moved_back"].append([label, pk])

    merge.undone_at = now
    merge.undone_by = acting_user
    merge.undo_notes = notes
    merge.save(update_fields=["undone_at", "undone_by", "undo_notes"])
    a, b = sorted((merge.survivor_id, merge.merged_id))
    Candidate.objects.filter(client_a_id=a, client_b_id=b).update(
        status=Candidate.Status.OPEN, reviewed_by=acting_user, reviewed_at=now
    )
    refresh_client_keys([merge.survivor_id, merge.merged_id])
    detail = {"event": "unmerge", "merge": merge.pk, "survivor": merge.survivor_id, "merged": merge.merged_id, **notes}
    audit(user=acting_user, action="update", obj=survivor, detail=detail)
    audit(user=acting_user, action="update", obj=merged, detail=detail)
    return merge
