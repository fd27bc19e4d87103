"""Income, benefits, insurance and prior living situation tables (Q15-Q21) on tiny hand-made exports."""

from datetime import date

from hearth.reports.engine import ReportParams, load_dataset, run_report
from hearth.reports.tests.builders import bed_night, client, enrollment, exit_row, project, write_export

# Report year 2025-10-01..2026-09-30.
PARAMS = ReportParams(start=date(2025, 10, 1), end=date(2026, 9, 30), coc="XX-500", project_ids=("P1",))


def income(iid: str, eid: str, pid: str, day: str, stage: int, **extra) -> dict:
    """An Income and Sources record (4.02-4.04); every yes/no left blank unless given."""
    return {"IncomeBenefitsID": iid, "EnrollmentID": eid, "PersonalID": pid, "InformationDate": day,
            "DataCollectionStage": stage, **extra}  # fmt: skip


def run(tmp_path, files: dict, only: list[str], ptype: int = 3, params: ReportParams = PARAMS):
    ds = load_dataset(write_export(tmp_path / "x", {**project("P1", ptype), **files}))
    return run_report(ds, params, only=only).tables


def test_total_income_follows_the_spec_chart(tmp_path):
    people = ["A", "B", "C", "D", "E", "F", "G"]
    files = {
        "Client.csv": [client(p) for p in people],
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01") for p in people],
        "IncomeBenefits.csv": [
            # rule 2: TotalMonthlyIncome > 0 wins over the sources
            income("1", "EA", "A", "2025-11-01", 1, IncomeFromAnySource=1, TotalMonthlyIncome=1200, SSI=1,
                   SSIAmount=900),
            # rule 3: no total, the "yes" sources' amounts are summed (140 + 20 = 160)
            income("2", "EB", "B", "2025-11-01", 1, IncomeFromAnySource=1, Earned=1, EarnedAmount=140, GA=1,
                   GAAmount=20),
            # rule 4: 4.02.2 "no" is $0
            income("3", "EC", "C", "2025-11-01", 1, IncomeFromAnySource=0),
            # rule 5: total 0 with "yes" is $0
            income("4", "ED", "D", "2025-11-01", 1, IncomeFromAnySource=1, TotalMonthlyIncome=0),
            # rule 6: refused
            income("5", "EE", "E", "2025-11-01", 1, IncomeFromAnySource=9),
            # rule 7: data not collected
            income("6", "EF", "F", "2025-11-01", 1, IncomeFromAnySource=99),
            # G's only record is not dated on the project start: the start record is missing
            income("7", "EG", "G", "2025-11-02", 1, IncomeFromAnySource=0),
        ],
    }  # fmt: skip
    q16 = run(tmp_path, files, ["Q16", "Q17", "Q18"])
    t = q16["Q16"]
    assert t.members("B2") == ["C", "D"]  # no income
    assert t.members("B4") == ["B"]  # $151 - $250
    assert t.members("B7") == ["A"]  # $1,001 - $1,500
    assert t.members("B10") == ["E"]  # client doesn't know / refused
    assert t.members("B11") == ["F", "G"]  # data not collected
    assert t.value("B14") == "7"
    q18 = q16["Q18"]
    assert q18.members("B4") == ["B"]  # both earned (140) and other (20) income
    assert q18.members("B3") == ["A"]  # only other income
    assert q18.members("B11") == ["A", "B"]  # 1 or more source of income
    assert q16["Q17"].members("B2") == ["B"] and q16["Q17"].members("B4") == ["A"]


def test_annual_assessment_window_and_requirement(tmp_path):
    files = {
        "Client.csv": [client("H1"), client("M1"), client("H2"), client("H3"), client("M3")],
        "Enrollment.csv": [
            # entered 2024-06-15: two years on ReportEnd, anniversary 2026-06-15, window 2026-05-16..2026-07-15
            enrollment("E1", "H1", "P1", "2024-06-15", "HH1", 1),
            enrollment("E2", "M1", "P1", "2026-07-01", "HH1", 3),  # joined after the anniversary
            enrollment("E3", "H2", "P1", "2024-06-15", "HH2", 1),
            enrollment("E4", "H3", "P1", "2025-10-01", "HH3", 1),  # 364 days: not yet required
            enrollment("E5", "M3", "P1", "2024-01-01", "HH4", 1),
        ],
        "IncomeBenefits.csv": [
            income("1", "E1", "H1", "2026-05-20", 5, IncomeFromAnySource=1, TotalMonthlyIncome=300),
            income("2", "E1", "H1", "2026-05-01", 5, IncomeFromAnySource=0),  # too early for the window
            income("3", "E3", "H2", "2026-05-15", 5, IncomeFromAnySource=0),  # one day before the window
            income("4", "E5", "M3", "2026-01-31", 5, IncomeFromAnySource=0),  # 30 days after the anniversary
        ],
    }  # fmt: skip
    t = run(tmp_path, files, ["Q16"])["Q16"]
    assert t.members("C5") == ["H1"]  # $251 - $500 from the assessment in the window
    assert t.members("C2") == ["M3"]
    assert t.members("C12") == ["H3", "M1"]  # not yet required
    assert t.members("C13") == ["H2"]  # required, no record in the window
    assert t.value("C14") == "5"


def test_night_by_night_needs_a_year_of_bed_nights(tmp_path):
    files = {
        "Client.csv": [client("A")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2024-06-15")],
        "Services.csv": [bed_night(f"S{i}", "E1", "A", f"2026-0{m}-1{i}") for m in (1, 2) for i in range(3)],
    }  # fmt: skip
    t = run(tmp_path, files, ["Q16"], ptype=1)["Q16"]
    assert t.members("C12") == ["A"] and t.value("C13") == "0"


def test_income_change_for_stayers_and_leavers(tmp_path):
    files = {
        "Client.csv": [client("A"), client("B"), client("C"), client("D")],
        "Enrollment.csv": [enrollment("EA", "A", "P1", "2024-06-15"), enrollment("EB", "B", "P1", "2024-06-15"),
                           enrollment("EC", "C", "P1", "2024-06-15"), enrollment("ED", "D", "P1", "2025-12-01")],
        "Exit.csv": [exit_row("ED", "D", "2026-03-01", 410)],
        "IncomeBenefits.csv": [
            income("1", "EA", "A", "2024-06-15", 1, IncomeFromAnySource=1, Earned=1, EarnedAmount=500,
                   TotalMonthlyIncome=500),
            income("2", "EA", "A", "2026-06-15", 5, IncomeFromAnySource=1, Earned=1, EarnedAmount=800,
                   TotalMonthlyIncome=800),
            income("3", "EB", "B", "2024-06-15", 1, IncomeFromAnySource=0),
            income("4", "EB", "B", "2026-06-10", 5, IncomeFromAnySource=1, SSI=1, SSIAmount=400),
            income("5", "EC", "C", "2024-06-15", 1, IncomeFromAnySource=8),  # excluded: refused at start
            income("6", "EC", "C", "2026-06-15", 5, IncomeFromAnySource=0),
            income("7", "ED", "D", "2025-12-01", 1, IncomeFromAnySource=1, SSDI=1, SSDIAmount=900),
            income("8", "ED", "D", "2026-03-01", 3, IncomeFromAnySource=0),
        ],
    }  # fmt: skip
    tables = run(tmp_path, files, ["Q19a1", "Q19a2", "Q17", "Q18"])
    a1 = tables["Q19a1"]
    assert a1.members("H2") == ["A", "B"]
    assert a1.members("E2") == ["A"] and a1.value("E3") == "$300.00"  # earned income up by $300
    assert a1.members("G2") == ["B"]  # no earned income at either point
    assert a1.members("F4") == ["B"] and a1.value("F5") == "$400.00"  # gained other income
    assert a1.value("I6") == "2" and a1.value("I7") == "$350.00" and a1.value("J6") == "1.0000"
    assert a1.value("H7") == "$350.00"
    a2 = tables["Q19a2"]
    assert a2.members("B6") == ["D"] and a2.value("B7") == "$-900.00"
    assert a2.value("I6") == "0" and a2.value("J6") == "0"
    assert tables["Q17"].members("C17") == ["A", "B"]  # C's start says "refused"
    assert tables["Q18"].members("C12") == ["A", "B", "C"] and tables["Q18"].members("D12") == ["D"]


def test_disabling_condition_and_income_at_exit(tmp_path):
    files = {
        "Client.csv": [client(p) for p in "ABCD"],
        "Enrollment.csv": [enrollment("EA", "A", "P1", "2025-11-01", DisablingCondition=1),
                           enrollment("EB", "B", "P1", "2025-11-01", DisablingCondition=0),
                           enrollment("EC", "C", "P1", "2025-11-01", DisablingCondition=8),
                           enrollment("ED", "D", "P1", "2025-11-01", DisablingCondition=1)],
        "Exit.csv": [exit_row(e, p, "2026-02-01", 410) for e, p in (("EA", "A"), ("EB", "B"), ("EC", "C"),
                                                                     ("ED", "D"))],
        "IncomeBenefits.csv": [
            income("1", "EA", "A", "2026-02-01", 3, IncomeFromAnySource=1, SSI=1, GA=1),
            income("2", "EB", "B", "2026-02-01", 3, IncomeFromAnySource=1, SSI=1),
            income("3", "EC", "C", "2026-02-01", 3, IncomeFromAnySource=1, SSI=1),  # DK disabling condition
            income("4", "ED", "D", "2026-02-01", 3, IncomeFromAnySource=99),  # income not collected
        ],
    }  # fmt: skip
    t = run(tmp_path, files, ["Q19b"])["Q19b"]
    assert t.members("B3") == ["A"] and t.members("C3") == ["B"] and t.members("D3") == ["A", "B"]
    assert t.value("E3") == "0.5000"
    assert t.members("B12") == ["A"]  # GA is an "other source"
    assert t.members("D14") == ["A", "B"]


def test_benefits_and_insurance_rows(tmp_path):
    people = ["A", "B", "C", "D"]
    files = {
        "Client.csv": [client(p) for p in people],
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01") for p in people],
        "IncomeBenefits.csv": [
            income("1", "EA", "A", "2025-11-01", 1, BenefitsFromAnySource=1, SNAP=1, InsuranceFromAnySource=1,
                   Medicaid=1, Medicare=1),
            income("2", "EB", "B", "2025-11-01", 1, BenefitsFromAnySource=0, InsuranceFromAnySource=1, VHAServices=1),
            income("3", "EC", "C", "2025-11-01", 1, BenefitsFromAnySource=9, InsuranceFromAnySource=8),
        ],
    }  # fmt: skip
    tables = run(tmp_path, files, ["Q20a", "Q20b", "Q21"])
    assert tables["Q20a"].members("B2") == ["A"]
    q20b = tables["Q20b"]
    assert q20b.members("B2") == ["B"] and q20b.members("B3") == ["A"] and q20b.members("B4") == ["C"]
    assert q20b.members("B5") == ["D"] and q20b.value("B6") == "4"
    q21 = tables["Q21"]
    assert q21.members("B2") == ["A"] and q21.members("B5") == ["B"]
    assert q21.members("B13") == ["C"] and q21.members("B14") == ["D"]
    assert q21.members("B16") == ["B"] and q21.members("B17") == ["A"]


def test_prior_living_situation_maps_fy2026_codes_to_fy2022_rows(tmp_path):
    rows = [("A", 116, None), ("B", 435, 431), ("C", 435, 436), ("D", 336, None), ("E", 99, None),
            ("F", 435, 440), ("G", 329, None)]  # fmt: skip
    files = {
        "Client.csv": [client(p) for p, _, _ in rows] + [client("K", "2015-01-01")],
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01", LivingSituation=code, RentalSubsidyType=sub)
                           for p, code, sub in rows]
        + [enrollment("EK", "K", "P1", "2025-11-01", "HEA", 2, LivingSituation=101)],  # a child: not counted
    }  # fmt: skip
    t = run(tmp_path, files, ["Q15"])["Q15"]
    assert t.members("B5") == ["A"] and t.value("B8") == "1"
    assert t.members("B16") == ["G"] and t.value("B17") == "1"
    assert t.members("B19") == ["F"]
    assert t.members("B22") == ["B"] and t.members("B28") == ["C"]
    assert t.members("B30") == ["D"] and t.members("B33") == ["E"]
    assert t.value("B34") == "5" and t.value("B35") == "7"
    assert t.value("B2") == ""


def test_benefits_follow_the_head_of_household(tmp_path):
    files = {
        "Client.csv": [client(p) for p in ("H1", "M1", "H2", "M2", "M3")],
        "Enrollment.csv": [
            enrollment("E1", "H1", "P1", "2024-06-15", "HH1", 1),
            enrollment("E2", "M1", "P1", "2026-07-01", "HH1", 3),  # joined after the anniversary
            enrollment("E3", "H2", "P1", "2025-11-01", "HH2", 1),
            enrollment("E4", "M2", "P1", "2025-11-01", "HH2", 3),
            enrollment("E5", "M3", "P1", "2025-11-01", "HH2", 3),
        ],
        "Exit.csv": [exit_row("E3", "H2", "2026-03-01", 410), exit_row("E4", "M2", "2026-03-01", 410),
                     exit_row("E5", "M3", "2026-02-01", 410)],  # M3 left before the head
        "IncomeBenefits.csv": [
            income("1", "E1", "H1", "2026-06-15", 5, BenefitsFromAnySource=0),
            income("2", "E2", "M1", "2026-07-01", 1, BenefitsFromAnySource=1, SNAP=1),
            income("3", "E3", "H2", "2026-03-01", 3, BenefitsFromAnySource=1, WIC=1),
            income("4", "E4", "M2", "2026-03-01", 3, BenefitsFromAnySource=1, WIC=1),
            income("5", "E5", "M3", "2026-02-01", 3, BenefitsFromAnySource=1, WIC=1),
        ],
    }  # fmt: skip
    tables = run(tmp_path, files, ["Q20a", "Q20b", "Q16"])
    # M1 is not yet required to have an assessment, but the head has his: M1's latest record counts (rule 3b)
    assert tables["Q20a"].members("C2") == ["M1"]
    assert tables["Q20b"].members("C2") == ["H1"] and tables["Q20b"].members("C3") == ["M1"]
    assert tables["Q16"].members("C12") == ["M1"]  # cash income keeps the annual-assessment rule
    # at exit: the head and M2 who left with him; not M3 who left earlier (rule 4a)
    assert tables["Q20a"].members("D3") == ["H2", "M2"]
    assert tables["Q20b"].value("D6") == "2"


def _fy2026_tables():
    from hearth.reports.apr.tables import q15, q16, q19, q21

    return {t.name: t for m in (q15, q16, q19, q21) for t in m.TABLES_2026}


PARAMS_2026 = ReportParams(start=date(2025, 10, 1), end=date(2026, 9, 30), coc="XX-500", project_ids=("P1",),
                           spec="2026")  # fmt: skip


def test_fy2026_layout(tmp_path):
    files = {
        "Client.csv": [client("A"), client("B"), client("M")],
        "Enrollment.csv": [
            # night-by-night, a year and more without bed nights: FY2026 counts time, not bed nights
            enrollment("EA", "A", "P1", "2024-06-15", LivingSituation=435, RentalSubsidyType=431),
            # a second head back-dated to the household's first start: M entered 2025-12-01 with household HB
            enrollment("EB", "B", "P1", "2024-12-01", "HB", 3, LivingSituation=99),
            enrollment("EM", "M", "P1", "2025-12-01", "HB", 1, LivingSituation=313),
        ],
        "Services.csv": [bed_night("S1", "EA", "A", "2026-01-05"), bed_night("S2", "EB", "B", "2026-01-05"),
                         bed_night("S3", "EM", "M", "2026-01-05")],
        "Exit.csv": [exit_row("EB", "B", "2026-02-01", 410)],
        "IncomeBenefits.csv": [
            income("1", "EA", "A", "2026-06-20", 5, IncomeFromAnySource=1, TotalMonthlyIncome=150.5),
            income("2", "EB", "B", "2026-02-01", 3, IncomeFromAnySource=1, Unemployment=1, UnemploymentAmount=10),
        ],
    }  # fmt: skip
    tables = _fy2026_tables()
    ds = load_dataset(write_export(tmp_path / "x", {**project("P1", 1), **files}))
    result = run_report(ds, PARAMS_2026, tables=list(tables.values())).tables
    q16 = result["Q16"]
    assert q16.members("C4") == ["A"]  # $150.50 rounds to $151
    assert q16.members("C13") == ["M"]  # the household's anniversary (2025-12-01) passed; M has no assessment
    assert q16.value("C12") == "0"
    assert result["Q19b"].members("D3") == ["B"]  # unemployment has its own row
    q15 = result["Q15"]
    assert q15.members("B25") == ["A"]  # rental with ongoing subsidy
    assert q15.members("B20") == ["M"]  # 313 (friends, temporary tenure) on the friends row
    assert q15.members("B30") == ["B"] and q15.value("B31") == "1" and q15.value("B32") == "3"
    assert q15.value("B2") == ""
