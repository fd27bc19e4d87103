"""The live-database path: the exporter's output loaded into the report engine, and `hearth report` without --input."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from hearth.reports.engine import ReportParams, load_dataset, run_report
from hearth.reports.live import export_live, exports_dir, remove_export

START, END = date(2025, 10, 1), date(2026, 9, 30)


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    call_command("seed", clients=60, years=2, seed=3, verbosity=0)


def test_export_live_writes_a_folder_that_the_engine_loads(seeded):
    from hearth.clients.models import Client

    folder = export_live(acting_user=None, projects=None, start=START, end=END)
    try:
        assert folder.is_relative_to(exports_dir())
        ds = load_dataset(folder)
        personal_ids = {r[0] for r in ds.query("SELECT PersonalID FROM Client")}
        result = run_report(ds, ReportParams(start=START, end=END, coc="XX-500", report="apr"), only=["Q5a"])
    finally:
        remove_export(folder)
    assert not folder.exists(), "the export holds client data: it is removed after loading"
    assert personal_ids <= set(Client.objects.values_list("hud_id", flat=True))
    total = int(result.tables["Q5a"].value("B1"))
    assert total > 0
    assert set(result.tables["Q5a"].members("B1")) <= personal_ids


def test_export_live_keeps_to_the_projects_given(seeded):
    from hearth.directory.models import Project
    from hearth.enrollments.models import Enrollment

    project = Project.objects.filter(enrollments__isnull=False).order_by("pk").first()
    folder = export_live(acting_user=None, projects=[project], start=START, end=END)
    try:
        ds = load_dataset(folder)
        exported = {r[0] for r in ds.query("SELECT DISTINCT ProjectID FROM Enrollment")}
        clients = {r[0] for r in ds.query("SELECT PersonalID FROM Client")}
    finally:
        remove_export(folder)
    assert exported <= {project.hud_id}
    in_project = set(
        Enrollment.objects.filter(project=project, entry_date__lte=END).values_list("client__hud_id", flat=True)
    )
    assert clients <= in_project


def test_report_command_without_input_reads_the_live_database(seeded, tmp_path):
    out = io.StringIO()
    call_command("report", "spm", "--start", str(START), "--end", str(END), "--coc", "XX-500",
                 "--output", str(tmp_path / "spm.zip"), stdout=out)  # fmt: skip
    text = out.getvalue()
    assert "live database exported in" in text
    assert "load " in text and "report " in text
    with zipfile.ZipFile(tmp_path / "spm.zip") as zf:
        assert {"1a.csv", "7b.2.csv"} <= set(zf.namelist())
    assert not any(exports_dir().iterdir()), "no export folder is left behind"


def test_report_command_without_input_rejects_unknown_projects(seeded, tmp_path):
    with pytest.raises(CommandError, match="unknown project"):
        call_command("report", "spm", "--start", str(START), "--end", str(END), "--coc", "XX-500",
                     "--projects", "no-such-project", "--output", str(tmp_path / "spm"))  # fmt: skip
