"""COPY text made straight from read rows (``hudcsv.copytext``): the same text psycopg writes for the values of the
importer's general path, escapes, the offsets of local date-times, and the rows left to the general path."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from psycopg._copy_base import format_row_text
from psycopg.adapt import Transformer

from hearth.hudcsv.copytext import NULL, Offsets, literal, text
from hearth.hudcsv.importer import IMPORT_ORDER, _CopyStream, _Importer, _plan, copy_row, import_export
from hearth.hudcsv.reader import read_export
from hearth.hudcsv.tests.test_exporter import population  # noqa: F401 - the fixture
from hearth.hudcsv.tests.test_importer import source  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_text_escapes_what_copy_reads_as_structure():
    assert text("plain ID-12") == "plain ID-12"
    assert text("a\tb\nc\rd\\e") == "a\\tb\\nc\\rd\\\\e"
    assert literal(None, ZoneInfo("UTC")) == NULL == "\\N"
    assert literal(True, ZoneInfo("UTC")) == "t" and literal(7, ZoneInfo("UTC")) == "7"
    assert literal(Decimal("12.50"), ZoneInfo("UTC")) == "12.50"
    assert literal(date(2026, 3, 8), ZoneInfo("UTC")) == "2026-03-08"
    assert literal(datetime(2026, 1, 2, 3, 4, 5), ZoneInfo("America/New_York")) == "2026-01-02 03:04:05-05:00"
    with pytest.raises(TypeError):
        literal(object(), ZoneInfo("UTC"))


@pytest.mark.parametrize("zone", ["America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns"])
def test_offsets_match_an_aware_datetime_across_every_transition(zone):
    """Every 7 min 13 s over two years, the gaps and repeated hours of each change included."""
    tz = ZoneInfo(zone)
    offsets = Offsets(tz)
    value, end, checked = datetime(2025, 1, 1), datetime(2027, 1, 1), 0
    while value < end:
        naive = value.isoformat(" ")
        assert naive + (offsets.get(naive[:13]) or offsets(value)) == value.replace(tzinfo=tz).isoformat(" ")
        value += timedelta(minutes=7, seconds=13)
        checked += 1
    assert checked > 140_000 and len(offsets) > 17_000  # the hours were remembered


def test_an_hour_whose_offset_changes_is_not_remembered():
    offsets = Offsets(ZoneInfo("Australia/Lord_Howe"))  # summer time starts at 02:00, half an hour forward
    assert offsets(datetime(2026, 10, 4, 2, 15)) == "+10:30"  # in the gap: the offset before the change
    assert offsets(datetime(2026, 10, 4, 2, 45)) == "+11:00"
    assert "2026-10-04 02" not in offsets
    assert offsets(datetime(2026, 10, 4, 3, 5)) == "+11:00" and "2026-10-04 03" in offsets


def copy_text_of_general_path(importer: _Importer, plan, line: int, row: dict, hud_id: str) -> str | None:
    """What the importer wrote for a new row before ``copytext``: model values, then psycopg's COPY formatting."""
    values = importer.convert(plan, line, row)
    if values is None:
        return None
    if plan.file == "Client.csv":
        values["owner_org_id"] = importer.owner_hints.get(hud_id)
    buffer = bytearray()
    format_row_text(copy_row(plan, importer._copy_fixed())(hud_id, values), Transformer(), buffer)
    return buffer.decode()


def test_the_line_maker_writes_what_the_general_path_wrote_for_every_file(source: Path):  # noqa: F811
    """Every row of every file, with the ID maps of a real import of the same export: byte for byte the same."""
    first = import_export(path=source)
    assert first.report["status"] == "imported", first.report["errors"]
    importer = _Importer(first, first.data_source, acting_user=None, organization_ids=None)
    importer.use_copy = True
    importer.path = source
    result = read_export(source)
    compared = 0
    for file in IMPORT_ORDER:
        plan = _plan(file)
        importer.ids[file] = importer._load_ids(plan.model)
        importer.project_org = importer._org_map(_plan("Project.csv").model, "organization_id")
        importer.enrollment_org = importer._org_map(_plan("Enrollment.csv").model, "owner_org_id")
        importer._ensure_maps(plan)
        importer.references = [(c.name, c.attname, importer.ids[c.target], c.kind == "ref", c.target)
                               for c in plan.references]  # fmt: skip
        if file == "Client.csv":
            importer._foresee_client_owners()
            assert importer.owner_hints  # the clients' first enrollments were found ahead
        make = importer._line_maker(plan)
        if file in ("Organization.csv", "Project.csv"):
            assert make is None  # owners and an agency's limits are worked out by the general path
            continue
        for line, row in result.iter_rows(file, with_lines=True):
            hud_id = row[plan.id_column]
            made, general = make(row, hud_id), copy_text_of_general_path(importer, plan, line, row, hud_id)
            if file == "Client.csv":  # an SSN is sealed with a new random nonce each time: compare the rest
                ssn_at = [f.attname for f in plan.insert_fields].index("ssn")
                made_cells, general_cells = made.split("\t"), general.split("\t")
                assert (made_cells[ssn_at] == "") == (general_cells[ssn_at] == "")
                made_cells[ssn_at] = general_cells[ssn_at] = "sealed"
                made, general = "\t".join(made_cells), "\t".join(general_cells)
            assert made == general, (file, line)
            compared += 1
    assert compared == sum(first.report["counts"][f]["read"] for f in IMPORT_ORDER if f not in (
        "Organization.csv", "Project.csv"))  # fmt: skip


def test_an_unknown_reference_is_left_to_the_general_path(source: Path):  # noqa: F811
    first = import_export(path=source)
    importer = _Importer(first, first.data_source, acting_user=None, organization_ids=None)
    importer.use_copy = True
    plan = _plan("Exit.csv")
    importer.ids = {"Enrollment.csv": {}, "Client.csv": {}, "User.csv": {}}
    importer.enrollment_org = {}
    make = importer._line_maker(plan)
    row = next(read_export(source).iter_rows("Exit.csv"))
    assert make(row, row["ExitID"]) is None  # its enrollment is unknown: convert() reports it
    importer.ids["Enrollment.csv"] = {row["EnrollmentID"]: 41}
    importer.ids["Client.csv"] = {row["PersonalID"]: 42}
    importer.enrollment_org = {41: 7}
    made = importer._line_maker(plan)(row, row["ExitID"]).rstrip("\n").split("\t")
    names = [f.attname for f in plan.insert_fields]
    assert made[names.index("enrollment_id")] == "41" and made[names.index("client_id")] == "42"
    assert made[names.index("owner_org_id")] == "7" and made[names.index("export_id")] == str(first.pk)


def test_an_agency_representatives_project_outside_their_organizations_is_left_to_the_general_path(
    source: Path,  # noqa: F811
):
    first = import_export(path=source)
    importer = _Importer(first, first.data_source, acting_user=None, organization_ids={-1})
    importer.use_copy = True
    plan = _plan("Enrollment.csv")
    row = next(read_export(source).iter_rows("Enrollment.csv"))
    importer.ids = {"Project.csv": {row["ProjectID"]: 5}, "Client.csv": {row["PersonalID"]: 6}, "User.csv": {}}
    importer.project_org = {5: 9}
    assert importer._line_maker(plan)(row, row["EnrollmentID"]) is None
    importer.allowed = {9}
    assert importer._line_maker(plan)(row, row["EnrollmentID"]) is not None


def test_copy_streams_keep_the_csv_line_of_each_row_written_as_text():
    stream = _CopyStream.__new__(_CopyStream)
    stream.failure = None
    written: list[str] = []
    stream.copy = type("Copy", (), {"write": staticmethod(written.append)})()
    from array import array

    stream.lines = array("l")
    stream.write_text(["a\n", "b\n"], array("l", [7, 9]))
    assert written == ["a\nb\n"] and list(stream.lines) == [7, 9]
