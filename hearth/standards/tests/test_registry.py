"""The HUD standards registry: code lists and CSV layouts as HUD publishes them."""

import json
import os
from pathlib import Path

import pytest

from hearth import standards

SHARED = Path(os.environ.get("HEARTH_SHARED", Path(__file__).resolve().parents[3].parent / "shared"))


def test_it_has_all_88_fy2026_code_lists():
    assert len(standards.list_ids()) == 88
    assert "3.12.1" in standards.list_ids()


def test_choices_and_labels_come_from_hud_lists():
    assert (1, "Yes") in standards.choices("1.10")
    assert standards.label("2.02.6", 13) == "PH – Rapid Re-Housing"
    assert standards.label("2.02.6", 5) == ""


def test_translatable_labels_leave_out_proper_names_and_numbers():
    labels = standards.translatable_labels()
    assert len(labels) == len(set(labels))
    assert "Client doesn’t know" in labels and "Place not meant for habitation" in " ".join(labels)
    assert "Anchorage CoC" not in labels and "(402) Togus, ME" not in labels  # 2.03.1, V6.1: proper names
    assert "1-3" not in labels and "12" not in labels  # nothing to translate


def test_display_labels_are_lazy_and_keep_codes():
    from django.utils.functional import Promise

    shown = standards.display_choices("1.8")
    assert [code for code, _label in shown] == [code for code, _label in standards.choices("1.8")]
    assert all(isinstance(label, Promise) for _code, label in shown)
    assert standards.display_label("1.8", 42) == ""
    assert standards.display_choices("2.03.1")[0] == standards.choices("2.03.1")[0]  # plain text, untranslated


def test_living_situation_subsets_differ_by_field():
    # 312 (Staying or living with family, temporary tenure) is a destination, not a prior living situation code.
    assert not standards.is_valid_code("Enrollment.csv", "LivingSituation", 312)
    assert standards.is_valid_code("Exit.csv", "Destination", 312)
    assert not standards.is_valid_code("Exit.csv", "Destination", 37)
    assert standards.is_valid_code("CurrentLivingSituation.csv", "CurrentLivingSituation", 37)


def test_conditional_lists_follow_the_field_they_depend_on():
    assert standards.is_valid_code("Disabilities.csv", "DisabilityResponse", 2, {"DisabilityType": 10})
    assert not standards.is_valid_code("Disabilities.csv", "DisabilityResponse", 2, {"DisabilityType": 5})
    assert standards.is_valid_code("Services.csv", "TypeProvided", 200, {"RecordType": 200})
    assert not standards.is_valid_code("Services.csv", "TypeProvided", 1, {"RecordType": 200})
    assert standards.is_valid_code("Exit.csv", "SubsidyInformation", 11, {"HousingAssessment": 2})
    assert not standards.is_valid_code("Exit.csv", "SubsidyInformation", 1, {"HousingAssessment": 2})
    # No list applies to SubTypeProvided unless the SSVF service is one with sub-types.
    assert not standards.is_valid_code("Services.csv", "SubTypeProvided", 1, {"RecordType": 144, "TypeProvided": 1})
    assert standards.is_valid_code("Services.csv", "SubTypeProvided", 1, {"RecordType": 144, "TypeProvided": 5})


def test_blank_is_valid_only_for_nullable_columns():
    assert standards.is_valid_code("Enrollment.csv", "LivingSituation", None)
    assert not standards.is_valid_code("Client.csv", "VeteranStatus", None)


@pytest.mark.parametrize("year,count", [("2022", 23), ("2024", 24), ("2026", 24)])
def test_layouts_per_spec_year(year, count):
    assert len(standards.files(year)) == count
    assert standards.header("Client.csv", year)[0] == "PersonalID"


def test_fy2026_layout_has_sex_and_no_gender():
    header = standards.header("Client.csv")
    assert "Sex" in header and "Woman" not in header
    assert "Woman" in standards.header("Client.csv", "2024")


def test_unknown_spec_year_and_list_are_refused_clearly():
    with pytest.raises(KeyError, match="spec year"):
        standards.files("2019")
    with pytest.raises(KeyError, match="code list"):
        standards.code_list("9.99")


def test_field_names_are_snake_case_of_hud_columns():
    assert standards.field_name("RelationshipToHoH") == "relationship_to_hoh"
    assert standards.field_name("EnrollmentCoC") == "enrollment_coc"
    assert standards.field_name("PersonalID") == "client"
    assert standards.field_name("TCellCountAvailable") == "t_cell_count_available"


@pytest.mark.skipif(not (SHARED / "hud").is_dir(), reason="../shared/hud is not present: cannot compare the data files")
def test_data_files_match_the_shared_reference():
    """hearth/standards/data is derived from ../shared/hud: re-run scripts/sync_standards.py if this fails."""
    source = json.loads((SHARED / "hud" / "hud_csv_columns_fy2026.json").read_text("utf-8"))
    for file_name, columns in source.items():
        assert standards.header(file_name) == [c["name"] for c in columns]
    lists = json.loads((SHARED / "hud" / "hud_lists_fy2026.json").read_text("utf-8"))["lists"]
    for list_id, raw in lists.items():
        assert standards.code_list(list_id).codes == tuple(v["code"] for v in raw["values"])
