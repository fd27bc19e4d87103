"""The shared building blocks on tiny hand-made datasets (report period 2025-10-01..2026-09-30)."""

from datetime import date

import pytest

from hearth.reports.engine import ParameterError, ReportParams, blocks, load_dataset
from hearth.reports.tests.builders import bed_night, client, enrollment, exit_row, project, write_export

START, END = date(2025, 10, 1), date(2026, 9, 30)


def detail(tmp_path, files, ptype=3, **params):
    ds = load_dataset(write_export(tmp_path / "x", {**project("P1", ptype), **files}))
    blocks.build(ds, ReportParams(start=START, end=END, coc="XX-500", project_ids=("P1",), **params))
    cur = ds.con.execute("SELECT * FROM client_detail ORDER BY PersonalID")
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}


def test_active_clients_method_1_and_latest_stay(tmp_path):
    rows = detail(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C")],
        "Enrollment.csv": [
            enrollment("E1", "A", "P1", "2024-01-01"),  # exited before the period: not active
            enrollment("E2", "B", "P1", "2025-01-01"),
            enrollment("E3", "B", "P1", "2026-03-01"),  # B's latest stay
            enrollment("E4", "C", "P1", "2026-10-01"),  # starts after the period
        ],
        "Exit.csv": [exit_row("E1", "A", "2025-09-30"), exit_row("E2", "B", "2025-12-01", 410)],
    })  # fmt: skip
    assert list(rows) == ["B"]
    assert rows["B"]["EnrollmentID"] == "E3"
    assert rows["B"]["is_stayer"] and not rows["B"]["is_leaver"]


def test_age_is_taken_at_the_later_of_entry_and_report_start(tmp_path):
    rows = detail(tmp_path, {
        "Client.csv": [client("A", "2007-10-01"), client("B", "2008-03-02"), client("C", None, DOBDataQuality=9)],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-01-01"), enrollment("E2", "B", "P1", "2026-03-01"),
                           enrollment("E3", "C", "P1", "2026-03-01")],
    })  # fmt: skip
    assert rows["A"]["age"] == 18 and rows["A"]["is_adult"]  # 18 on 2025-10-01 exactly
    assert rows["B"]["age"] == 17 and rows["B"]["is_child"]  # birthday the day after entry
    assert rows["C"]["age"] is None and rows["C"]["age_dkr"] and not rows["C"]["age_missing"]


def test_household_types(tmp_path):
    rows = detail(tmp_path, {
        "Client.csv": [client("A"), client("K", "2015-01-01"), client("S"), client("U", None), client("V"),
                       client("O", "2012-01-01")],
        "Enrollment.csv": [
            enrollment("E1", "A", "P1", "2025-11-01", "H1", 1), enrollment("E2", "K", "P1", "2025-11-01", "H1", 2),
            enrollment("E3", "S", "P1", "2025-11-01", "H2", 1),
            enrollment("E4", "U", "P1", "2025-11-01", "H3", 1), enrollment("E5", "V", "P1", "2025-11-01", "H3", 3),
            enrollment("E6", "O", "P1", "2025-11-01", "H4", 1),
        ],
    })  # fmt: skip
    assert rows["A"]["household_type"] == rows["K"]["household_type"] == "adults_and_children"
    assert rows["S"]["household_type"] == "adults_only"
    assert rows["V"]["household_type"] == "unknown"  # an adult with an unknown-age member
    assert rows["O"]["household_type"] == "children_only"
    assert rows["O"]["is_hoh"] and not rows["O"]["is_adult"]


def test_leavers_stayers_and_destination_groups(tmp_path):
    rows = detail(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01"), enrollment("E2", "B", "P1", "2025-11-01"),
                           enrollment("E3", "C", "P1", "2025-11-01")],
        "Exit.csv": [exit_row("E1", "A", "2026-02-01", 410), exit_row("E2", "B", "2026-10-15", 101),
                     exit_row("E3", "C", "2026-03-01", 206)],
    })  # fmt: skip
    assert rows["A"]["is_leaver"] and rows["A"]["destination_group"] == "permanent"
    assert rows["B"]["is_stayer"] and rows["B"]["destination_group"] is None  # exits after the period
    assert rows["C"]["destination_group"] == "institutional"


def test_night_by_night_shelter_needs_a_bed_night_in_the_period(tmp_path):
    rows = detail(tmp_path, {
        "Client.csv": [client("A"), client("B")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-01-01"), enrollment("E2", "B", "P1", "2025-01-01")],
        "Services.csv": [bed_night("S1", "E1", "A", "2025-12-24"), bed_night("S2", "E1", "A", "2025-12-25"),
                         bed_night("S3", "E2", "B", "2025-06-01")],
    }, ptype=1)  # fmt: skip
    assert list(rows) == ["A"]
    assert rows["A"]["bed_nights"] == 2


def test_chronic_homelessness_at_start_and_the_household_rule(tmp_path):
    ch = {"DisablingCondition": 1, "LivingSituation": 116, "DateToStreetESSH": "2024-01-01"}
    rows = detail(tmp_path, {
        "Client.csv": [client("A"), client("K", "2015-01-01"), client("N"), client("T"), client("M"), client("D")],
        "Enrollment.csv": [
            enrollment("E1", "A", "P1", "2025-11-01", "H1", 1, **ch),
            enrollment("E2", "K", "P1", "2025-11-01", "H1", 2),  # child present at start inherits CH
            enrollment("E3", "N", "P1", "2025-11-01", DisablingCondition=0),
            # 4+ times and 12+ months (3.917.4/5) without a long enough date
            enrollment("E4", "T", "P1", "2025-11-01", DisablingCondition=1, DateToStreetESSH="2025-06-01",
                       TimesHomelessPastThreeYears=4, MonthsHomelessPastThreeYears=112),
            # institutional stay over 90 days -> not CH; missing time fields -> missing
            enrollment("E5", "M", "P1", "2025-11-01", DisablingCondition=1, LivingSituation=215, LOSUnderThreshold=0),
            enrollment("E6", "D", "P1", "2025-11-01", DisablingCondition=8),
        ],
    })  # fmt: skip
    assert rows["A"]["ch_status"] == "yes" and rows["A"]["is_chronic"]
    assert rows["K"]["ch_status"] == "yes"
    assert rows["N"]["ch_status"] == "no"
    assert rows["T"]["ch_status"] == "yes"
    assert rows["M"]["ch_status"] == "no"
    assert rows["D"]["ch_status"] == "dkr"


def test_move_in_is_the_heads_and_pit_needs_it(tmp_path):
    rows = detail(tmp_path, {
        "Client.csv": [client("A"), client("K", "2015-01-01"), client("B")],
        "Enrollment.csv": [
            enrollment("E1", "A", "P1", "2025-11-01", "H1", 1, MoveInDate="2026-02-01"),
            enrollment("E2", "K", "P1", "2025-11-01", "H1", 2),
            enrollment("E3", "B", "P1", "2025-11-01", "H2", 1),
        ],
    })  # fmt: skip
    assert rows["K"]["is_moved_in"] and rows["A"]["is_moved_in"] and not rows["B"]["is_moved_in"]
    # Last Wednesday of January 2026 is the 28th: before the move-in; April's (the 29th) is after it.
    assert not rows["A"]["pit_jan"] and rows["A"]["pit_apr"] and rows["K"]["pit_apr"]
    assert blocks.last_wednesday(2026, 1) == date(2026, 1, 28)


def test_youth_and_parenting_youth(tmp_path):
    rows = detail(tmp_path, {
        "Client.csv": [client("Y", "2004-01-01"), client("K", "2024-01-01"), client("Z", "2004-01-01"),
                       client("O", "1970-01-01")],
        "Enrollment.csv": [
            enrollment("E1", "Y", "P1", "2025-11-01", "H1", 1), enrollment("E2", "K", "P1", "2025-11-01", "H1", 2),
            enrollment("E3", "Z", "P1", "2025-11-01", "H2", 1), enrollment("E4", "O", "P1", "2025-11-01", "H2", 3),
        ],
    })  # fmt: skip
    assert rows["Y"]["is_youth"] and rows["Y"]["is_parenting_youth"]
    assert not rows["K"]["is_youth"]  # age 1
    assert not rows["Z"]["is_youth"]  # someone older than 24 in the household


def test_street_outreach_engagement(tmp_path):
    rows = detail(tmp_path, {
        "Client.csv": [client("A"), client("B")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", DateOfEngagement="2025-12-01"),
                           enrollment("E2", "B", "P1", "2025-11-01")],
    }, ptype=4)  # fmt: skip
    assert rows["A"]["is_engaged"] and not rows["B"]["is_engaged"]


def test_unknown_projects_and_coc_are_refused(tmp_path):
    ds = load_dataset(write_export(tmp_path / "x", {**project("P1", 3), "Client.csv": [client("A")]}))
    with pytest.raises(ParameterError, match="P9"):
        blocks.build(ds, ReportParams(start=START, end=END, project_ids=("P9",)))
    with pytest.raises(ParameterError, match="ZZ-999"):
        blocks.build(ds, ReportParams(start=START, end=END, coc="ZZ-999"))
    with pytest.raises(ParameterError, match="before it starts"):
        ReportParams(start=END, end=START)


def test_q5a_row_16_needs_the_heads_first_anniversary_by_report_end(tmp_path):
    rows = detail(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("S")],
        "Enrollment.csv": [
            enrollment("E1", "A", "P1", "2025-09-30", "H1", 1), enrollment("E2", "S", "P1", "2026-05-01", "H1", 3),
            enrollment("E3", "B", "P1", "2025-10-01", "H2", 1),  # 365 nights, but the anniversary is 2026-10-01
        ],
    })  # fmt: skip
    assert rows["A"]["is_hoh_stayer_365"] and rows["S"]["is_hoh_stayer_365"]  # S is an adult in A's household
    assert not rows["B"]["is_hoh_stayer_365"]
