"""Reads of stays that pages reuse; every one goes through the enrollment access funnel."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from .access import visible_enrollments
from .models import Enrollment


def client_stays(user: Any, client: Any) -> QuerySet[Enrollment]:
    """The client's project stays that ``user`` may see, newest first, with project and exit."""
    return (
        visible_enrollments(user)
        .filter(client_id=client.pk)
        .select_related("project", "project__organization", "exit")
        .order_by("-entry_date", "-pk")
    )


def client_panel(user: Any, client: Any) -> dict[str, Any]:
    """What the client profile's panel shows: the stays the user may see, with their services, notes and files."""
    from django.db.models import Count, Q

    from .models import CaseNote, ClientFile

    stays = list(
        client_stays(user, client).annotate(
            service_count=Count("services", filter=Q(services__date_deleted__isnull=True), distinct=True),
            note_count=Count("case_notes", filter=Q(case_notes__date_deleted__isnull=True), distinct=True),
            file_count=Count("files", filter=Q(files__date_deleted__isnull=True), distinct=True),
        )[:100]
    )
    ids = [s.pk for s in stays]
    notes = CaseNote.objects.filter(enrollment_id__in=ids, date_deleted__isnull=True).select_related("author")[:5]
    files = ClientFile.objects.filter(enrollment_id__in=ids, date_deleted__isnull=True)[:10]
    return {"stays": stays, "notes": list(notes), "files": list(files)}


# --- data quality ------------------------------------------------------------------------------------------------

MISSING_CODES = (8, 9, 99)
STAGE_RELATED = {
    "income": "income_benefits",
    "health": "health_and_dv",
    "employment": "employment_education",
    "youth": "youth_education_statuses",
}


def _stage_value(enrollment: Enrollment, record: str, field: str, stage_code: int) -> Any:
    from .services import has_exit

    if record == "enrollment":
        return getattr(enrollment, field)
    if record == "exit":
        return getattr(enrollment.exit, field) if has_exit(enrollment) else None
    if record.startswith("disability"):
        kind = int(record.removeprefix("disability"))
        rows = [
            d
            for d in enrollment.disabilities.all()
            if d.date_deleted is None and d.data_collection_stage == stage_code and d.disability_type == kind
        ]
    else:
        rows = [
            r
            for r in getattr(enrollment, STAGE_RELATED[record]).all()
            if r.date_deleted is None and r.data_collection_stage == stage_code
        ]
    return getattr(rows[0], field) if rows else None


def missing_data(enrollment: Enrollment) -> list[dict[str, Any]]:
    """Required HUD elements of this stay left blank or answered 8/9/99, by element, at project start and exit.

    Each item: ``{"element", "name", "stage", "fields": [(label, value label)]}``.
    """
    from hearth import standards

    from . import collection as rules
    from .services import has_exit, other_missing, question_label

    # One query per kind of record, not one per question (_stage_value reads them in Python).
    prefetch_related_objects([enrollment], *STAGE_RELATED.values(), "disabilities")
    stages = [rules.PROJECT_START] + ([rules.EXIT] if has_exit(enrollment) else [])
    found: list[dict[str, Any]] = []
    for stage in stages:
        on = enrollment.exit.exit_date if stage == rules.EXIT else enrollment.entry_date
        coll = rules.collection_for_member(
            project=enrollment.project,
            stage=stage,
            relationship_to_hoh=enrollment.relationship_to_hoh,
            age=rules.age_on(enrollment.client.dob, enrollment.entry_date),
            on=on,
        )
        code = rules.STAGE_CODES[stage]
        answers = {q.key: _stage_value(enrollment, q.record, q.field, code) for q in coll.questions}
        by_element: dict[str, dict[str, Any]] = {}
        for question in coll.questions:
            if not question.required or not question.applies(answers):
                continue
            value = answers[question.key]
            hud_list = getattr(question.model_field(), "hud_list", None)
            if value in (None, ""):
                shown = str(_("blank"))
            elif hud_list and value in MISSING_CODES:
                shown = f"{value} {standards.display_label(hud_list, value)}"
            else:
                continue
            item = by_element.setdefault(
                question.element,
                {
                    "element": question.element,
                    "name": rules.element_name(question.element),
                    "stage": stage,
                    "fields": [],
                },
            )
            item["fields"].append((question_label(question), shown))
        found.extend(by_element.values())
    found.extend(other_missing(enrollment))  # V1 on the client, R20 after exit
    return found


def project_stays_for_quality(user: Any, project: Any) -> QuerySet[Enrollment]:
    """The project's stays the user may see that are open or ended in the last year, with what quality checks read."""
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    since = timezone.localdate() - timedelta(days=365)
    return (
        visible_enrollments(user)
        .filter(project=project)
        .filter(Q(exit__isnull=True) | Q(exit__exit_date__gte=since))
        .select_related("client", "project", "exit")
        .prefetch_related(*STAGE_RELATED.values(), "disabilities", "project__funders")
        .order_by("client__last_name", "client__first_name", "pk")
    )


def assessments(enrollment: Enrollment) -> list[Any]:
    """The stay's assessments by date and stage (from its income and benefits records, one per collection)."""
    return list(
        enrollment.income_benefits.alive()
        .order_by("-information_date", "-pk")
        .values("information_date", "data_collection_stage")
        .distinct()[:20]
    )


def bed_night_enrollment_ids(project: Any, night: Any) -> set[int]:
    from .models import Service

    return set(
        Service.objects.alive()
        .filter(enrollment__project=project, record_type=200, date_provided=night)
        .values_list("enrollment_id", flat=True)
    )
