"""The canonical data model: one model per HMIS CSV FY2026 file, every column a field, HUD's rules enforced."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hearth import standards
from hearth.clients.models import Client
from hearth.core.testing import make_organization, make_project
from hearth.enrollments.models import Disability, Enrollment, Exit, Service

BASE_COLUMNS = {"DateCreated": "date_created", "DateUpdated": "date_updated", "DateDeleted": "date_deleted"}


def hud_models():
    return {m.HUD_FILE: m for m in apps.get_models() if getattr(m, "HUD_FILE", "")}


def test_there_is_one_model_for_each_fy2026_file():
    assert sorted(hud_models()) == sorted(standards.files("2026"))


@pytest.mark.parametrize("file_name", standards.files("2026"))
def test_every_csv_column_maps_to_a_field(file_name):
    model = hud_models()[file_name]
    names = {f.name for f in model._meta.get_fields()}
    for column in standards.layout(file_name):
        field = "hud_id" if column.is_id else BASE_COLUMNS.get(column.name, column.field_name)
        assert field in names, f"{file_name} column {column.name} has no field {field} on {model.__name__}"


@pytest.mark.parametrize("file_name", standards.files("2026"))
def test_coded_fields_offer_exactly_hud_codes(file_name):
    model = hud_models()[file_name]
    for column in standards.layout(file_name):
        codes = column.allowed_codes()
        if codes is None or column.is_id or column.field_name in {"client", "enrollment", "project"}:
            continue
        field = model._meta.get_field(column.field_name)
        assert sorted(str(c) for c, _ in field.flatchoices) == sorted(map(str, codes)), column.name


def make_client(**kwargs):
    values = dict(
        first_name="Ana",
        last_name="Lopez",
        name_data_quality=1,
        ssn_data_quality=99,
        dob=date(1990, 5, 1),
        dob_data_quality=1,
        sex=0,
        am_ind_ak_native=0,
        asian=0,
        black_af_american=0,
        hispanic_latinao=1,
        mid_east_n_african=0,
        native_hi_pacific=0,
        white=0,
        veteran_status=0,
    )
    values.update(kwargs)
    return Client(**values)


@pytest.fixture
def project(db):
    return make_project(make_organization("Agency A"), "A Shelter", project_type=0)


@pytest.fixture
def enrollment(project):
    client = make_client()
    client.save()
    return Enrollment.objects.create(
        client=client,
        project=project,
        entry_date=date(2026, 1, 10),
        household_id="h1",
        relationship_to_hoh=1,
        enrollment_coc="XX-500",
        disabling_condition=0,
        living_situation=101,
    )


@pytest.mark.django_db
def test_an_invalid_code_is_refused_naming_field_element_and_list():
    client = make_client(veteran_status=7)
    with pytest.raises(ValidationError) as error:
        client.full_clean()
    message = str(error.value.message_dict["veteran_status"])
    assert "Veteran status" in message and "3.07.1" in message and "1.8" in message


@pytest.mark.django_db
def test_a_missing_required_value_names_the_field_and_element():
    client = make_client(name_data_quality=None)
    with pytest.raises(ValidationError) as error:
        client.full_clean()
    assert "3.01.5" in str(error.value.message_dict["name_data_quality"])


@pytest.mark.django_db
def test_the_database_refuses_an_invalid_code_even_without_validation():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_client(sex=7).save()
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_a_prior_living_situation_outside_hud_subset_is_refused(enrollment):
    enrollment.living_situation = 312  # a destination-only code
    with pytest.raises(ValidationError) as error:
        enrollment.full_clean()
    assert "3.917.1" in str(error.value.message_dict["living_situation"])


@pytest.mark.django_db
def test_rental_subsidy_type_only_with_situation_435(enrollment):
    enrollment.rental_subsidy_type = 419
    with pytest.raises(ValidationError, match="435"):
        enrollment.full_clean()
    enrollment.living_situation = 435
    enrollment.full_clean()


@pytest.mark.django_db
def test_exit_before_entry_is_refused(enrollment):
    exit_ = Exit(
        enrollment=enrollment,
        client=enrollment.client,
        exit_date=enrollment.entry_date - timedelta(days=1),
        destination=101,
    )
    with pytest.raises(ValidationError) as error:
        exit_.full_clean()
    assert "3.11" in str(error.value.message_dict["exit_date"])


@pytest.mark.django_db
def test_one_exit_per_enrollment(enrollment):
    Exit.objects.create(enrollment=enrollment, client=enrollment.client, exit_date=date(2026, 2, 1), destination=101)
    with pytest.raises(IntegrityError), transaction.atomic():
        Exit.objects.create(
            enrollment=enrollment, client=enrollment.client, exit_date=date(2026, 3, 1), destination=101
        )
    assert Exit.objects.count() == 1


@pytest.mark.django_db
def test_move_in_before_entry_is_refused_by_validation_but_can_be_stored(enrollment):
    enrollment.move_in_date = enrollment.entry_date - timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        enrollment.full_clean()
    assert "Move in date" in str(error.value.message_dict["move_in_date"])
    # The database keeps what other systems send (HUD's own sample exports hold such dates): no constraint refuses it.
    enrollment.save()
    enrollment.refresh_from_db()
    assert enrollment.move_in_date < enrollment.entry_date


@pytest.mark.django_db
def test_project_end_before_start_is_refused_with_a_message(project):
    project.operating_end_date = project.operating_start_date - timedelta(days=1)
    with pytest.raises(ValidationError, match="operating_end_date"):
        project.full_clean()


@pytest.mark.django_db
def test_conditional_lists_are_checked_by_the_model(enrollment):
    kwargs = dict(
        enrollment=enrollment, client=enrollment.client, information_date=date(2026, 1, 10), data_collection_stage=1
    )
    Disability(disability_type=10, disability_response=2, **kwargs).full_clean()
    with pytest.raises(ValidationError, match="Disability Type is NOT 10"):
        Disability(disability_type=5, disability_response=2, **kwargs).full_clean()
    bed_night = Service(
        enrollment=enrollment,
        client=enrollment.client,
        date_provided=date(2026, 1, 11),
        record_type=200,
        type_provided=200,
    )
    bed_night.full_clean()
    bed_night.type_provided = 1
    with pytest.raises(ValidationError, match="RecordType = 200"):
        bed_night.full_clean()


@pytest.mark.django_db
def test_ids_are_unique_within_a_data_source_but_not_across_sources():
    from hearth.hudcsv.models import DataSource

    one, two = DataSource.objects.create(name="One"), DataSource.objects.create(name="Two")
    make_client(hud_id="1", data_source=one).save()
    make_client(hud_id="1", data_source=two).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_client(hud_id="1", data_source=one).save()
    assert Client.objects.count() == 2


@pytest.mark.django_db
def test_soft_deleted_records_are_left_out_of_alive():
    from django.utils import timezone

    make_client().save()
    make_client(date_deleted=timezone.now()).save()
    assert Client.objects.count() == 2
    assert Client.objects.alive().count() == 1


@pytest.mark.django_db
def test_full_clean_checks_codes_without_asking_the_database_per_constraint(enrollment, django_assert_max_num_queries):
    from hearth.enrollments.models import IncomeBenefits

    record = IncomeBenefits(
        enrollment=enrollment, client=enrollment.client, information_date=date(2026, 1, 10), data_collection_stage=1,
        income_from_any_source=0, benefits_from_any_source=0, insurance_from_any_source=0,
    )
    # A few queries for foreign keys and the unique IDs, not one per coded column (IncomeBenefits has ~60).
    with django_assert_max_num_queries(8):
        record.full_clean()
    record.earned = 5
    with pytest.raises(ValidationError, match="4.02"):
        record.full_clean()


@pytest.mark.django_db
def test_date_order_is_checked_in_python_with_plain_names(project):
    project.operating_end_date = project.operating_start_date - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "Operating end date" in str(error.value.message_dict["operating_end_date"])
