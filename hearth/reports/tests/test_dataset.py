"""Loading HMIS CSV exports into DuckDB: types, FY2022 conversion, zips, and clear errors."""

import datetime as dt
import zipfile

import duckdb
import pytest

from hearth.reports.engine import DatasetError, load_dataset
from hearth.reports.tests.builders import client, enrollment, exit_row, project, write_export


def small(tmp_path, year="2026", **overrides):
    files = {**project("P1", 3 if year == "2026" else 3), "Client.csv": [client("C1"), client("C2")],
             "Enrollment.csv": [enrollment("E1", "C1", "P1", "2025-11-01"), enrollment("E2", "C2", "P1", "2025-12-01")],
             "Exit.csv": [exit_row("E1", "C1", "2026-02-01", 410)]}  # fmt: skip
    files.update(overrides)
    return write_export(tmp_path / "export", files, year)


def test_it_loads_fy2026_with_the_specs_types(tmp_path):
    ds = load_dataset(small(tmp_path))
    assert ds.spec_year == "2026"
    types = dict(ds.query("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'Enrollment'"))
    assert types["EntryDate"] == "DATE"
    assert types["DateCreated"] == "TIMESTAMP"
    assert types["RelationshipToHoH"] == "BIGINT"
    assert types["EnrollmentID"] == "VARCHAR"
    assert ds.query("SELECT ExitDate, Destination FROM Exit") == [(dt.date(2026, 2, 1), 410)]
    assert ds.row_counts["Enrollment.csv"] == 2
    # Files the export lacks are empty tables with the canonical columns.
    assert ds.scalar("SELECT count(*) FROM IncomeBenefits") == 0


def test_it_leaves_out_soft_deleted_rows(tmp_path):
    path = small(tmp_path, **{"Client.csv": [client("C1"), client("C2", DateDeleted="2026-01-01 00:00:00")]})
    ds = load_dataset(path)
    assert ds.query("SELECT PersonalID FROM Client") == [("C1",)]


def test_it_reads_a_zip(tmp_path):
    folder = small(tmp_path)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in folder.iterdir():
            zf.write(f, f"nested/{f.name}")
    ds = load_dataset(archive)
    assert ds.scalar("SELECT count(*) FROM Enrollment") == 2


def test_a_bad_date_names_file_line_and_column(tmp_path):
    path = small(tmp_path, **{"Enrollment.csv": [enrollment("E1", "C1", "P1", "2025-11-01"),
                                                 enrollment("E2", "C2", "P1", "12/01/2025")]})  # fmt: skip
    with pytest.raises(DatasetError) as err:
        load_dataset(path)
    assert "Enrollment.csv line 3, column EntryDate" in str(err.value)
    assert "12/01/2025" in str(err.value)


def test_missing_required_files_and_paths_are_clear_errors(tmp_path):
    path = small(tmp_path)
    (path / "Client.csv").unlink()
    with pytest.raises(DatasetError, match="Client.csv"):
        load_dataset(path)
    with pytest.raises(DatasetError, match="does not exist"):
        load_dataset(tmp_path / "nowhere")


def test_fy2022_is_converted_to_fy2026_keeping_gender_and_ethnicity(tmp_path):
    files = {
        "Organization.csv": [{"OrganizationID": "O1", "OrganizationName": "Org", "VictimServiceProvider": 0}],
        "Project.csv": [
            {"ProjectID": "ES1", "OrganizationID": "O1", "ProjectName": "NbN", "OperatingStartDate": "2010-01-01",
             "ContinuumProject": 1, "ProjectType": 1, "TrackingMethod": 3},
            {"ProjectID": "ES2", "OrganizationID": "O1", "ProjectName": "EE", "OperatingStartDate": "2010-01-01",
             "ContinuumProject": 1, "ProjectType": 1, "TrackingMethod": 0},
        ],
        "Client.csv": [{"PersonalID": "C1", "DOB": "1980-01-01", "DOBDataQuality": 1, "White": 1, "Ethnicity": 9,
                        "Female": 1, "Male": 0, "Transgender": 1, "RaceNone": None}],
        "Enrollment.csv": [{"EnrollmentID": "E1", "PersonalID": "C1", "ProjectID": "ES1", "EntryDate": "2020-11-01",
                            "HouseholdID": "H1", "RelationshipToHoH": 1, "LivingSituation": 16}],
        "EnrollmentCoC.csv": [{"EnrollmentCoCID": "EC1", "EnrollmentID": "E1", "HouseholdID": "H1",
                               "ProjectID": "ES1", "PersonalID": "C1", "InformationDate": "2020-11-01",
                               "CoCCode": "XX-501", "DataCollectionStage": 1}],
        "Exit.csv": [{"ExitID": "X1", "EnrollmentID": "E1", "PersonalID": "C1", "ExitDate": "2021-01-01",
                      "Destination": 3}],
    }  # fmt: skip
    ds = load_dataset(write_export(tmp_path / "fy22", files, "2022"))
    assert ds.spec_year == "2022"
    assert dict(ds.query("SELECT ProjectID, ProjectType FROM Project")) == {"ES1": 1, "ES2": 0}
    assert ds.query("SELECT LivingSituation, EnrollmentCoC FROM Enrollment") == [(116, "XX-501")]
    assert ds.query("SELECT Destination, DestinationSubsidyType FROM Exit") == [(435, 440)]
    assert ds.query("SELECT White, HispanicLatinao, Ethnicity, Female, Transgender FROM Client") == [(1, 0, 9, 1, 1)]
    assert ds.scalar("SELECT count(*) FROM HMISParticipation") == 2


def test_a_windows_1252_file_is_read_with_a_warning(tmp_path):
    path = small(tmp_path)
    text = (path / "Client.csv").read_text("utf-8").replace(",C1,", ",C1,").splitlines()
    header, rows = text[0], text[1:]
    first = rows[0].split(",")
    first[1] = "José"  # FirstName
    (path / "Client.csv").write_bytes("\n".join([header, ",".join(first), *rows[1:]]).encode("cp1252") + b"\n")
    ds = load_dataset(path)
    assert ds.query("SELECT FirstName FROM Client WHERE PersonalID = 'C1'") == [("José",)]
    assert any("Windows-1252" in w for w in ds.warnings)


def _columns(ds, table):
    return {r[0] for r in ds.query("SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table])}


def test_large_files_load_the_report_columns_and_the_others_on_first_use(tmp_path):
    from hearth.reports.engine.dataset import REPORT_COLUMNS

    disability = {"DisabilitiesID": "D1", "EnrollmentID": "E1", "PersonalID": "C1", "InformationDate": "2025-11-01",
                  "DisabilityType": 8, "DisabilityResponse": 1, "TCellCountAvailable": 1, "TCellCount": 420,
                  "DataCollectionStage": 1}  # fmt: skip
    ds = load_dataset(small(tmp_path, **{"Disabilities.csv": [disability]}))
    assert _columns(ds, "Disabilities") == set(REPORT_COLUMNS["Disabilities.csv"])
    assert "TCellCount" not in _columns(ds, "Disabilities")
    assert _columns(ds, "Project") >= {"ProjectID", "ProjectType", "HousingType", "TargetPopulation"}  # small: all
    # A statement naming a column left out reloads the table whole and runs again.
    assert ds.query("SELECT d.TCellCount, DisabilityType FROM Disabilities d") == [(420, 8)]
    assert "DisabilitiesID" in _columns(ds, "Disabilities")
    assert "Disabilities.csv" not in ds.partial


def test_without_reloading_a_column_left_out_is_a_clear_error(tmp_path):
    ds = load_dataset(small(tmp_path))
    ds.reload_missing_columns = False
    with pytest.raises(DatasetError, match="Client.csv: column\\(s\\) middlename not loaded; add them to"):
        ds.query("SELECT MiddleName FROM Client")
    # Errors that are not about a column left out are DuckDB's own.
    with pytest.raises(duckdb.BinderException, match="NoSuchColumn"):
        ds.query("SELECT NoSuchColumn FROM Client")


def test_every_column_on_request(tmp_path):
    ds = load_dataset(small(tmp_path), columns="all")
    assert "MiddleName" in _columns(ds, "Client")
    assert ds.partial == {}


def test_a_zip_keeps_its_extracted_files_until_closed(tmp_path):
    folder = small(tmp_path)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in folder.iterdir():
            zf.write(f, f.name)
    ds = load_dataset(archive)
    assert ds.query("SELECT MiddleName FROM Client ORDER BY PersonalID") == [(None,), (None,)]
    scratch = ds._scratch
    assert scratch is not None and scratch.exists()
    ds.close()
    assert not scratch.exists()


@pytest.mark.slow
def test_every_report_reads_only_report_columns(tmp_path):
    """APR, CAPER and SPM in both layouts over a small synthetic CoC, with reloading off: no column is missing."""
    from hearth.reports.engine import ReportParams, run_report
    from hearth.reports.spm import run_spm
    from hearth.synth.csvout import write_csv
    from hearth.synth.options import Options

    write_csv(Options(clients=150, years=3, seed=3), tmp_path / "coc")
    ds = load_dataset(tmp_path / "coc")
    ds.reload_missing_columns = False
    for report in ("apr", "caper", "spm"):
        for spec in ("2022", "2026"):
            params = ReportParams(start=dt.date(2025, 10, 1), end=dt.date(2026, 9, 30), report=report, spec=spec)
            result = run_spm(ds, params) if report == "spm" else run_report(ds, params)
            assert result.tables, (report, spec)
    assert set(ds.partial) >= {"Disabilities.csv", "Client.csv", "Enrollment.csv", "IncomeBenefits.csv"}


def test_a_cached_export_loads_from_the_cache_until_a_file_changes(tmp_path):
    path = small(tmp_path)
    cache = tmp_path / "cache"
    cold = load_dataset(path, cache_dir=cache)
    assert not cold.cached
    assert len(list(cache.glob("*.duckdb"))) == 1
    warm = load_dataset(path, cache_dir=cache)
    assert warm.cached
    assert warm.row_counts == cold.row_counts
    for sql in ("SELECT ExitDate, Destination FROM Exit", "SELECT PersonalID, DOB FROM Client ORDER BY 1"):
        assert warm.query(sql) == cold.query(sql)
    assert "MiddleName" not in _columns(warm, "Client")
    # A column left out is loaded from the CSV as without the cache.
    assert warm.query("SELECT MiddleName FROM Client") == [(None,), (None,)]
    # The blocks write their own tables beside the cached (read-only) ones.
    warm.con.execute("CREATE TABLE r_x AS SELECT count(*) AS n FROM Enrollment")
    assert warm.scalar("SELECT n FROM r_x") == 2
    warm.close()
    # Another file content (other size or time) is another cache entry; the old one is removed.
    (path / "Client.csv").write_text((path / "Client.csv").read_text() + "\n", "utf-8")
    again = load_dataset(path, cache_dir=cache)
    assert not again.cached
    assert len(list(cache.glob("*.duckdb"))) == 1
    assert load_dataset(path, cache_dir=cache).cached


def test_the_cache_directory_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HEARTH_REPORT_CACHE", str(tmp_path / "env-cache"))
    path = small(tmp_path)
    assert not load_dataset(path).cached
    assert load_dataset(path).cached
    monkeypatch.delenv("HEARTH_REPORT_CACHE")
    assert not load_dataset(path).cached


def test_memory_limit_and_a_spill_folder_of_its_own(tmp_path):
    ds = load_dataset(small(tmp_path), memory_limit="300MB")
    limit, spill = ds.query("SELECT current_setting('memory_limit'), current_setting('temp_directory')")[0]
    assert limit.replace(" ", "") in ("286.1MiB", "300.0MB", "300MB")
    assert spill.startswith(str(ds._scratch)) and spill.endswith("spill")
    ds.close()
    assert not ds._scratch.exists()


def test_files_no_report_reads_load_when_first_named_even_after_the_export_is_removed(tmp_path):
    event = {"EventID": "V1", "EnrollmentID": "E1", "PersonalID": "C1", "EventDate": "2025-11-02", "Event": 1}
    path = small(tmp_path, **{"Event.csv": [event]})
    ds = load_dataset(path)
    assert "Event.csv" in ds.deferred
    assert "Event" not in {r[0] for r in ds.query("SELECT table_name FROM duckdb_tables()")}
    (path / "Event.csv").unlink()  # e.g. the live export is removed right after loading
    assert ds.query("SELECT EventID, EnrollmentID FROM Event") == [("V1", "E1")]
    assert "Event.csv" not in ds.deferred
    assert ds.row_counts["Event.csv"] == 1
    # A count asked for first loads the table too.
    other = load_dataset(small(tmp_path / "other", **{"Event.csv": [event, {**event, "EventID": "V2"}]}))
    assert other.row_counts["Event.csv"] == 2
    # A name in another case fails on the unknown table first, then loads it.
    lower = load_dataset(small(tmp_path / "lower", **{"Event.csv": [event]}))
    assert lower.scalar("select count(*) from event") == 1
    assert load_dataset(small(tmp_path / "all"), columns="all").deferred == set()
