"""Report pages: who may run and see what, the drill-down through the client funnel, a run end to end (sync jobs)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from hearth.accounts.models import Membership, Role
from hearth.core.testing import make_client_record, make_enrollment_record, make_user
from hearth.reports.access import check_projects, visible_runs
from hearth.reports.models import ReportCell, ReportRun
from hearth.reports.services import report_run_start

START, END = date(2025, 10, 1), date(2026, 9, 30)


@pytest.fixture
def world(personas):
    """A run by dana over A's and B's projects and a run by erin (A's HMIS representative) over A's project, each
    with a cell counting a client of A and a client of B."""
    p = personas
    client_a = make_client_record(p.agency_a, first_name="Avery", last_name="Alpha")
    client_b = make_client_record(p.agency_b, first_name="Blake", last_name="Bravo")
    make_enrollment_record(client_a, p.project_a)
    make_enrollment_record(client_b, p.project_b)
    erin = make_user("erin", p.agency_a, Role.AGENCY_ADMIN)
    runs = {}
    for who, projects in ((p.dana, [p.project_a, p.project_b]), (erin, [p.project_a])):
        run = ReportRun.objects.create(report="apr", start=START, end=END, coc_code="XX-500", created_by=who,
                                       status=ReportRun.Status.DONE, project_hud_ids=[x.hud_id for x in projects],
                                       summary={"tables": [{"name": "Q5a", "title": "", "header": False, "rows": [
                                           [{"text": "Total", "ref": "", "th": "row"},
                                            {"text": "2", "ref": "B1", "th": ""}]]}]})  # fmt: skip
        run.projects.set(projects)
        ReportCell.objects.create(run=run, table="Q5a", ref="B1", personal_ids=[client_a.hud_id, client_b.hud_id])
        runs[who.username] = run
    return p, erin, runs, client_a, client_b


def run_urls(run):
    return [
        reverse("reports:detail", args=[run.pk]),
        reverse("reports:cell", args=[run.pk, "Q5a", "B1"]),
        reverse("reports:download", args=[run.pk]),
    ]


def test_it_checks_access(client, world):
    p, erin, runs, client_a, client_b = world
    dana_run, erin_run = runs["dana"], runs["erin"]
    index, start = reverse("reports:index"), reverse("reports:run")
    for url in [index, *run_urls(dana_run)]:
        assert client.get(url).status_code == 302  # anonymous: to the log-in page
    assert client.post(start).status_code == 302

    # Caseworkers run no reports and see no runs, not even a run over their own agency's project.
    for caseworker in (p.alice, p.bob, p.charlie):
        client.force_login(caseworker)
        page = client.get(index)
        assert page.status_code == 200 and page.context["form"] is None
        assert not list(page.context["page"])
        assert client.post(start, {"report": "apr"}).status_code == 403
        for url in run_urls(dana_run) + run_urls(erin_run):
            assert client.get(url).status_code == 404, (caseworker, url)
        nights = reverse("reports:nights", args=[dana_run.pk, client_a.pk])
        assert client.get(nights).status_code == 404

    # Erin (A's representative) sees her own run, not dana's.
    client.force_login(erin)
    assert [r.pk for r in client.get(index).context["page"]] == [erin_run.pk]
    assert client.get(reverse("reports:detail", args=[erin_run.pk])).status_code == 200
    for url in run_urls(dana_run):
        assert client.get(url).status_code == 404

    # Dana (HMIS lead) sees every run.
    client.force_login(p.dana)
    assert {r.pk for r in client.get(index).context["page"]} == {dana_run.pk, erin_run.pk}
    for run in (dana_run, erin_run):
        assert client.get(reverse("reports:detail", args=[run.pk])).status_code == 200
        assert client.get(reverse("reports:cell", args=[run.pk, "Q5a", "B1"])).status_code == 200
    # No result files were written for these hand-made runs: the download is a 404, not an error.
    assert client.get(reverse("reports:download", args=[dana_run.pk])).status_code == 404
    assert client.get(reverse("reports:nights", args=[dana_run.pk, client_a.pk])).status_code == 404  # not an SPM


def test_the_drill_down_shows_only_clients_the_user_may_see(client, world):
    p, erin, runs, client_a, client_b = world
    client.force_login(p.dana)
    page = client.get(reverse("reports:cell", args=[runs["dana"].pk, "Q5a", "B1"]))
    assert {c.pk for c in page.context["page"]} == {client_a.pk, client_b.pk}
    assert page.context["found"].hidden == 0

    # Erin's cell names a client of B, enrolled only in B's project: counted, never shown.
    client.force_login(erin)
    page = client.get(reverse("reports:cell", args=[runs["erin"].pk, "Q5a", "B1"]))
    body = page.content.decode()
    assert [c.pk for c in page.context["page"]] == [client_a.pk]
    assert "Avery" in body and "Blake" not in body and client_b.hud_id not in body
    assert page.context["found"].hidden == 1
    assert "1 client you may not see" in body

    # A reporting-only user sees no client-level data: every client is counted as hidden.
    rita = make_user("rita", p.agency_a, Role.REPORTING)
    ReportRun.objects.filter(pk=runs["erin"].pk).update(created_by=rita)
    client.force_login(rita)
    page = client.get(reverse("reports:cell", args=[runs["erin"].pk, "Q5a", "B1"]))
    assert list(page.context["page"]) == [] and page.context["found"].hidden == 2
    assert "Avery" not in page.content.decode()


def test_only_the_lead_reports_on_other_agencies_or_the_whole_coc(world, settings):
    p, erin, runs, *_ = world
    settings.HEARTH_JOBS_MODE = "sync"
    for user, projects in ((erin, [p.project_b]), (erin, []), (p.alice, [p.project_a])):
        with pytest.raises(PermissionDenied):
            check_projects(user, projects)
        with pytest.raises(PermissionDenied):
            report_run_start(acting_user=user, report="apr", spec="2022", start=START, end=END, coc_code="XX-500",
                             projects=projects)  # fmt: skip
    check_projects(erin, [p.project_a])
    check_projects(p.dana, [])


def test_the_form_offers_only_the_users_projects_and_rejects_others(client, world):
    p, erin, runs, *_ = world
    client.force_login(erin)
    form = client.get(reverse("reports:index")).context["form"]
    assert list(form.fields["projects"].queryset) == [p.project_a]
    response = client.post(reverse("reports:run"), {"report": "apr", "spec": "2022", "start": START, "end": END,
                                                     "coc_code": "XX-500", "projects": [p.project_b.pk]})  # fmt: skip
    assert response.status_code == 400
    assert "projects" in response.context["form"].errors
    response = client.post(reverse("reports:run"), {"report": "apr", "spec": "2022", "start": END, "end": START,
                                                     "coc_code": "XX-500"})  # fmt: skip
    assert response.status_code == 400 and "end" in response.context["form"].errors
    response = client.post(reverse("reports:run"), {"report": "apr", "spec": "2026", "start": START, "end": END,
                                                     "coc_code": "XX-500", "projects": [p.project_a.pk]})  # fmt: skip
    from hearth.reports.apr.registry import tables_for

    if not tables_for("apr", "2026"):  # no FY2026 APR tables yet: the form says so instead of an empty run
        assert response.status_code == 400 and "spec" in response.context["form"].errors
    assert ReportRun.objects.count() == 2


def test_a_run_made_by_someone_loses_visibility_when_their_role_ends(world):
    p, erin, runs, *_ = world
    assert list(visible_runs(erin)) == [runs["erin"]]
    Membership.objects.filter(user=erin).update(role=Role.CASEWORKER)
    assert not visible_runs(erin).exists()


@pytest.fixture
def seeded(personas, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.HEARTH_JOBS_MODE = "sync"
    call_command("seed", clients=40, years=2, seed=7, verbosity=0)
    return personas


@pytest.mark.slow
def test_an_apr_runs_end_to_end_and_its_cells_open_the_clients(client, seeded):
    from hearth.clients.models import Client

    client.force_login(seeded.dana)
    response = client.post(reverse("reports:run"), {"report": "apr", "spec": "2022", "start": START, "end": END,
                                                    "coc_code": "XX-500"})  # fmt: skip
    run = ReportRun.objects.get()
    assert run.status == "done", run.error
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[run.job_id])
    job_page = client.get(response["Location"])
    assert reverse("reports:detail", args=[run.pk]) in job_page.content.decode()

    detail = client.get(reverse("reports:detail", args=[run.pk]))
    body = detail.content.decode()
    assert 'data-table="Q5a"' in body and 'data-table="Q7a"' in body
    q5a = next(t for t in run.summary["tables"] if t["name"] == "Q5a")
    total = int(q5a["rows"][0][1]["text"])
    assert total > 0 and q5a["rows"][0][1]["ref"] == "B1"
    assert reverse("reports:cell", args=[run.pk, "Q5a", "B1"]) in body

    cell = client.get(reverse("reports:cell", args=[run.pk, "Q5a", "B1"]))
    ids = set(ReportCell.objects.get(run=run, table="Q5a", ref="B1").personal_ids)
    assert len(ids) == total
    shown = list(cell.context["page"].paginator.object_list)
    assert (
        {c.hud_id for c in shown} == ids == set(Client.objects.filter(hud_id__in=ids).values_list("hud_id", flat=True))
    )

    download = client.get(reverse("reports:download", args=[run.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert run.download_name in download["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as zf:
        names = set(zf.namelist())
        assert {"Q4a.csv", "Q5a.csv", "Q7a.csv", "Q23c.csv"} <= names
        assert all(name.startswith("Q") and name.endswith(".csv") for name in names)
        assert zf.read("Q5a.csv").decode().split("\r\n")[0].split(",")[1] == str(total)
    timing = run.summary["timing"]
    assert timing["export_seconds"] >= 0 and timing["report_seconds"] >= 0

    # Charlie (caseworker, agency C) sees nothing of dana's run.
    client.force_login(seeded.charlie)
    for url in run_urls(run):
        assert client.get(url).status_code == 404


@pytest.mark.slow
def test_an_spm_runs_end_to_end_with_hdx_files_and_measure_1_nights(client, seeded):
    from hearth.clients.models import Client

    client.force_login(seeded.dana)
    client.post(reverse("reports:run"), {"report": "spm", "spec": "2026", "start": START, "end": END,
                                         "coc_code": "XX-500"})  # fmt: skip
    run = ReportRun.objects.get()
    assert run.status == "done", run.error
    with zipfile.ZipFile(run.path / run.download_name) as zf:
        assert {"1a.csv", "1b.csv", "2.csv", "3.2.csv", "4.1.csv", "5.2.csv", "7a.1.csv", "7b.2.csv"} <= set(
            zf.namelist()
        )
    cells = ReportCell.objects.filter(run=run, table="1a")
    assert cells.exists()
    personal_id = cells.first().personal_ids[0]
    person = Client.objects.get(hud_id=personal_id)
    page = client.get(reverse("reports:nights", args=[run.pk, person.pk]))
    assert page.status_code == 200
    lines = page.context["lines"]
    assert [line["line"] for line in lines] == ["1a1", "1a2", "1b1", "1b2"]
    in_1a = [line for line in lines if line["line"] in ("1a1", "1a2") and line["in_universe"]]
    assert in_1a, "a client of a 1a count is in line 1a1 or 1a2"
    for line in in_1a:
        assert line["lot"] > 0 and any(stay["counted"] > 0 for stay in line["stays"])
