"""SPM measures on tiny hand-made datasets (report period 2025-10-01..2026-09-30, FY2026 codes), and the kit."""

from datetime import date

import pytest

from hearth.reports import conformance
from hearth.reports.engine import ParameterError, ReportParams, load_dataset, to_csv
from hearth.reports.spm import explain_nights, run_spm
from hearth.reports.tests.builders import bed_night, client, enrollment, exit_row, project, write_export

START, END = date(2025, 10, 1), date(2026, 9, 30)


def projects(*pairs):
    files: dict = {"Organization.csv": [], "Project.csv": [], "ProjectCoC.csv": []}
    for pid, ptype in pairs:
        for name, rows in project(pid, ptype).items():
            if name == "Organization.csv" and files[name]:
                continue
            files[name] += rows
    return files


def spm(tmp_path, files, *pairs, spec="2026"):
    ds = load_dataset(write_export(tmp_path / "x", {**projects(*pairs), **files}))
    result = run_spm(ds, ReportParams(start=START, end=END, coc="XX-500", spec=spec, report="spm"))
    return ds, result


def lot(ds, line):
    return dict(ds.query("SELECT PersonalID, lot FROM m1_lot WHERE line = ?", [line]))


def test_shelter_nights_exclude_the_exit_day_and_are_negated_by_housed_ph(tmp_path):
    ds, result = spm(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C")],
        "Enrollment.csv": [
            # A: shelter 2026-01-01..2026-01-31 (30 nights); moved into PSH on 2026-01-21: 10 nights negated.
            enrollment("E1", "A", "ES", "2026-01-01"),
            enrollment("E2", "A", "PSH", "2026-01-10", MoveInDate="2026-01-21"),
            # B: shelter nights all negated by PSH housing: out of the measure.
            enrollment("E3", "B", "PSH", "2025-01-01", MoveInDate="2025-01-01"),
            enrollment("E4", "B", "ES", "2026-02-01"),
            # C: entered and exited the same day: no night.
            enrollment("E5", "C", "ES", "2026-03-01"),
        ],
        "Exit.csv": [exit_row("E1", "A", "2026-01-31"), exit_row("E4", "B", "2026-02-10"),
                     exit_row("E5", "C", "2026-03-01")],
    }, ("ES", 0), ("PSH", 3))  # fmt: skip
    assert lot(ds, "1a1") == {"A": 20}
    assert result.tables["1a"].value("C2") == "1"
    assert result.tables["1a"].members("C2") == ["A"]
    why = explain_nights(ds, "A", line="1a1")
    shelter = next(s for s in why["stays"] if s["EnrollmentID"] == "E1")
    assert (shelter["nights"], shelter["counted"], shelter["negated"]) == (30, 20, 10)
    housed = next(s for s in why["stays"] if s["kind"] == "housed")
    assert housed["negates"] == 10
    assert explain_nights(ds, "B", line="1a1")["in_universe"] is False


def test_th_negates_shelter_in_line_1_but_counts_in_line_2(tmp_path):
    ds, _ = spm(tmp_path, {
        "Client.csv": [client("A")],
        "Enrollment.csv": [enrollment("E1", "A", "ES", "2026-03-01"), enrollment("E2", "A", "TH", "2026-03-11")],
        "Exit.csv": [exit_row("E1", "A", "2026-03-21"), exit_row("E2", "A", "2026-04-01")],
    }, ("ES", 0), ("TH", 2))  # fmt: skip
    assert lot(ds, "1a1") == {"A": 10}  # 03-01..03-10; TH from 03-11 negates the rest
    assert lot(ds, "1a2") == {"A": 31}  # 03-01..03-31, each night once


def test_walk_backwards_adds_contiguous_nights_before_the_client_start_date(tmp_path):
    ds, _ = spm(tmp_path, {
        "Client.csv": [client("A"), client("B")],
        "Enrollment.csv": [
            # A: one long stay 2024-06-01..2026-06-30: every night is contiguous (760 nights).
            enrollment("E1", "A", "ES", "2024-06-01"),
            # B: client end 2025-10-30, start 2024-10-30; an old stay ending months before the start: not counted.
            enrollment("E2", "B", "ES", "2024-01-01"), enrollment("E3", "B", "ES", "2025-06-03"),
        ],
        "Exit.csv": [exit_row("E1", "A", "2026-07-01"), exit_row("E2", "B", "2024-06-01"),
                     exit_row("E3", "B", "2025-10-31")],
    }, ("ES", 0))  # fmt: skip
    assert lot(ds, "1a1") == {"A": (date(2026, 7, 1) - date(2024, 6, 1)).days, "B": 150}


def test_1b_adds_3917_nights_and_ph_time_before_move_in(tmp_path):
    ds, _ = spm(tmp_path, {
        "Client.csv": [client("A"), client("B")],
        "Enrollment.csv": [
            # A: shelter from 2026-02-01, homeless since 2026-01-02 (3.917): 30 more nights (01-02..01-31) in 1b.
            enrollment("E1", "A", "ES", "2026-02-01", DateToStreetESSH="2026-01-02"),
            # B: RRH from the street 2026-05-01, moved in 2026-05-21: 20 nights homeless in 1b only.
            enrollment("E2", "B", "RRH", "2026-05-01", MoveInDate="2026-05-21"),
        ],
        "Exit.csv": [exit_row("E1", "A", "2026-02-11")],
    }, ("ES", 0), ("RRH", 13))  # fmt: skip
    assert lot(ds, "1a1") == {"A": 10}
    assert lot(ds, "1b1") == {"A": 40, "B": 20}  # A: 01-02..02-10, the entry night counted once


def test_nbn_shelter_counts_bed_nights(tmp_path):
    ds, result = spm(tmp_path, {
        "Client.csv": [client("A")],
        "Enrollment.csv": [enrollment("E1", "A", "NBN", "2026-01-01")],
        "Services.csv": [bed_night(f"S{i}", "E1", "A", f"2026-01-{i:02d}") for i in (1, 2, 5, 9)],
    }, ("NBN", 1))  # fmt: skip
    assert lot(ds, "1a1") == {"A": 4}
    assert result.tables["3.2"].value("C3") == "1"


@pytest.mark.parametrize(("spec", "b_return"), [("2022", None), ("2026", 10)])
def test_returns_to_homelessness_after_an_exit_to_permanent_housing(tmp_path, spec, b_return):
    # FY2022 layout (spec v3): a TH entry within 14 days of the exit is not a return; FY2026: every TH entry is.
    ds, result = spm(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C"), client("D")],
        "Enrollment.csv": [
            enrollment("E1", "A", "ES", "2023-10-01"),   # exit to PH 2024-01-10; shelter again 2024-03-01 (51 d)
            enrollment("E2", "A", "ES", "2024-03-01"),
            enrollment("E3", "B", "TH", "2023-10-01"),   # exit to PH 2024-02-01; TH 10 days later
            enrollment("E4", "B", "TH", "2024-02-11"),
            enrollment("E5", "C", "SO", "2023-10-01"),   # exit to PH; PSH 499 days later: a return (366-730)
            enrollment("E6", "C", "PSH", "2025-06-14"),
            enrollment("E7", "D", "ES", "2023-10-01"),   # exit to a temporary destination: not in the measure
        ],
        "Exit.csv": [exit_row("E1", "A", "2024-01-10", 410), exit_row("E3", "B", "2024-02-01", 411),
                     exit_row("E5", "C", "2024-02-01", 435, DestinationSubsidyType=419),
                     exit_row("E7", "D", "2024-02-01", 312)],
    }, ("ES", 0), ("TH", 2), ("SO", 4), ("PSH", 3), spec=spec)  # fmt: skip
    rows = {r[0]: r[1:] for r in ds.query("SELECT PersonalID, grp, days_to_return FROM m2")}
    assert rows == {"A": ("es", 51), "B": ("th", b_return), "C": ("so", 499)}
    t = result.tables["2"]
    returns_0_180 = 1 if b_return is None else 2
    assert (t.value("B7"), t.value("C7"), t.value("G7"), t.value("I7")) == (
        "3", str(returns_0_180), "1", str(returns_0_180 + 1))  # fmt: skip
    assert t.value("J7") == ("66.67%" if b_return is None else "100.00%")
    assert t.members("C7") == (["A"] if b_return is None else ["A", "B"])


def test_first_time_homeless_looks_back_24_months(tmp_path):
    _, result = spm(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C")],
        "Enrollment.csv": [
            enrollment("E1", "A", "ES", "2026-03-01"),  # first time
            enrollment("E2", "B", "PSH", "2024-01-01"),  # PSH stay until 2024-06-01: within 24 months of 2026-03-01
            enrollment("E3", "B", "ES", "2026-03-01"),
            enrollment("E4", "C", "TH", "2020-01-01"),  # exited 2021: more than 24 months before
            enrollment("E5", "C", "TH", "2026-03-01"),
        ],
        "Exit.csv": [exit_row("E2", "B", "2024-06-01"), exit_row("E4", "C", "2021-01-01")],
    }, ("ES", 0), ("TH", 2), ("PSH", 3))  # fmt: skip
    t = result.tables["5.1"]
    assert (t.value("C2"), t.value("C3"), t.value("C4")) == ("3", "1", "2")
    assert t.members("C3") == ["B"]
    assert t.members("C4") == ["A", "C"]


def test_exits_to_permanent_housing_and_retention(tmp_path):
    _, result = spm(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C"), client("D"), client("E")],
        "Enrollment.csv": [
            enrollment("E1", "A", "SO", "2025-11-01"), enrollment("E2", "B", "SO", "2025-11-01"),
            enrollment("E3", "C", "SO", "2025-11-01"),  # exits and comes back: not a leaver
            enrollment("E4", "C", "SO", "2026-05-01"),
            enrollment("E5", "D", "PSH", "2025-01-01", MoveInDate="2025-02-01"),   # PSH stayer housed
            enrollment("E6", "E", "PSH", "2025-01-01", MoveInDate="2025-02-01"),   # PSH leaver to a rental
        ],
        "Exit.csv": [exit_row("E1", "A", "2026-01-01", 410), exit_row("E2", "B", "2026-01-01", 24),
                     exit_row("E3", "C", "2026-02-01", 116), exit_row("E6", "E", "2026-03-01", 411)],
    }, ("SO", 4), ("PSH", 3))  # fmt: skip
    t = result.tables["7a.1"]
    assert (t.value("C2"), t.value("C4"), t.value("C5")) == ("1", "1", "100.00%")  # deceased B left out
    assert result.tables["7b.2"].members("C3") == ["D", "E"]
    assert result.tables["7b.1"].value("C2") == "0"  # E moved in: 7b.2, not 7b.1


def test_output_files_and_unknown_coc(tmp_path):
    ds, result = spm(
        tmp_path,
        {"Client.csv": [client("A")], "Enrollment.csv": [enrollment("E1", "A", "ES", "2026-01-01")]},
        ("ES", 0),
    )
    names = {f"{n}.csv" for n in result.tables}
    assert names == {"1a.csv", "1b.csv", "2.csv", "3.2.csv", "4.1.csv", "4.2.csv", "4.3.csv", "4.4.csv", "4.5.csv",
                     "4.6.csv", "5.1.csv", "5.2.csv", "7a.1.csv", "7b.1.csv", "7b.2.csv"}  # fmt: skip
    assert to_csv(result.tables["3.2"]).splitlines()[1].split(",")[2] == '"1"'
    with pytest.raises(ParameterError):
        run_spm(ds, ReportParams(start=START, end=END, coc="ZZ-999", report="spm"))


def test_report_command_writes_the_spm(tmp_path):
    from django.core.management import call_command

    folder = write_export(
        tmp_path / "x",
        {
            **projects(("ES", 0)),
            "Client.csv": [client("A")],
            "Enrollment.csv": [enrollment("E1", "A", "ES", "2026-01-01")],
        },
    )
    call_command("report", "spm", "--input", str(folder), "--start", "2025-10-01", "--end", "2026-09-30",
                 "--coc", "XX-500", "--spec", "2026", "--output", str(tmp_path / "out"))  # fmt: skip
    assert (tmp_path / "out" / "7b.2.csv").exists()
    assert '"1"' in (tmp_path / "out" / "1a.csv").read_text()


# ---- HUD Data Lab kit -----------------------------------------------------------------------------------------

kit = pytest.mark.skipif(not conformance.kit_present(), reason="HUD test kit not found (set HEARTH_TESTKITS)")


@pytest.fixture(scope="module")
def kit_dataset():
    return load_dataset(conformance.kit_path() / "inputs" / "merged")


@kit
@pytest.mark.slow
def test_spm_matches_the_kit_outside_green_rivers_list(kit_dataset):
    result = conformance.run_spm_kit(dataset=kit_dataset)
    assert result.compared == 104 and not result.not_implemented
    assert not result.differences, "\n".join(conformance.format_results([result]))
    # What differs is only what Green River's list names (our file explains each of those cells).
    assert all(conformance.gr_covers("spm", conformance.SPM_RUN, d.table, d.cell) for d in result.known)
    ours = [(table, cell) for (report, _run, table, cell) in conformance.our_known_cells() if report == "spm"]
    assert ours and all(conformance.gr_covers("spm", conformance.SPM_RUN, table, cell) for table, cell in ours)
    assert result.matched >= 70


@kit
@pytest.mark.slow
def test_the_kit_needs_the_fy2022_rules(kit_dataset):
    # Requiring Continuum Project = 1 (the FY2026 rule) leaves out project 1554 (RRH CoC I): 5.2, 7b.1 and 1b differ.
    result = conformance.run_spm_kit(dataset=kit_dataset, tables=["1b", "5.2", "7b.1"], continuum_only=True)
    assert {(d.table, d.cell) for d in result.differences} == {
        ("1b", "C2"), ("1b", "C3"), ("5.2", "C2"), ("7b.1", "C2"), ("7b.1", "C3"),
    }  # fmt: skip


@pytest.mark.parametrize(("spec", "counted"), [("2022", "2"), ("2026", "1")])
def test_annual_sheltered_count_and_an_exit_on_the_first_day(tmp_path, spec, counted):
    # FY2022 layout: Glossary active clients (exit on ReportStart counts); FY2026: Method 5, 1+ nights active.
    _, result = spm(tmp_path, {
        "Client.csv": [client("A"), client("B")],
        "Enrollment.csv": [enrollment("E1", "A", "TH", "2025-06-01"), enrollment("E2", "B", "TH", "2025-06-01")],
        "Exit.csv": [exit_row("E1", "A", "2025-10-01")],
    }, ("TH", 2), spec=spec)  # fmt: skip
    assert result.tables["3.2"].value("C5") == counted
    assert result.tables["3.2"].value("C2") == counted


def _spm_2022_and_2026(tmp_path, files, *pairs):
    out = {}
    for spec in ("2022", "2026"):
        out[spec] = spm(tmp_path / spec, files, *pairs, spec=spec)
    return out


def test_fy2022_scope_takes_the_cocs_projects_without_continuum_project(tmp_path):
    files = projects(("ES", 0), ("RRH", 13))
    files["Project.csv"][1]["ContinuumProject"] = 0
    files.update({
        "Client.csv": [client("A"), client("B")],
        "Enrollment.csv": [enrollment("E1", "A", "ES", "2026-01-01"), enrollment("E2", "B", "RRH", "2026-02-01")],
    })  # fmt: skip
    members = {}
    for spec in ("2022", "2026"):
        ds = load_dataset(write_export(tmp_path / spec, files))
        result = run_spm(ds, ReportParams(start=START, end=END, coc="XX-500", spec=spec, report="spm"))
        members[spec] = result.tables["5.2"].members("C2")
    assert members == {"2022": ["A", "B"], "2026": ["A"]}


def test_fy2022_1b_counts_ph_searching_all_year_and_a_same_day_move_in_and_exit(tmp_path):
    runs = _spm_2022_and_2026(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C")],
        "Enrollment.csv": [
            # A: in RRH from 2025-06-01 (before the period), housed only after ReportEnd: homeless all year.
            enrollment("E1", "A", "RRH", "2025-06-01", MoveInDate="2026-11-01"),
            # B: homeless since 2026-01-01 (3.917); entered, moved in and left RRH on 2026-03-01: never housed.
            enrollment("E2", "B", "RRH", "2026-03-01", MoveInDate="2026-03-01", DateToStreetESSH="2026-01-01"),
            # C: the same, but housed from the start until July: the 3.917 nights make no night of a stay.
            enrollment("E3", "C", "RRH", "2026-03-01", MoveInDate="2026-03-01", DateToStreetESSH="2026-01-01"),
        ],
        "Exit.csv": [exit_row("E2", "B", "2026-03-01", 410), exit_row("E3", "C", "2026-07-01", 410)],
    }, ("RRH", 13))  # fmt: skip
    ds22, result22 = runs["2022"]
    ds26, result26 = runs["2026"]
    # A: 2025-06-01..2026-09-30, one walk back from the client start date; B: 2026-01-01..2026-03-01.
    assert lot(ds22, "1b1") == {"A": (date(2026, 10, 1) - date(2025, 6, 1)).days, "B": 60}
    assert result22.tables["1b"].members("C3") == ["A", "B"]
    assert lot(ds26, "1b1") == {}
    why = explain_nights(ds22, "B", line="1b1")
    assert why["client_end"] == date(2026, 3, 1)
    assert [(s["kind"], s["nights"], s["counted"]) for s in why["stays"]] == [("pre_ph", 60, 60)]


def test_fy2022_so_leaver_is_one_without_a_contact_on_report_end(tmp_path):
    contact = {"CurrentLivingSituation": 116}
    runs = _spm_2022_and_2026(tmp_path, {
        "Client.csv": [client("A"), client("B")],
        "Enrollment.csv": [
            # A and B leave SO to a rental and come back in May, with no exit; B is seen on ReportEnd.
            enrollment("E1", "A", "SO", "2025-11-01"), enrollment("E2", "A", "SO", "2026-05-01"),
            enrollment("E3", "B", "SO", "2025-11-01"), enrollment("E4", "B", "SO", "2026-05-01"),
        ],
        "Exit.csv": [exit_row("E1", "A", "2026-01-01", 410), exit_row("E3", "B", "2026-01-01", 410)],
        "CurrentLivingSituation.csv": [
            {"CurrentLivingSitID": "C1", "EnrollmentID": "E2", "PersonalID": "A", "InformationDate": "2026-05-01",
             **contact},
            {"CurrentLivingSitID": "C2", "EnrollmentID": "E4", "PersonalID": "B", "InformationDate": "2026-05-01",
             **contact},
            {"CurrentLivingSitID": "C3", "EnrollmentID": "E4", "PersonalID": "B", "InformationDate": "2026-09-30",
             **contact},
        ],
    }, ("SO", 4))  # fmt: skip
    # FY2022 (Glossary Method 2): SO clients are active by contact, so A, unseen on ReportEnd, is a leaver;
    # FY2026: an SO stay open on ReportEnd makes both stayers.
    assert runs["2022"][1].tables["7a.1"].members("C4") == ["A"]
    assert runs["2026"][1].tables["7a.1"].value("C2") == "0"
