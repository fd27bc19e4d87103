"""The table framework: counts with drill-down members, blank/ratio/sum cells, HUD's CSV, the Sage zip."""

import zipfile
from datetime import date

from hearth.reports.apr.registry import all_tables, question_order, tables_for
from hearth.reports.engine import (
    Blank,
    Column,
    Count,
    Ratio,
    ReportParams,
    Row,
    Sum,
    Table,
    load_dataset,
    run_report,
    to_csv,
)
from hearth.reports.tests.builders import client, enrollment, exit_row, project, write_export

PARAMS = ReportParams(start=date(2025, 10, 1), end=date(2026, 9, 30), coc="XX-500", project_ids=("P1",))


def dataset(tmp_path):
    return load_dataset(write_export(tmp_path / "x", {
        **project("P1", 2),
        "Client.csv": [client("A"), client("B"), client("K", "2015-01-01")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", "H1", 1),
                           enrollment("E2", "K", "P1", "2025-11-01", "H1", 2),
                           enrollment("E3", "B", "P1", "2025-11-01", "H2", 1)],
        "Exit.csv": [exit_row("E3", "B", "2026-01-01", 410)],
    }))  # fmt: skip


def test_cells_count_clients_and_keep_them(tmp_path):
    table = Table(
        "T1",
        header=["x", "Total", "Leavers", "Share"],
        rows=[Row("Adults", "c.is_adult"), Row("Children", "c.is_child"), Row("All"), Row("Sum")],
        columns=[Column("Total"), Column("Leavers", "c.is_leaver"), Column("Share")],
        cells={
            "D2": Ratio(numerator="C2", denominator="B2"),
            "D3": Blank(),
            "D4": Blank(value="0"),
            "B5": Sum(refs=("B2", "B3")),
            "C5": Count(where="c.is_hoh", with_row_and_column=False),
            "D5": Blank(),
        },  # fmt: skip
    )
    result = run_report(dataset(tmp_path), PARAMS, tables=[table]).tables["T1"]
    assert result.value("B2") == "2" and result.members("B2") == ["A", "B"]
    assert result.value("C2") == "1" and result.members("C2") == ["B"]
    assert result.value("B3") == "1" and result.members("B3") == ["K"]
    assert result.value("D2") == "0.5000"
    assert result.value("D3") == "" and result.value("D4") == "0"
    assert result.value("B5") == "3" and result.members("B5") == ["A", "B", "K"]
    assert result.value("C5") == "2"  # heads of household A and B
    lines = to_csv(result).split("\r\n")
    assert lines[0] == '"x","Total","Leavers","Share"'
    assert lines[1] == '"Adults","2","1","0.5000"'


def test_unquoted_tables_and_no_header(tmp_path):
    table = Table("T2", header=None, rows=[Row("1. All")], columns=[Column("")], quote_values=False)
    result = run_report(dataset(tmp_path), PARAMS, tables=[table]).tables["T2"]
    assert to_csv(result) == '"1. All",3\r\n'
    assert result.value("B1") == "3"


def test_the_report_writes_one_csv_per_table_zipped(tmp_path):
    result = run_report(dataset(tmp_path), PARAMS)
    archive = result.write(tmp_path / "out" / "apr.zip")
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        q7a = zf.read("Q7a.csv").decode()
    assert {"Q4a.csv", "Q5a.csv", "Q7a.csv", "Q11.csv"} <= names
    assert q7a.splitlines()[1] == '"a. Adults","2","1","1","0","0"'
    folder = result.write(tmp_path / "out" / "dir")
    assert (folder / "Q5a.csv").read_text().startswith('"1. Total number of persons served",3')


def test_the_registry_finds_the_tables_in_question_order():
    names = [t.name for t in tables_for("apr", "2022")]
    assert names[:3] == ["Q4a", "Q5a", "Q6a"]
    # Every question of the FY2022 APR shell that HUD's Data Lab kit checks (Q4a-Q27i, 69 tables).
    assert len(names) == 69
    assert names == sorted(names, key=question_order)
    assert question_order("Q9b") < question_order("Q13a1")
    assert len(set(names)) == len(names)
    # One table per name, report and layout: the FY2026 shell reuses question names.
    keys = [(t.name, r, s) for t in all_tables() for r in t.reports for s in t.specs]
    assert len(set(keys)) == len(keys)


def test_setup_statements_run_once_per_run(tmp_path):
    setup = ("CREATE OR REPLACE TABLE t_extra AS SELECT PersonalID, true AS flagged FROM client_detail "
             "WHERE PersonalID <> 'B'",)  # fmt: skip
    tables = [
        Table(f"T{i}", header=None, rows=[Row("flagged")], columns=[Column("")], setup=setup,
              universe="c.PersonalID IN (SELECT PersonalID FROM t_extra WHERE flagged)")
        for i in (1, 2)
    ]  # fmt: skip
    result = run_report(dataset(tmp_path), PARAMS, tables=tables)
    assert result.tables["T1"].members("B1") == ["A", "K"] == result.tables["T2"].members("B1")
