"""The HMIS CSV pages: who may import and export, the export download, and uploads through the real importer."""

from __future__ import annotations

import csv
import importlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth import standards
from hearth.accounts.models import HudUser, Membership, Role, User
from hearth.clients.models import Client
from hearth.core.testing import Personas, make_user
from hearth.directory.models import Organization, Project
from hearth.enrollments.models import Enrollment
from hearth.hudcsv.exporter import export_csv
from hearth.hudcsv.jobs import upload_folder
from hearth.hudcsv.models import Export
from hearth.jobs.models import Job

from .test_exporter import enroll, make_client

FILES = standards.files("2026")


@dataclass
class World:
    p: Personas
    rep_a: User  # agency A's HMIS representative
    rep_b: User  # agency B's HMIS representative
    reporter: User  # reporting only, agency A


@pytest.fixture
def world(personas) -> World:
    return World(
        p=personas,
        rep_a=make_user("rita", personas.agency_a, Role.AGENCY_ADMIN),
        rep_b=make_user("ravi", personas.agency_b, Role.AGENCY_ADMIN),
        reporter=make_user("rose", personas.agency_a, Role.REPORTING),
    )


def people(world: World) -> None:
    """One client with a stay in each agency's project."""
    p = world.p
    worker = HudUser.for_login(p.alice)  # every record names who entered it (UserID is required)
    Organization.objects.update(hud_user=worker)
    Project.objects.update(hud_user=worker)
    enroll(make_client(p.agency_a, "Ada", "Alvarez", hud_user=worker), p.project_a, date(2026, 2, 1), hud_user=worker)
    enroll(make_client(p.agency_b, "Ben", "Brooks", hud_user=worker), p.project_b, date(2026, 3, 1), hud_user=worker)


def make_import(user: User, status: str = "imported", **report) -> Export:
    """An import's saved record, as the importer leaves it (for the access tests, which need no upload)."""
    now = timezone.now()
    return Export.objects.create(
        direction=Export.Direction.IMPORT,
        created_by=user,
        source_type=1,
        source_name="Other HMIS",
        export_date=now,
        export_start_date=date(2026, 1, 1),
        export_end_date=date(2026, 6, 30),
        software_name="Other",
        implementation_id="other",
        export_period_type=3,
        export_directive=2,
        hash_status=1,
        report={
            "spec_year": "2026",
            "status": status,
            "counts": {},
            "error_count": 0,
            "warning_count": 0,
            "errors": [],
            "warnings": [],
            **report,
        },
    )


def get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def read_zip(content: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))
            for name in archive.namelist()
        }


def column(table: list[list[str]], name: str) -> list[str]:
    """One column's values, below the header."""
    i = table[0].index(name)
    return [row[i] for row in table[1:]]


def importer_or_skip():
    """The importer is written alongside these pages; its tests skip, saying why, until it is there."""
    try:
        module = importlib.import_module("hearth.hudcsv.importer")
    except ImportError:
        pytest.skip("hearth/hudcsv/importer.py (import_export) does not exist yet")
    if not hasattr(module, "import_export"):
        pytest.skip("hearth.hudcsv.importer has no import_export yet")
    return module


# --- access ----------------------------------------------------------------------------------------------------------

PAGES = ["imports", "import_upload", "import_detail", "exports", "export_download"]


@pytest.mark.parametrize("page", PAGES)
def test_it_checks_access(client, world, page):
    p = world.p
    own = make_import(world.rep_a)
    args = [own.pk] if page == "import_detail" else []
    url = reverse(f"hudcsv:{page}", args=args)

    anonymous = get(client, None, url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("accounts:login"))

    for user in (p.alice, p.charlie, world.reporter):
        assert get(client, user, url).status_code == 403

    assert get(client, world.rep_a, url).status_code == 200
    assert get(client, p.dana, url).status_code == 200
    if page == "import_detail":
        # Another agency's representative: the same 404 as a missing import.
        assert get(client, world.rep_b, url).status_code == 404
        assert get(client, world.rep_a, reverse("hudcsv:import_detail", args=[own.pk + 1000])).status_code == 404
    else:
        assert get(client, world.rep_b, url).status_code == 200


def test_lists_show_the_lead_everything_and_a_representative_their_own(client, world):
    make_import(world.rep_a, source_name="x")
    make_import(world.rep_b, status="failed")
    client.force_login(world.rep_a)
    page = client.get(reverse("hudcsv:imports")).content.decode()
    assert "Rita" in page and "Ravi" not in page
    client.force_login(world.p.dana)
    page = client.get(reverse("hudcsv:imports")).content.decode()
    assert "Rita" in page and "Ravi" in page and "Failed" in page


def test_posts_are_refused_like_gets(client, world):
    client.force_login(world.p.alice)
    assert client.post(reverse("hudcsv:export_download"), {}).status_code == 403
    upload = io.BytesIO(b"PK")
    upload.name = "x.zip"
    assert client.post(reverse("hudcsv:import_upload"), {"file": upload}).status_code == 403
    assert not Export.objects.exists()


# --- export ----------------------------------------------------------------------------------------------------------


def test_the_lead_downloads_a_zip_of_the_24_files_with_huds_headers(client, world):
    people(world)
    client.force_login(world.p.dana)
    response = client.post(reverse("hudcsv:export_download"), {"start": "2026-01-01", "end": "2026-06-30"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    name = f"hmis_csv_fy2026_{timezone.localdate():%Y-%m-%d}.zip"
    assert f'attachment; filename="{name}"' == response["Content-Disposition"]
    tables = read_zip(b"".join(response.streaming_content))
    assert sorted(tables) == sorted(FILES) and len(tables) == 24
    for file in FILES:
        assert tables[file][0] == standards.header(file, "2026"), file
    assert set(column(tables["Client.csv"], "FirstName")) == {"Ada", "Ben"}

    export = Export.objects.get(direction=Export.Direction.EXPORT)
    assert export.created_by == world.p.dana
    assert export.report["scope"]["start"] == "2026-01-01"
    page = client.get(reverse("hudcsv:exports")).content.decode()
    assert "2026-01-01" in page and "Dana" in page


def test_a_representative_exports_only_their_agency_and_may_hash(client, world):
    people(world)
    client.force_login(world.rep_a)
    form = client.get(reverse("hudcsv:export_download")).content.decode()
    assert "A Emergency Shelter" in form and "B Rapid Rehousing" not in form

    response = client.post(reverse("hudcsv:export_download"), {"hash_pii": "on"})
    tables = read_zip(b"".join(response.streaming_content))
    clients = tables["Client.csv"]
    assert len(clients) == 2  # header and Ada only
    first_names = column(clients, "FirstName")
    assert first_names[0] != "Ada" and len(first_names[0]) == 64  # SHA-256 of the Soundex code
    assert column(tables["Project.csv"], "ProjectName") == ["A Emergency Shelter"]
    assert Export.objects.get().report["scope"]["organization_ids"] == [world.p.agency_a.pk]


def test_a_representative_cannot_choose_another_agencys_project(client, world):
    client.force_login(world.rep_a)
    response = client.post(reverse("hudcsv:export_download"), {"projects": [world.p.project_b.pk]})
    assert response.status_code == 200
    assert "usa-error-message" in response.content.decode()
    assert not Export.objects.exists()


def test_an_end_before_the_start_is_shown_next_to_the_field_with_the_input_kept(client, world):
    client.force_login(world.p.dana)
    response = client.post(
        reverse("hudcsv:export_download"), {"start": "2026-06-30", "end": "2026-01-01", "hash_pii": "on"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end date cannot be before the start date." in page
    assert 'id="id_end_error"' in page and 'aria-describedby="id_end_error"' in page
    assert 'value="2026-06-30"' in page and 'value="2026-01-01"' in page
    assert re.search(r'<input type="checkbox" name="hash_pii"[^>]* checked', page)
    assert not Export.objects.exists()


# --- import ----------------------------------------------------------------------------------------------------------


def test_a_file_that_is_not_a_zip_is_refused_next_to_the_field(client, world):
    client.force_login(world.rep_a)
    upload = io.BytesIO(b"PersonalID,FirstName\n1,Ada\n")
    upload.name = "Client.csv"
    response = client.post(reverse("hudcsv:import_upload"), {"file": upload})
    assert response.status_code == 200
    assert "Choose a .zip file of HMIS CSV files." in response.content.decode()
    assert not Export.objects.exists()


def test_the_report_page_shows_counts_and_errors_first(client, world):
    batch = make_import(
        world.rep_a,
        status="failed",
        error_count=1,
        warning_count=1,
        counts={"Client.csv": {"read": 3, "created": 0, "updated": 0, "unchanged": 0, "deleted": 0}},
        warnings=[
            {
                "file": "Enrollment.csv",
                "line": 4,
                "column": "UserID",
                "value": "u9",
                "rule": "reference",
                "message": "Unknown user",
                "severity": "warning",
            }
        ],
        errors=[
            {
                "file": "Client.csv",
                "line": 2,
                "column": "VeteranStatus",
                "value": "7",
                "rule": "code-list",
                "message": "Not in list 1.8",
                "severity": "error",
            }
        ],
    )
    client.force_login(world.rep_a)
    page = client.get(reverse("hudcsv:import_detail", args=[batch.pk])).content.decode()
    assert "usa-alert--error" in page and "Nothing was saved" in page
    assert "VeteranStatus" in page and "Not in list 1.8" in page
    assert page.index("Not in list 1.8") < page.index("Unknown user")


def write_export(tmp_path: Path, world: World) -> Path:
    """A tiny real FY2026 export of agency A (made by the exporter), as a .zip."""
    people(world)
    out = tmp_path / "upload.zip"
    export_csv(output=out, acting_user=world.p.dana, organization_ids=[world.p.agency_a.pk])
    return out


def rezip(source: Path, target: Path, change) -> Path:
    """Copy a zip, passing each file's text through ``change(name, text)``."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, change(name, src.read(name).decode("utf-8")))
    return target


def upload(client, path: Path, **data):
    """Upload an export: the page starts an import job and goes to the job's page, which links to the report."""
    with path.open("rb") as handle:
        response = client.post(reverse("hudcsv:import_upload"), {"file": handle, **data})
    assert response.status_code == 302
    job = Job.objects.order_by("-pk").first()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.kind == "hudcsv.import", job.error
    page = client.get(response.url).content.decode()
    assert f'href="{job.result["url"]}"' in page
    assert not any(upload_folder().glob("*/upload.zip"))  # the job removed the uploaded file
    return SimpleNamespace(status_code=302, url=job.result["url"])


def test_uploading_a_real_export_imports_it_and_shows_the_report(client, world, tmp_path):
    importer_or_skip()
    path = write_export(tmp_path, world)
    client.force_login(world.p.dana)
    response = upload(client, path)
    batch = Export.objects.filter(direction=Export.Direction.IMPORT).get()
    assert response.status_code == 302
    assert response.url == reverse("hudcsv:import_detail", args=[batch.pk])
    assert batch.report["status"] == "imported", batch.report.get("errors")
    page = client.get(response.url).content.decode()
    assert "Imported" in page and "Client.csv" in page
    assert "FY2026" in page
    listing = client.get(reverse("hudcsv:imports")).content.decode()
    assert reverse("hudcsv:import_detail", args=[batch.pk]) in listing


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Organization, Project, Client, Enrollment))


def test_a_representative_imports_a_new_source_into_their_own_agency_and_a_dry_run_saves_nothing(
    client, world, tmp_path
):
    importer_or_skip()
    path = write_export(tmp_path, world)

    # Rita (agency A) brings in a source Hearth has never seen: it becomes agency A's, the export's record of
    # agency A is attached to agency A (no new organization), and its projects and clients are agency A's.
    client.force_login(world.rep_a)
    organizations = Organization.objects.count()
    response = upload(client, path)
    batch = Export.objects.filter(direction=Export.Direction.IMPORT).get()
    assert response.url == reverse("hudcsv:import_detail", args=[batch.pk])
    assert batch.report["status"] == "imported", batch.report.get("errors")
    assert batch.data_source.organization == world.p.agency_a
    assert Organization.objects.count() == organizations
    imported_projects = Project.objects.filter(data_source=batch.data_source)
    assert imported_projects.exists() and {p.organization for p in imported_projects} == {world.p.agency_a}
    assert set(Client.objects.filter(data_source=batch.data_source).values_list("owner_org", flat=True)) == {
        world.p.agency_a.pk
    }
    assert "Imported" in client.get(response.url).content.decode()

    # Ravi (agency B) uploads the same export: his own source, where agency A's rows are refused, clearly.
    client.force_login(world.rep_b)
    before = counts()
    response = upload(client, path)
    page = client.get(response.url).content.decode()
    assert "Failed" in page and "not_your_organization" in page and "the organization this data source" in page
    assert counts() == before

    # Rita's dry run of the same export again: no error, nothing saved.
    client.force_login(world.rep_a)
    response = upload(client, path, dry_run="on")
    batch = Export.objects.filter(direction=Export.Direction.IMPORT).first()  # newest first
    assert response.url == reverse("hudcsv:import_detail", args=[batch.pk])
    assert batch.report["status"] == "dry-run", batch.report.get("errors")
    assert counts() == before
    page = client.get(response.url).content.decode()
    assert "Checked (dry run)" in page and "No errors were found" in page
    # Rita's own uploads are listed for her, Ravi's are not.
    listing = client.get(reverse("hudcsv:imports")).content.decode()
    mine = Export.objects.filter(direction=Export.Direction.IMPORT, created_by=world.rep_a)
    assert {int(pk) for pk in re.findall(r'href="/csv/imports/(\d+)/"', listing)} == {b.pk for b in mine}
    assert mine.count() == 2


def test_a_representative_of_several_agencies_chooses_the_new_sources_agency(client, world, tmp_path):
    importer_or_skip()
    path = write_export(tmp_path, world)
    Membership.objects.create(user=world.rep_a, organization=world.p.agency_b, role=Role.AGENCY_ADMIN)
    client.force_login(world.rep_a)
    page = client.get(reverse("hudcsv:import_upload")).content.decode()
    assert 'name="organization"' in page
    with path.open("rb") as handle:
        response = client.post(reverse("hudcsv:import_upload"), {"file": handle})
    assert response.status_code == 200 and not Job.objects.exists()  # the choice is required
    response = upload(client, path, organization=world.p.agency_a.pk)
    assert Export.objects.get(direction=Export.Direction.IMPORT).data_source.organization == world.p.agency_a


def test_a_broken_upload_shows_its_errors_and_leaves_the_database_unchanged(client, world, tmp_path):
    importer_or_skip()
    good = write_export(tmp_path, world)

    def bad_veteran_status(name: str, text: str) -> str:
        if name != "Client.csv":
            return text
        rows = list(csv.reader(io.StringIO(text, newline="")))
        column = rows[0].index("VeteranStatus")
        rows[1][column] = "7"  # not in list 1.8
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue()

    bad = rezip(good, tmp_path / "bad.zip", bad_veteran_status)
    before = (
        Client.objects.count(),
        Enrollment.objects.count(),
        list(Client.objects.order_by("pk").values_list("veteran_status", flat=True)),
    )
    client.force_login(world.p.dana)
    response = upload(client, bad)
    assert response.status_code == 302
    batch = Export.objects.filter(direction=Export.Direction.IMPORT).get()
    assert batch.report["status"] == "failed"
    assert batch.report["error_count"] >= 1
    page = client.get(response.url).content.decode()
    assert "Failed" in page and "VeteranStatus" in page and "Client.csv" in page
    after = (
        Client.objects.count(),
        Enrollment.objects.count(),
        list(Client.objects.order_by("pk").values_list("veteran_status", flat=True)),
    )
    assert after == before
