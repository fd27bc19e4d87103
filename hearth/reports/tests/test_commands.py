"""``hearth report`` and ``hearth conformance``: results, and clear errors with a non-zero status."""

import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hearth.reports.tests.builders import client, enrollment, project, write_export


@pytest.fixture
def export(tmp_path):
    return write_export(tmp_path / "export", {
        **project("P1", 3),
        "Client.csv": [client("A")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", MoveInDate="2025-12-01")],
    })  # fmt: skip


def report(*args):
    call_command("report", *args)


def test_it_writes_the_sage_zip_without_a_database(export, tmp_path, capsys):
    out = tmp_path / "apr.zip"
    report("apr", "--input", str(export), "--start", "2025-10-01", "--end", "2026-09-30", "--coc", "XX-500",
           "--projects", "P1", "--output", str(out))  # fmt: skip
    with zipfile.ZipFile(out) as zf:
        assert zf.read("Q5a.csv").decode().startswith('"1. Total number of persons served",1')
    assert "tables written" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2026-10-01", "--end", "2026-09-30"], "before it starts"),
        (["--start", "2025-10-01", "--end", "2026-09-31"], "--end must be a date"),
        (["--start", "2025-10-01", "--end", "2026-09-30", "--projects", "P1,P7"], "unknown project ID(s): P7"),
        (["--start", "2025-10-01", "--end", "2026-09-30", "--coc", "ZZ-999"], "CoC ZZ-999"),
    ],
)
def test_bad_parameters_are_clear_errors(export, tmp_path, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        report("apr", "--input", str(export), *args, "--output", str(tmp_path / "o"))


def test_bad_input_is_a_clear_error(export, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        report("caper", "--input", str(tmp_path / "missing"), "--start", "2025-10-01", "--end", "2026-09-30",
               "--output", str(tmp_path / "o"))  # fmt: skip
    (export / "Enrollment.csv").write_text((export / "Enrollment.csv").read_text().replace("2025-11-01", "11/1/25"))
    with pytest.raises(CommandError, match="Enrollment.csv line 2, column EntryDate"):
        report("apr", "--input", str(export), "--start", "2025-10-01", "--end", "2026-09-30",
               "--output", str(tmp_path / "o"))  # fmt: skip


def test_the_command_exits_non_zero(export, tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "hearth.cli", "report", "apr", "--input", str(export), "--start", "2026-10-01",
         "--end", "2026-09-30", "--output", str(tmp_path / "o")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode != 0
    assert "before it starts" in done.stderr
    assert "Traceback" not in done.stderr
