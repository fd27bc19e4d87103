"""Duplicate pages for the HMIS lead: the review queue, side-by-side comparison, merge, merge history and undo."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.clients.access import access_client
from hearth.core.audit import audit
from hearth.privacy.rules import is_redacted_for, mark_redactions, redacted_name, redaction_reason

from .matching import reason_texts
from .models import Candidate, Merge
from .services import (
    GROUP_NAMES,
    MERGE_GROUPS,
    MERGED,
    SURVIVOR,
    candidate_mark_not_duplicate,
    client_merge,
    client_unmerge,
)

PAGE_SIZE = 25
# What a restricted record seen from outside its agency (the lead included) never shows: name and identifiers.
REDACTED_FIELDS = frozenset({"first_name", "middle_name", "last_name", "name_suffix", "ssn", "dob"})


def require_lead(user: Any) -> None:
    """Duplicates are the HMIS lead's work: anyone else gets the same 404 as a missing page (and it is audited)."""
    if not getattr(user, "is_lead_admin", False):
        audit(user=user, action="denied", object_type="dedup", object_id="lead-admin-only")
        raise Http404


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require_lead(request.user)
    candidates = Candidate.objects.open().select_related("client_a", "client_b").order_by("-score", "pk")
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    candidates = list(page.object_list)
    mark_redactions(request.user, [c.client_a for c in candidates] + [c.client_b for c in candidates])
    rows = [(c, reason_texts(c.reasons)) for c in candidates]
    return render(request, "dedup/queue.html", {"page": page, "rows": rows})


def _display(client: Any, name: str) -> str:
    field = client._meta.get_field(name)
    value = getattr(client, name)
    if value in (None, ""):
        return "—"
    if name in REDACTED_FIELDS and getattr(client, "hearth_redacted_for", (None, False))[1]:
        return redacted_name(client)
    if name == "ssn":
        return f"xxx-xx-{value[-4:]}" if len(value) >= 4 else value
    if field.choices:
        return str(getattr(client, f"get_{name}_display")())
    return str(value)


def _comparison(a: Any, b: Any) -> list[dict[str, Any]]:
    groups = []
    for group, label, fields in MERGE_GROUPS:
        rows = [
            {
                "label": str(a._meta.get_field(name).verbose_name).capitalize(),
                "a": _display(a, name),
                "b": _display(b, name),
                "differs": getattr(a, name) != getattr(b, name),
            }
            for name in fields
        ]
        groups.append({"name": group, "label": label, "rows": rows, "differs": any(row["differs"] for row in rows)})
    return groups


def _enrollments(user: Any, client: Any) -> list[Any]:
    from hearth.enrollments.access import visible_enrollments

    return list(visible_enrollments(user).filter(client=client).select_related("project").order_by("-entry_date")[:50])


def _choices(request: HttpRequest, a: Any, b: Any) -> tuple[Any, Any, dict[str, str]] | None:
    """The survivor, the merged record and the per-group choices posted from the comparison (None if invalid)."""
    data = request.POST if request.method == "POST" else request.GET
    keep = data.get("survivor")
    if keep not in (str(a.pk), str(b.pk)):
        return None
    survivor, merged = (a, b) if keep == str(a.pk) else (b, a)
    choices = {}
    for group in GROUP_NAMES:
        pick = data.get(f"group_{group}", str(survivor.pk))
        if pick not in (str(a.pk), str(b.pk)):
            return None
        choices[group] = SURVIVOR if pick == str(survivor.pk) else MERGED
    return survivor, merged, choices


@login_required
def compare(request: HttpRequest, candidate_id: int) -> HttpResponse:
    require_lead(request.user)
    candidate = get_object_or_404(Candidate.objects.open(), pk=candidate_id)
    a = access_client(request.user, candidate.client_a_id)
    b = access_client(request.user, candidate.client_b_id)
    mark_redactions(request.user, [a, b])
    return render(
        request,
        "dedup/compare.html",
        {
            "candidate": candidate,
            "a": a,
            "b": b,
            "groups": _comparison(a, b),
            "reasons": reason_texts(candidate.reasons),
            "enrollments_a": _enrollments(request.user, a),
            "enrollments_b": _enrollments(request.user, b),
        },
    )


@login_required
def merge_confirm(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """GET: what the merged record will look like; POST: merge."""
    require_lead(request.user)
    candidate = get_object_or_404(Candidate.objects.open(), pk=candidate_id)
    a = access_client(request.user, candidate.client_a_id, write=True)
    b = access_client(request.user, candidate.client_b_id, write=True)
    mark_redactions(request.user, [a, b])
    picked = _choices(request, a, b)
    if picked is None:
        messages.error(request, _("Choose which record survives and a value for every group."))
        return redirect("dedup:compare", candidate_id=candidate.pk)
    survivor, merged, choices = picked
    if request.method == "POST":
        try:
            merge = client_merge(
                survivor=survivor, merged=merged, field_choices=choices, acting_user=request.user, candidate=candidate
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("dedup:compare", candidate_id=candidate.pk)
        messages.success(
            request,
            _("Records merged: %(merged)s now points to %(survivor)s. You can undo this from the merge history.")
            % {"merged": merge.merged_id, "survivor": merge.survivor_id},
        )
        return redirect("dedup:history")
    result = []
    for group, label, fields in MERGE_GROUPS:
        source = merged if choices[group] == MERGED else survivor
        result.append(
            {
                "label": label,
                "from_merged": choices[group] == MERGED,
                "rows": [
                    (str(source._meta.get_field(name).verbose_name).capitalize(), _display(source, name))
                    for name in fields
                ],
            }
        )
    return render(
        request,
        "dedup/merge_confirm.html",
        {
            "candidate": candidate,
            "survivor": survivor,
            "merged": merged,
            "choices": choices,
            "picks": {g: (merged.pk if c == MERGED else survivor.pk) for g, c in choices.items()},
            "result": result,
            "enrollments_moving": _enrollments(request.user, merged),
        },
    )


@login_required
@require_POST
def not_duplicate(request: HttpRequest, candidate_id: int) -> HttpResponse:
    require_lead(request.user)
    candidate = get_object_or_404(Candidate.objects.open(), pk=candidate_id)
    candidate_mark_not_duplicate(candidate=candidate, acting_user=request.user)
    messages.success(request, _("Marked as not a duplicate; this pair will not be suggested again."))
    return redirect("dedup:queue")


@login_required
def history(request: HttpRequest) -> HttpResponse:
    require_lead(request.user)
    merges = Merge.objects.select_related("survivor", "merged", "merged_by", "undone_by").order_by("-merged_at", "-pk")
    page = Paginator(merges, PAGE_SIZE).get_page(request.GET.get("page"))
    merges = list(page.object_list)
    mark_redactions(request.user, [m.survivor for m in merges] + [m.merged for m in merges])
    rows = []
    for merge in merges:
        # One person after the merge: if either record is restricted now (a restriction moves to the survivor),
        # neither name is shown.
        hidden = is_redacted_for(request.user, merge.survivor) or is_redacted_for(request.user, merge.merged)
        rows.append(
            {
                "merge": merge,
                "merged_name": _snapshot_name(merge.merged, merge.merged_before, hidden=hidden),
                "survivor_name": _snapshot_name(merge.survivor, merge.survivor_before, hidden=hidden),
            }
        )
    return render(request, "dedup/history.html", {"page": page, "rows": rows, "redaction_reason": redaction_reason()})


def _snapshot_name(client: Any, before: dict[str, Any], *, hidden: bool) -> dict[str, Any]:
    """The name a merge recorded for a client (as it was then), or the redaction when ``hidden``."""
    if hidden:
        return {"name": redacted_name(client), "redacted": True}
    name = " ".join(p for p in (before.get("first_name"), before.get("last_name")) if p) or "—"
    return {"name": name, "redacted": False}


@login_required
@require_POST
def unmerge(request: HttpRequest, merge_id: int) -> HttpResponse:
    require_lead(request.user)
    merge = get_object_or_404(Merge.objects.active(), pk=merge_id)
    try:
        client_unmerge(merge=merge, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("dedup:history")
    messages.success(
        request,
        _("Merge undone: records %(survivor)s and %(merged)s are separate again.")
        % {"survivor": merge.survivor_id, "merged": merge.merged_id},
    )
    return redirect("dedup:history")
