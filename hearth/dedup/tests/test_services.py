from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from hearth.clients.models import Client
from hearth.core.models import AuditEvent
from hearth.dedup.models import ClientKey, Merge
from hearth.dedup.services import (
    MERGED,
    SURVIVOR,
    client_merge,
    client_references,
    client_unmerge,
    merged_client_ids,
    resolve_client_id,
)
from hearth.enrollments.models import CaseNote, Enrollment

from .factories import make_client, make_enrollment, make_note


def dump(*client_ids):
    """Every field of both clients and of every row, in any model, that references them."""
    out = {
        ("clients.Client", c.pk): model_to_dict(c, fields=[f.name for f in c._meta.concrete_fields])
        for c in Client._base_manager.filter(pk__in=client_ids)
    }
    for model, fk in client_references():
        for row in model._base_manager.filter(**{f"{fk.attname}__in": client_ids}):
            out[(model._meta.label, row.pk)] = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
    return out


@pytest.fixture
def pair(personas):
    survivor = make_client("Ana", "Lopez", date(1990, 4, 3), owner_org=personas.agency_a, ssn="234567891")
    merged = make_client(
        "Anna", "Lopes", date(1990, 3, 4), owner_org=personas.agency_b, veteran_status=1, sex=0, white=0, asian=1
    )
    e1 = make_enrollment(merged, personas.project_b, date(2025, 2, 1))
    e2 = make_enrollment(merged, personas.project_a, date(2026, 2, 1))
    make_note(e1, personas.bob)
    make_enrollment(survivor, personas.project_a, date(2024, 5, 1))
    return survivor, merged, (e1, e2)


def test_references_are_found_generically():
    labels = {(m._meta.label, f.name) for m, f in client_references()}
    assert ("enrollments.Enrollment", "client") in labels
    assert ("enrollments.CaseNote", "client") in labels
    assert not any(label.startswith("dedup.") or label == "core.AuditEvent" for label, _f in labels)


def test_merge_then_unmerge_round_trips_exactly(personas, pair):
    survivor, merged, _ = pair
    before = dump(survivor.pk, merged.pk)
    merge = client_merge(
        survivor=survivor,
        merged=merged,
        field_choices={"dob": MERGED, "veteran": MERGED, "race": MERGED, "name": SURVIVOR},
        acting_user=personas.dana,
    )
    survivor.refresh_from_db()
    merged = Client._base_manager.get(pk=merged.pk)
    assert merged.date_deleted is not None
    assert survivor.dob == date(1990, 3, 4) and survivor.veteran_status == 1 and survivor.asian == 1
    assert survivor.first_name == "Ana" and survivor.ssn == "234567891"
    assert Enrollment.objects.filter(client=survivor).count() == 3
    assert CaseNote.objects.filter(client=survivor).count() == 1
    assert not Enrollment.objects.filter(client_id=merged.pk).exists()
    assert resolve_client_id(merged.pk) == survivor.pk and resolve_client_id(survivor.pk) == survivor.pk
    assert merged_client_ids(survivor.pk) == {merged.pk}
    assert not ClientKey.objects.filter(client_id=merged.pk).exists()
    assert AuditEvent.objects.filter(client_id=merged.pk, detail__event="merge").exists()
    assert before != dump(survivor.pk, merged.pk)

    client_unmerge(merge=merge, acting_user=personas.dana)
    assert dump(survivor.pk, merged.pk) == before
    assert resolve_client_id(merged.pk) == merged.pk
    assert ClientKey.objects.filter(client_id=merged.pk).exists()
    assert AuditEvent.objects.filter(client_id=survivor.pk, detail__event="unmerge").exists()
    with pytest.raises(ValidationError):
        client_unmerge(merge=Merge.objects.get(pk=merge.pk), acting_user=personas.dana)


def test_unmerge_after_later_edits_keeps_them(personas, pair):
    survivor, merged, (e1, e2) = pair
    merge = client_merge(
        survivor=survivor, merged=merged, field_choices={"dob": MERGED, "veteran": MERGED}, acting_user=personas.dana
    )
    # later, unrelated and related edits
    moved = Enrollment.objects.get(pk=e1.pk)
    moved.household_id = "edited-after-merge"
    moved.save()
    survivor.refresh_from_db()
    survivor.veteran_status = 0  # re-edited a field the merge had changed
    survivor.middle_name = "Maria"  # an unrelated field
    survivor.save()
    added_later = make_enrollment(survivor, personas.project_b, date(2026, 6, 1))

    client_unmerge(merge=merge, acting_user=personas.dana)
    survivor.refresh_from_db()
    assert survivor.dob == date(1990, 4, 3)  # the merge's change is undone
    assert survivor.veteran_status == 0 and survivor.middle_name == "Maria"  # later edits stay
    moved.refresh_from_db()
    assert moved.client_id == merged.pk and moved.household_id == "edited-after-merge"
    assert Enrollment.objects.get(pk=e2.pk).client_id == merged.pk
    assert Enrollment.objects.get(pk=added_later.pk).client_id == survivor.pk
    assert Merge.objects.get(pk=merge.pk).undo_notes["kept_later_edits"] == ["veteran_status"]


def test_merge_chains_resolve_and_unmerge_in_order(personas, pair):
    survivor, merged, _ = pair
    third = make_client("Ana", "Lopez-Diaz", date(1990, 4, 3), owner_org=personas.agency_a)
    first = client_merge(survivor=survivor, merged=merged, field_choices={}, acting_user=personas.dana)
    second = client_merge(survivor=third, merged=survivor, field_choices={}, acting_user=personas.dana)
    assert resolve_client_id(merged.pk) == third.pk
    assert merged_client_ids(third.pk) == {survivor.pk, merged.pk}
    with pytest.raises(ValidationError):
        client_unmerge(merge=first, acting_user=personas.dana)
    client_unmerge(merge=second, acting_user=personas.dana)
    client_unmerge(merge=first, acting_user=personas.dana)
    assert Enrollment.objects.filter(client_id=merged.pk).count() == 2


def test_merge_rules(personas, pair):
    survivor, merged, _ = pair
    with pytest.raises(PermissionDenied):
        client_merge(survivor=survivor, merged=merged, field_choices={}, acting_user=personas.alice)
    with pytest.raises(ValidationError):
        client_merge(survivor=survivor, merged=survivor, field_choices={}, acting_user=personas.dana)
    with pytest.raises(ValidationError):
        client_merge(survivor=survivor, merged=merged, field_choices={"nope": MERGED}, acting_user=personas.dana)
    client_merge(survivor=survivor, merged=merged, field_choices={}, acting_user=personas.dana)
    with pytest.raises(ValidationError):  # already merged away
        client_merge(survivor=survivor, merged=merged, field_choices={}, acting_user=personas.dana)
    assert apps.get_model("dedup", "Merge").objects.count() == 1
