"""Services of a stay: household enrollment (all or nothing, one head), exits, annual window, notes, bed nights."""

from __future__ import annotations

from datetime import date
from typing import Any

from hearth.clients.models import Client
from hearth.enrollments.models import Enrollment

RACE_FIELDS = (
    "am_ind_ak_native",
    "asian",
    "black_af_american",
    "hispanic_latinao",
    "mid_east_n_african",
    "native_hi_pacific",
    "white",
)


def make_client(owner: Any, first: str = "Ana", last: str = "Lopez", dob: date | None = date(1990, 4, 3), **kwargs):
    """A client owned by ``owner`` with complete universal elements."""
    values: dict[str, Any] = {
        "first_name": first,
        "last_name": last,
        "name_data_quality": 1,
        "ssn": "",
        "ssn_data_quality": 99,
        "dob": dob,
        "dob_data_quality": 1 if dob else 99,
        "veteran_status": 0,
        "owner_org": owner,
        **{name: 0 for name in RACE_FIELDS},
    }
    values["white"] = 1
    values.update(kwargs)
    return Client.objects.create(**values)


def make_enrollment(client: Client, project: Any, entry: date = date(2026, 1, 5), **kwargs) -> Enrollment:
    """A bare enrollment (head of household unless told otherwise), for page and selector tests."""
    values: dict[str, Any] = {
        "client": client,
        "project": project,
        "entry_date": entry,
        "household_id": kwargs.pop("household_id", f"hh{client.pk}"),
        "relationship_to_hoh": 1,
        "enrollment_coc": "XX-500",
        "disabling_condition": 0,
        "owner_org": project.organization,
    }
    values.update(kwargs)
    return Enrollment.objects.create(**values)


# --- household enrollment ---------------------------------------------------------------------------------------

import pytest  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402

from hearth.directory.models import Funder  # noqa: E402
from hearth.enrollments import services  # noqa: E402
from hearth.enrollments.models import Disability, Exit, HealthAndDV, IncomeBenefits, Service  # noqa: E402
from hearth.enrollments.services import Member  # noqa: E402

ENTRY = date(2026, 3, 2)


def add_funder(project, code: int, start: date = date(2020, 1, 1)) -> Funder:
    return Funder.objects.create(
        project=project, funder=code, grant_id="G-1", start_date=start, owner_org=project.owner_org
    )


def adult_start_answers(**extra) -> dict:
    """Complete 3.08/3.16/3.917A answers for an adult entering an emergency shelter (no funder)."""
    return {
        "enrollment__disabling_condition": 0,
        "enrollment__enrollment_coc": "XX-500",
        "enrollment__living_situation": 116,
        "enrollment__length_of_stay": 4,
        "enrollment__date_to_street_essh": date(2025, 1, 1),
        "enrollment__times_homeless_past_three_years": 1,
        "enrollment__months_homeless_past_three_years": 104,
        **extra,
    }


def esg_answers(**extra) -> dict:
    """4.02-4.11 answers for an adult in an ESG-funded shelter: no income, no benefits, insured, no disabilities."""
    answers = {
        "income__income_from_any_source": 0,
        "income__benefits_from_any_source": 0,
        "income__insurance_from_any_source": 1,
        "income__medicaid": 1,
        **{f"income__{name}": 0 for name in services.rules.INSURANCE_SOURCES if name != "medicaid"},
        "health__domestic_violence_survivor": 0,
        **{f"disability{t}__disability_response": 0 for t in (5, 6, 7, 8, 9, 10)},
    }
    answers.update(extra)
    return answers


def child_esg_answers() -> dict:
    answers = esg_answers()
    for key in (
        "income__income_from_any_source",
        "income__benefits_from_any_source",
        "health__domestic_violence_survivor",
    ):
        answers.pop(key)
    return {"enrollment__disabling_condition": 0, **answers}


@pytest.fixture
def family(personas):
    a = personas.agency_a
    return (
        make_client(a, "Maria", "Reyes", date(1988, 5, 1)),
        make_client(a, "Jose", "Reyes", date(1986, 2, 1)),
        make_client(a, "Lucia", "Reyes", date(2016, 9, 9)),
    )


def enroll_family(personas, family, **kwargs):
    mother, father, child = family
    members = [
        Member(mother, 1, adult_start_answers()),
        Member(father, 3, adult_start_answers()),
        Member(child, 2, {"enrollment__disabling_condition": 0}),
    ]
    return services.household_enroll(
        project=kwargs.pop("project", personas.project_a),
        members=members,
        entry_date=kwargs.pop("entry_date", ENTRY),
        acting_user=personas.alice,
        **kwargs,
    )


@pytest.mark.django_db
def test_household_enroll_creates_one_household(personas, family):
    stays = enroll_family(personas, family)
    assert len(stays) == 3
    assert len({s.household_id for s in stays}) == 1
    assert [s.relationship_to_hoh for s in stays] == [1, 3, 2]
    assert all(s.enrollment_coc == "XX-500" and s.created_by == personas.alice for s in stays)
    child = stays[2]
    assert child.living_situation is None  # 3.917 is asked of heads and adults only


@pytest.mark.django_db
def test_household_enroll_needs_exactly_one_head(personas, family):
    mother, father, _child = family
    members = [Member(mother, 1, adult_start_answers()), Member(father, 1, adult_start_answers())]
    with pytest.raises(ValidationError) as exc:
        services.household_enroll(
            project=personas.project_a, members=members, entry_date=ENTRY, acting_user=personas.alice
        )
    assert "3.15" in str(exc.value)
    members = [Member(mother, 3, adult_start_answers())]
    with pytest.raises(ValidationError):
        services.household_enroll(
            project=personas.project_a, members=members, entry_date=ENTRY, acting_user=personas.alice
        )
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_household_enroll_is_all_or_nothing(personas, family):
    add_funder(personas.project_a, 8)
    mother, father, child = family
    incomplete = esg_answers()
    del incomplete["income__income_from_any_source"]
    members = [
        Member(mother, 1, adult_start_answers(**esg_answers())),
        Member(father, 3, adult_start_answers(**incomplete)),
        Member(child, 2, child_esg_answers()),
    ]
    with pytest.raises(ValidationError) as exc:
        services.household_enroll(
            project=personas.project_a, members=members, entry_date=ENTRY, acting_user=personas.alice
        )
    errors = exc.value.message_dict
    assert list(errors) == ["1:income__income_from_any_source"]
    assert errors["1:income__income_from_any_source"][0].startswith("4.02:")
    assert not Enrollment.objects.exists() and not IncomeBenefits.objects.exists()

    members[1] = Member(father, 3, adult_start_answers(**esg_answers()))
    stays = services.household_enroll(
        project=personas.project_a, members=members, entry_date=ENTRY, acting_user=personas.alice
    )
    assert IncomeBenefits.objects.filter(data_collection_stage=1).count() == 3
    assert Disability.objects.filter(enrollment=stays[2]).count() == 6
    assert HealthAndDV.objects.filter(enrollment=stays[2]).count() == 0  # 4.11 is for heads and adults


@pytest.mark.django_db
def test_prior_living_situation_branch_not_taken_is_stored_blank(personas, family):
    psh = services.Enrollment  # noqa: F841 - keep names short below
    project = personas.project_b  # RRH, 3.917B
    mother = make_client(personas.agency_b, "Ana", "Diaz")
    answers = {
        "enrollment__disabling_condition": 0,
        "enrollment__enrollment_coc": "XX-500",
        "enrollment__living_situation": 410,
        "enrollment__length_of_stay": 5,
        "enrollment__date_to_street_essh": date(2025, 1, 1),  # not asked: a year housed is no break
    }
    (stay,) = services.household_enroll(
        project=project, members=[Member(mother, 1, answers)], entry_date=ENTRY, acting_user=personas.bob
    )
    assert stay.date_to_street_essh is None and stay.los_under_threshold == 0


@pytest.mark.django_db
def test_household_enroll_refuses_a_second_open_stay(personas, family):
    enroll_family(personas, family)
    with pytest.raises(ValidationError) as exc:
        enroll_family(personas, family, entry_date=date(2026, 4, 1))
    assert "already has a stay" in str(exc.value)


# --- exit -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_household_exit_exits_all_members(personas, family):
    stays = enroll_family(personas, family)
    exits = services.household_exit(
        enrollments=stays,
        exit_date=date(2026, 6, 1),
        acting_user=personas.alice,
        answers=[{"exit__destination": 410}] * 3,
    )
    assert len(exits) == 3
    assert Exit.objects.filter(exit_date=date(2026, 6, 1), destination=410).count() == 3


@pytest.mark.django_db
def test_head_cannot_exit_alone(personas, family):
    stays = enroll_family(personas, family)
    with pytest.raises(ValidationError) as exc:
        services.household_exit(
            enrollments=stays[:1],
            exit_date=date(2026, 6, 1),
            acting_user=personas.alice,
            answers=[{"exit__destination": 410}],
        )
    assert "3.15" in str(exc.value)
    services.household_exit(
        enrollments=stays[2:],
        exit_date=date(2026, 6, 1),
        acting_user=personas.alice,
        answers=[{"exit__destination": 422}],
    )
    assert Exit.objects.count() == 1


@pytest.mark.django_db
def test_exit_needs_destination_and_a_date_after_entry(personas, family):
    stays = enroll_family(personas, family)
    with pytest.raises(ValidationError) as exc:
        services.household_exit(
            enrollments=stays, exit_date=date(2026, 6, 1), acting_user=personas.alice, answers=[{}] * 3
        )
    assert set(exc.value.message_dict) == {"0:exit__destination", "1:exit__destination", "2:exit__destination"}
    with pytest.raises(ValidationError) as exc:
        services.household_exit(
            enrollments=stays,
            exit_date=date(2026, 1, 1),
            acting_user=personas.alice,
            answers=[{"exit__destination": 410}] * 3,
        )
    assert "3.11" in str(exc.value)
    assert not Exit.objects.exists()


# --- annual window ------------------------------------------------------------------------------------------------


def test_annual_windows_due_overdue_done():
    entry = date(2024, 3, 1)
    windows = services.annual_windows(head_entry=entry, today=date(2026, 2, 15), assessed_on=[date(2025, 2, 10)])
    assert [(w.anniversary, w.state) for w in windows] == [
        (date(2025, 3, 1), "done"),
        (date(2026, 3, 1), "due"),
        (date(2027, 3, 1), "upcoming"),
    ]
    assert windows[1].start == date(2026, 1, 30) and windows[1].end == date(2026, 3, 31)
    late = services.annual_windows(head_entry=entry, today=date(2025, 4, 1), assessed_on=[])
    assert late[0].state == "overdue" and late[-1].state == "upcoming"
    early = services.annual_windows(head_entry=entry, today=date(2025, 1, 29), assessed_on=[])
    assert [w.state for w in early] == ["upcoming"]
    assert services.annual_windows(head_entry=entry, today=date(2025, 1, 30), assessed_on=[])[0].state == "due"


@pytest.mark.django_db
def test_date_homeless_began_may_not_follow_entry(personas, family):
    mother = family[0]
    answers = adult_start_answers(**{"enrollment__date_to_street_essh": date(2026, 4, 1)})
    with pytest.raises(ValidationError) as exc:
        services.household_enroll(
            project=personas.project_a,
            members=[Member(mother, 1, answers)],
            entry_date=ENTRY,
            acting_user=personas.alice,
        )
    assert list(exc.value.message_dict) == ["0:enrollment__date_to_street_essh"]


@pytest.mark.django_db
def test_annual_assessment_must_fall_in_the_window(personas, family):
    add_funder(personas.project_a, 8)
    mother, father, child = family
    members = [
        Member(mother, 1, adult_start_answers(**esg_answers())),
        Member(father, 3, adult_start_answers(**esg_answers())),
        Member(child, 2, child_esg_answers()),
    ]
    entry = date(2025, 6, 1)
    stays = services.household_enroll(
        project=personas.project_a, members=members, entry_date=entry, acting_user=personas.alice
    )
    annual = [{k: v for k, v in esg_answers().items() if not k.startswith(("disability", "health"))}] * 2
    with pytest.raises(ValidationError) as exc:
        services.household_assess(
            enrollments=stays[:2],
            stage="annual_assessment",
            information_date=date(2026, 8, 1),
            acting_user=personas.alice,
            answers=annual,
        )
    assert "30 days" in str(exc.value)
    services.household_assess(
        enrollments=stays[:2],
        stage="annual_assessment",
        information_date=date(2026, 5, 20),
        acting_user=personas.alice,
        answers=annual,
    )
    assert IncomeBenefits.objects.filter(data_collection_stage=5).count() == 2
    status = services.annual_status(stays[0], today=date(2026, 6, 5))
    assert status is not None and status.state == "upcoming" and status.anniversary == date(2027, 6, 1)
    assert services.annual_status(stays[2], today=date(2026, 6, 5)).state == "due"


# --- bed nights, move-in ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bed_nights_for_a_whole_shelter_are_idempotent(personas):
    from hearth.core.testing import make_project

    shelter = make_project(personas.agency_a, "Night Shelter", project_type=1)
    stays = [
        make_enrollment(make_client(personas.agency_a, f"P{i}", "Guest"), shelter, entry=date(2026, 1, 1))
        for i in range(30)
    ]
    night = date(2026, 2, 1)
    ids = [s.pk for s in stays]
    assert services.bed_nights_record(project=shelter, night=night, enrollment_ids=ids, acting_user=personas.alice) == {
        "added": 30,
        "removed": 0,
        "kept": 0,
    }
    again = services.bed_nights_record(project=shelter, night=night, enrollment_ids=ids, acting_user=personas.alice)
    assert again == {"added": 0, "removed": 0, "kept": 30}
    fewer = services.bed_nights_record(project=shelter, night=night, enrollment_ids=ids[1:], acting_user=personas.alice)
    assert fewer["removed"] == 1
    assert Service.objects.alive().filter(record_type=200, date_provided=night).count() == 29
    with pytest.raises(ValidationError):
        services.bed_nights_record(
            project=personas.project_a, night=night, enrollment_ids=[], acting_user=personas.alice
        )


@pytest.mark.django_db
def test_move_in_only_for_housing_and_not_before_entry(personas):
    client = make_client(personas.agency_b)
    stay = make_enrollment(client, personas.project_b, entry=date(2026, 2, 1))  # RRH
    with pytest.raises(ValidationError) as exc:
        services.enrollment_move_in(enrollment=stay, move_in_date=date(2026, 1, 15), acting_user=personas.bob)
    assert "3.20" in str(exc.value)
    services.enrollment_move_in(enrollment=stay, move_in_date=date(2026, 3, 1), acting_user=personas.bob)
    stay.refresh_from_db()
    assert stay.move_in_date == date(2026, 3, 1)
    shelter_stay = make_enrollment(make_client(personas.agency_a), personas.project_a)
    with pytest.raises(ValidationError):
        services.enrollment_move_in(enrollment=shelter_stay, move_in_date=date(2026, 3, 1), acting_user=personas.alice)


@pytest.mark.django_db
def test_case_note_and_file(personas, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.HEARTH_FILES_DIR = str(tmp_path)
    stay = make_enrollment(make_client(personas.agency_a), personas.project_a)
    note = services.case_note_add(enrollment=stay, acting_user=personas.alice, note_date=date(2026, 3, 1), text=" Met ")
    assert note.text == "Met" and note.author == personas.alice
    upload = SimpleUploadedFile("id card.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    record = services.client_file_add(enrollment=stay, acting_user=personas.alice, upload=upload)
    path = services.client_file_path(record)
    assert path.read_bytes() == b"%PDF-1.4 test" and str(path).startswith(str(tmp_path))
    assert record.name == "id card.pdf" and record.stored_name not in ("id card.pdf",)
