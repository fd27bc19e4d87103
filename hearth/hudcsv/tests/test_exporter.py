"""The HMIS CSV FY2026 exporter: HUD's headers and formats, references by HMIS ID, scope, hashing, the command."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from hearth import standards
from hearth.accounts.models import HudUser, Role
from hearth.clients.models import Client
from hearth.core.models import AuditEvent
from hearth.core.testing import Personas, make_user
from hearth.enrollments.models import Enrollment, Exit, IncomeBenefits, Service
from hearth.hudcsv.exporter import SYSTEM_USER_ID, export_csv, hash_name, hash_ssn, soundex
from hearth.hudcsv.models import Export
from hearth.hudcsv.reader import read_export

FILES = standards.files("2026")
PERIOD = {"start": date(2026, 1, 1), "end": date(2026, 6, 30)}
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def read_folder(folder: Path) -> dict[str, list[dict[str, str]]]:
    out = {}
    for file in FILES:
        with open(folder / file, encoding="utf-8", newline="") as handle:
            out[file] = list(csv.reader(handle))
    return out


def read_zip(path: Path) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(path) as archive:
        return {
            file: list(csv.reader(io.StringIO(archive.read(file).decode("utf-8"), newline="")))
            for file in archive.namelist()
        }


def records(table: list[list[str]]) -> list[dict[str, str]]:
    header, *body = table
    return [dict(zip(header, row, strict=True)) for row in body]


def by_id(table: list[list[str]]) -> dict[str, dict[str, str]]:
    return {row[table[0][0]]: row for row in records(table)}


def make_client(owner, first: str, last: str, **kwargs) -> Client:
    values = dict(
        first_name=first,
        last_name=last,
        name_data_quality=1,
        ssn="",
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
        owner_org=owner,
    )
    values.update(kwargs)
    return Client.objects.create(**values)


def enroll(client, project, entry: date, exit_date: date | None = None, **kwargs) -> Enrollment:
    enrollment = Enrollment.objects.create(
        client=client,
        project=project,
        owner_org=project.organization,
        entry_date=entry,
        household_id=f"h-{client.hud_id[:8]}",
        relationship_to_hoh=1,
        enrollment_coc="XX-500",
        disabling_condition=0,
        living_situation=101,
        **kwargs,
    )
    if exit_date:
        Exit.objects.create(
            enrollment=enrollment,
            client=client,
            exit_date=exit_date,
            destination=101,
            owner_org=project.organization,
            hud_user=kwargs.get("hud_user"),
        )
    return enrollment


@dataclass
class Population:
    p: Personas
    worker: HudUser
    robert: Client  # agency A, stay in 2025 only: outside the period
    ana: Client  # agency A, entered in the period, still enrolled
    bo: Client  # agency B, entered before the period, left during it
    cy: Client  # agency B, entered after the period
    gone: Client  # soft-deleted
    stay_before: Enrollment
    stay_in: Enrollment
    stay_across: Enrollment
    stay_after: Enrollment
    income: IncomeBenefits


@pytest.fixture
def population(personas) -> Population:
    p = personas
    worker = HudUser.objects.create(
        user_first_name="Wanda", user_last_name="Worker", user_email="w@example.org", owner_org=p.agency_a
    )
    created = datetime(2026, 1, 15, 3, 4, 5, tzinfo=UTC)  # 22:04:05 on Jan 14 in New York
    robert = make_client(
        p.agency_a,
        "Robert",
        "Rupert",
        ssn="123456789",
        ssn_data_quality=1,
        name_suffix="Jr",
        date_created=created,
        date_updated=created,
        hud_user=worker,
    )
    ana = make_client(p.agency_a, "Ana", "Lopez", middle_name="Maria", ssn="xxxxx6789", ssn_data_quality=2)
    bo = make_client(p.agency_b, "Bo", "Baker")
    cy = make_client(p.agency_b, "Cy", "Chen")
    gone = make_client(p.agency_a, "Gone", "Away", date_deleted=datetime(2026, 2, 1, tzinfo=UTC))
    stay_before = enroll(robert, p.project_a, date(2025, 1, 10), date(2025, 3, 1), hud_user=worker)
    stay_in = enroll(ana, p.project_a, date(2026, 2, 1), hud_user=worker)
    stay_across = enroll(bo, p.project_b, date(2025, 12, 1), date(2026, 1, 15))
    stay_after = enroll(cy, p.project_b, date(2026, 7, 5))
    enroll(ana, p.project_a, date(2026, 3, 1), date_deleted=datetime(2026, 3, 2, tzinfo=UTC))
    income = IncomeBenefits.objects.create(
        enrollment=stay_in,
        client=ana,
        information_date=date(2026, 2, 1),
        data_collection_stage=1,
        income_from_any_source=1,
        total_monthly_income=Decimal("1234.5"),
        earned=1,
        earned_amount=Decimal("1234.5"),
        hud_user=worker,
    )
    # Records of an included enrollment are exported whatever their own date.
    Service.objects.create(
        enrollment=stay_across, client=bo, date_provided=date(2025, 12, 2), record_type=200, type_provided=200
    )
    Service.objects.create(
        enrollment=stay_before, client=robert, date_provided=date(2025, 1, 11), record_type=200, type_provided=200
    )
    return Population(p, worker, robert, ana, bo, cy, gone, stay_before, stay_in, stay_across, stay_after, income)


@pytest.mark.django_db
def test_a_full_export_writes_all_24_files_with_hud_headers(population, tmp_path):
    export = export_csv(output=tmp_path / "out", acting_user=population.p.dana)
    tables = read_folder(tmp_path / "out")
    assert sorted(tables) == sorted(FILES)
    for file in FILES:
        assert tables[file][0] == standards.header(file), file
    enrollment_ids = {row["EnrollmentID"] for row in records(tables["Enrollment.csv"])}
    assert enrollment_ids == {
        e.hud_id for e in (population.stay_before, population.stay_in, population.stay_across, population.stay_after)
    }
    clients = by_id(tables["Client.csv"])
    assert population.gone.hud_id not in clients  # soft-deleted records are not part of a full refresh
    assert len(clients) == 4
    assert export.report["counts"]["Enrollment.csv"] == 4
    for file in FILES:
        if file != "Export.csv":
            assert {row["ExportID"] for row in records(tables[file])} <= {export.hud_id}


@pytest.mark.django_db
def test_values_are_formatted_as_hud_specifies(population, tmp_path, settings):
    settings.TIME_ZONE = "America/New_York"
    export_csv(output=tmp_path / "out")
    tables = read_folder(tmp_path / "out")
    robert = by_id(tables["Client.csv"])[population.robert.hud_id]
    assert robert["DateCreated"] == "2026-01-14 22:04:05"  # the CoC's local time
    assert robert["DOB"] == "1990-05-01"
    assert robert["DateDeleted"] == "" and robert["RaceNone"] == "" and robert["YearEnteredService"] == ""
    assert robert["NameSuffix"] == "Jr" and robert["SSN"] == "123456789" and robert["VeteranStatus"] == "0"
    income = by_id(tables["IncomeBenefits.csv"])[population.income.hud_id]
    assert income["TotalMonthlyIncome"] == "1234.50" and income["EarnedAmount"] == "1234.50"
    assert income["UnemploymentAmount"] == ""
    assert income["InformationDate"] == "2026-02-01"
    for file in FILES:
        for column in standards.layout(file):
            if column.type == "T":
                for row in records(tables[file]):
                    assert re.fullmatch(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)?", row[column.name]), (file, column.name)


@pytest.mark.django_db
def test_references_carry_the_related_records_hmis_ids(population, tmp_path):
    export_csv(output=tmp_path / "out")
    tables = read_folder(tmp_path / "out")
    p = population
    stay = by_id(tables["Enrollment.csv"])[p.stay_in.hud_id]
    assert stay["PersonalID"] == p.ana.hud_id and stay["ProjectID"] == p.p.project_a.hud_id
    assert stay["UserID"] == p.worker.hud_id
    income = by_id(tables["IncomeBenefits.csv"])[p.income.hud_id]
    assert income["EnrollmentID"] == p.stay_in.hud_id and income["PersonalID"] == p.ana.hud_id
    exit_row = by_id(tables["Exit.csv"])[p.stay_before.exit.hud_id]
    assert exit_row["EnrollmentID"] == p.stay_before.hud_id
    project = by_id(tables["Project.csv"])[p.p.project_a.hud_id]
    assert project["OrganizationID"] == p.p.agency_a.hud_id
    users = by_id(tables["User.csv"])
    assert p.worker.hud_id in users and users[p.worker.hud_id]["UserFirstName"] == "Wanda"
    named = {
        row["UserID"]
        for file in FILES
        if file not in ("Export.csv", "User.csv")
        for row in records(tables[file])
        if row["UserID"]
    }
    assert named <= set(users)


@pytest.mark.django_db
def test_a_deleted_user_still_named_by_a_record_is_exported(population, tmp_path, settings):
    settings.TIME_ZONE = "America/New_York"
    p = population
    former = HudUser.objects.create(user_first_name="Former", date_deleted=datetime(2026, 1, 1, tzinfo=UTC))
    unused = HudUser.objects.create(user_first_name="Unused", date_deleted=datetime(2026, 1, 1, tzinfo=UTC))
    Client.objects.filter(pk=p.bo.pk).update(hud_user=former)
    for output, options in (("full", {}), ("period", PERIOD)):
        export_csv(output=tmp_path / output, **options)
        users = by_id(read_folder(tmp_path / output)["User.csv"])
        assert former.hud_id in users and unused.hud_id not in users
        assert users[former.hud_id]["DateDeleted"] == "2025-12-31 19:00:00"


@pytest.mark.django_db
def test_a_record_without_an_hmis_user_names_its_creator_or_the_system_user(population, tmp_path):
    """UserID is required (FY2026) and must resolve: an export of records with no hud_user re-imports cleanly."""
    p = population
    assert not HudUser.objects.filter(login=p.p.alice).exists()
    Client.objects.filter(pk=p.cy.pk).update(hud_user=None, created_by=p.p.alice)
    Client.objects.filter(pk=p.bo.pk).update(hud_user=None, created_by=None)
    for output, options in (("full", {}), ("project", {"project_ids": [p.p.project_b.pk]})):
        export_csv(output=tmp_path / output, **options)
        tables = read_folder(tmp_path / output)
        users = by_id(tables["User.csv"])
        clients = by_id(tables["Client.csv"])
        alice = HudUser.objects.get(login=p.p.alice)  # made from the login by HudUser.for_login
        assert clients[p.cy.hud_id]["UserID"] == alice.hud_id
        assert clients[p.bo.hud_id]["UserID"] == SYSTEM_USER_ID
        assert users[SYSTEM_USER_ID]["UserFirstName"] == "Hearth"
        assert users[SYSTEM_USER_ID]["UserLastName"] == "System"
        for file in FILES:
            if file not in ("Export.csv", "User.csv"):
                named = {row["UserID"] for row in records(tables[file])}
                assert "" not in named and named <= set(users), file
        result = read_export(tmp_path / output)
        assert result.error_count == 0, [str(issue) for issue in result.errors]
    # Both exports reuse the same records.
    assert HudUser.objects.filter(hud_id=SYSTEM_USER_ID).count() == 1
    assert HudUser.objects.filter(login=p.p.alice).count() == 1
    system = HudUser.objects.get(hud_id=SYSTEM_USER_ID)
    assert system.login is None and system.data_source is None


@pytest.mark.django_db
def test_a_period_export_keeps_enrollments_overlapping_it_with_all_their_records(population, tmp_path):
    p = population
    export = export_csv(output=tmp_path / "period.zip", **PERIOD)
    tables = read_zip(tmp_path / "period.zip")
    assert sorted(tables) == sorted(FILES)
    assert set(by_id(tables["Enrollment.csv"])) == {p.stay_in.hud_id, p.stay_across.hud_id}
    assert set(by_id(tables["Client.csv"])) == {p.ana.hud_id, p.bo.hud_id}
    services = records(tables["Services.csv"])
    assert [s["EnrollmentID"] for s in services] == [p.stay_across.hud_id]
    assert services[0]["DateProvided"] == "2025-12-02"  # before the period, but its enrollment is in it
    assert set(by_id(tables["Exit.csv"])) == {p.stay_across.exit.hud_id}
    row = records(tables["Export.csv"])[0]
    assert (row["ExportStartDate"], row["ExportEndDate"], row["ExportPeriodType"]) == ("2026-01-01", "2026-06-30", "3")
    assert export.export_period_type == 3
    assert not (tmp_path / "period.zip.part").exists()


@pytest.mark.django_db
def test_a_project_export_keeps_that_project_only(population, tmp_path):
    p = population
    export_csv(output=tmp_path / "out", project_ids=[p.p.project_b.pk])
    tables = read_folder(tmp_path / "out")
    assert set(by_id(tables["Project.csv"])) == {p.p.project_b.hud_id}
    assert set(by_id(tables["Organization.csv"])) == {p.p.agency_b.hud_id}
    assert set(by_id(tables["Enrollment.csv"])) == {p.stay_across.hud_id, p.stay_after.hud_id}
    assert set(by_id(tables["Client.csv"])) == {p.bo.hud_id, p.cy.hud_id}


@pytest.mark.django_db
def test_an_agency_export_hides_other_agencies_clients(population, tmp_path):
    p = population
    erin = make_user("erin", p.p.agency_a, Role.AGENCY_ADMIN)
    export = export_csv(output=tmp_path / "out", acting_user=erin)
    tables = read_folder(tmp_path / "out")
    assert set(by_id(tables["Client.csv"])) == {p.robert.hud_id, p.ana.hud_id}
    assert set(by_id(tables["Project.csv"])) == {p.p.project_a.hud_id}
    assert {row["ProjectID"] for row in records(tables["Enrollment.csv"])} == {p.p.project_a.hud_id}
    assert "Baker" not in (tmp_path / "out" / "Client.csv").read_text()
    assert export.report["scope"]["organization_ids"] == [p.p.agency_a.pk]
    with pytest.raises(PermissionDenied):
        export_csv(output=tmp_path / "other", acting_user=erin, organization_ids=[p.p.agency_b.pk])
    with pytest.raises(PermissionDenied):
        export_csv(output=tmp_path / "alice", acting_user=p.p.alice)  # a caseworker is no agency representative


@pytest.mark.django_db
def test_the_lead_may_export_one_agency(population, tmp_path):
    p = population
    export_csv(output=tmp_path / "out", acting_user=p.p.dana, organization_ids=[p.p.agency_b.pk])
    tables = read_folder(tmp_path / "out")
    assert set(by_id(tables["Client.csv"])) == {p.bo.hud_id, p.cy.hud_id}


def test_soundex_and_hashes_follow_hud():
    assert [soundex(n) for n in ("Robert", "Rupert", "Ashcraft", "Tymczak", "Pfister", "Lee", "José")] == [
        "R163",
        "R163",
        "A261",
        "T522",
        "P236",
        "L000",
        "J200",
    ]
    assert hash_name("robert") == hashlib.sha256(b"R163").hexdigest()
    assert hash_ssn("123456789") == "6789" + hashlib.sha256(b"123456789").hexdigest()
    assert hash_ssn("XXXXX6789") == "6789" + hashlib.sha256(b"xxxxx6789").hexdigest()
    assert hash_name("") == "" and hash_ssn("") == ""


@pytest.mark.django_db
def test_a_hashed_export_hashes_names_and_ssn(population, tmp_path):
    p = population
    plain = export_csv(output=tmp_path / "plain")
    hashed = export_csv(output=tmp_path / "hashed.zip", hash_pii=True)
    assert (plain.hash_status, hashed.hash_status) == (1, 4)
    plain_clients = by_id(read_folder(tmp_path / "plain")["Client.csv"])
    tables = read_zip(tmp_path / "hashed.zip")
    assert records(tables["Export.csv"])[0]["HashStatus"] == "4"
    clients = by_id(tables["Client.csv"])
    robert, ana = clients[p.robert.hud_id], clients[p.ana.hud_id]
    for row in (robert, ana):
        assert HEX64.match(row["FirstName"]) and HEX64.match(row["LastName"])
        assert row["SSN"][:4] == "6789" and HEX64.match(row["SSN"][4:])  # HUD: last four unhashed, then the hash
    assert HEX64.match(ana["MiddleName"]) and robert["MiddleName"] == ""
    assert robert["FirstName"] == hashlib.sha256(b"R163").hexdigest()
    assert robert["LastName"] == robert["FirstName"]  # Robert and Rupert share the Soundex code R163
    assert robert["SSN"] != plain_clients[p.robert.hud_id]["SSN"]
    assert robert["FirstName"] != plain_clients[p.robert.hud_id]["FirstName"]
    assert robert["NameSuffix"] == "Jr"  # HUD hashes FirstName, MiddleName, LastName and SSN, and no others
    assert robert["DOB"] == plain_clients[p.robert.hud_id]["DOB"]


@pytest.mark.django_db
def test_export_csv_describes_the_export_and_is_recorded_and_audited(population, tmp_path, settings):
    settings.HEARTH_COC_CODE = "XX-501"
    p = population
    dana = p.p.dana
    dana.last_name, dana.email = "Director", "dana@example.org"
    dana.save()
    export = export_csv(output=tmp_path / "out", acting_user=dana)
    row = records(read_folder(tmp_path / "out")["Export.csv"])
    assert len(row) == 1
    row = row[0]
    assert row["ExportID"] == export.hud_id
    assert (row["SourceType"], row["SourceID"], row["CSVVersion"], row["SoftwareName"]) == (
        "1",
        "XX-501",
        "2026",
        "Hearth",
    )
    assert row["SourceContactFirst"] == "Dana" and row["SourceContactLast"] == "Director"
    assert row["SourceContactEmail"] == "dana@example.org"
    assert row["SoftwareVersion"] and row["ImplementationID"] and row["SourceName"]
    assert (row["ExportPeriodType"], row["ExportDirective"], row["HashStatus"]) == ("4", "2", "1")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row["ExportDate"])
    assert row["ExportStartDate"] == "2025-01-10"  # the first entry date when no period is given
    saved = Export.objects.get(hud_id=export.hud_id)
    assert saved.direction == "export" and saved.created_by == dana
    assert saved.report["counts"]["Client.csv"] == 4
    event = AuditEvent.objects.get(action="export", object_id=str(saved.pk))
    assert event.user == dana and event.object_type == "hudcsv.Export"
    assert event.detail["rows"] == sum(saved.report["counts"].values())


@pytest.mark.django_db
def test_copy_and_the_python_writer_give_the_same_bytes(population, tmp_path):
    """On PostgreSQL files leave through COPY; the portable writer must match it (on SQLite both are the writer)."""
    fast = export_csv(output=tmp_path / "fast", use_copy=True)
    slow = export_csv(output=tmp_path / "slow", use_copy=False)
    for file in FILES:
        if file == "Export.csv":
            continue
        a = (tmp_path / "fast" / file).read_bytes().replace(fast.hud_id.encode(), b"EXPORT")
        b = (tmp_path / "slow" / file).read_bytes().replace(slow.hud_id.encode(), b"EXPORT")
        assert a == b, file
        assert b"\r\n" not in a and b'""' not in a


@pytest.mark.django_db
def test_end_before_start_is_refused(tmp_path):
    with pytest.raises(ValueError, match="before"):
        export_csv(output=tmp_path / "x", start=date(2026, 2, 1), end=date(2026, 1, 1))


@pytest.mark.django_db
def test_the_command_exports_and_prints_a_summary(population, tmp_path):
    out = io.StringIO()
    call_command(
        "export_csv",
        output=str(tmp_path / "cmd.zip"),
        start="2026-01-01",
        end="2026-06-30",
        projects=population.p.project_a.hud_id,
        hash=True,
        stdout=out,
    )
    text = out.getvalue()
    assert "Enrollment.csv" in text and "rows/s" in text
    tables = read_zip(tmp_path / "cmd.zip")
    assert set(by_id(tables["Enrollment.csv"])) == {population.stay_in.hud_id}
    assert records(tables["Export.csv"])[0]["HashStatus"] == "4"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"start": "2026-02-01", "end": "2026-01-01"}, "before --start"),
        ({"start": "01/02/2026"}, "not a date"),
        ({"projects": "no-such-project"}, "Unknown project ID"),
    ],
)
def test_the_command_refuses_bad_input(personas, tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_csv", output=str(tmp_path / "x"), **options)


@pytest.mark.django_db
def test_the_command_exits_non_zero_with_the_message(personas, tmp_path, capsys):
    from django.core.management import ManagementUtility

    utility = ManagementUtility(
        ["hearth", "export_csv", "--output", str(tmp_path / "x"), "--start", "2026-02-01", "--end", "2026-01-01"]
    )
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code != 0
    assert "before --start" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_seeded_population_exports_with_consistent_references(tmp_path):
    try:
        call_command("seed", clients=50, seed=1, verbosity=0)
    except Exception as error:  # the generator belongs to another change; don't fail the exporter for it
        pytest.skip(f"hearth seed is not usable here: {error}")
    export_csv(output=tmp_path / "seeded.zip")
    tables = read_zip(tmp_path / "seeded.zip")
    enrollments = set(by_id(tables["Enrollment.csv"]))
    clients = set(by_id(tables["Client.csv"]))
    projects = set(by_id(tables["Project.csv"]))
    users = set(by_id(tables["User.csv"]))
    assert enrollments and clients
    for row in records(tables["Enrollment.csv"]):
        assert row["PersonalID"] in clients and row["ProjectID"] in projects
    for file in ("Exit.csv", "IncomeBenefits.csv", "Services.csv", "Disabilities.csv"):
        for row in records(tables[file]):
            assert row["EnrollmentID"] in enrollments and row["PersonalID"] in clients
    for file in FILES:
        if file not in ("Export.csv", "User.csv"):
            assert {row["UserID"] for row in records(tables[file]) if row["UserID"]} <= users, file
