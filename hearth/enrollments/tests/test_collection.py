"""The collection rules engine: which elements a project collects, at which stage, about whom."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from hearth.enrollments import collection as c
from hearth.enrollments.collection import ADULT, ANNUAL, CHILD, EXIT, HOH, PROJECT_START, UPDATE

ES_EE, ES_NBN, TH, PSH, SO, SSO, HP, RRH, CE = 0, 1, 2, 3, 4, 6, 12, 13, 14
ESG_SHELTER, PATH, RHY_BCP, SSVF, HOPWA_PH, COC_PSH, VASH = 8, 21, 22, 33, 15, 2, 20


def elements(project_type, funders, stage, member):
    return c.required_elements(project_type=project_type, funder_codes=funders, stage=stage, member=member)


def test_universal_elements_for_any_project():
    assert elements(ES_EE, [], PROJECT_START, HOH) == ["3.08", "3.16", "3.917"]
    assert elements(ES_EE, [], PROJECT_START, ADULT) == ["3.08", "3.917"]
    assert elements(ES_EE, [], PROJECT_START, CHILD) == ["3.08"]
    assert elements(ES_EE, [], EXIT, CHILD) == ["3.12"]


def test_es_entry_exit_esg_collects_income_for_adults_not_children():
    adult = elements(ES_EE, [ESG_SHELTER], PROJECT_START, ADULT)
    child = elements(ES_EE, [ESG_SHELTER], PROJECT_START, CHILD)
    assert {"4.02", "4.03", "4.04", "4.05", "4.11"} <= set(adult)
    assert "4.02" not in child and "4.03" not in child and "4.11" not in child
    assert {"4.04", "4.05", "4.10"} <= set(child)


def test_night_by_night_esg_collects_no_income():
    assert "4.02" not in elements(ES_NBN, [ESG_SHELTER], PROJECT_START, HOH)
    assert "4.11" in elements(ES_NBN, [ESG_SHELTER], PROJECT_START, HOH)


def test_path_project_collects_path_elements_for_adults():
    adult = elements(SO, [PATH], PROJECT_START, ADULT)
    assert "P4" in adult and "4.02" in adult
    assert "P4" not in elements(SO, [PATH], PROJECT_START, CHILD)
    assert "P4" not in elements(SO, [ESG_SHELTER], PROJECT_START, ADULT)
    assert ("P1", 141) in c.service_record_types(project_type=SO, funder_codes=[PATH])
    assert "4.12" in c.occurrence_elements(project_type=SO, funder_codes=[PATH])


def test_rhy_bcp_elements_and_exit():
    start = elements(ES_EE, [RHY_BCP], PROJECT_START, HOH)
    assert {"R1", "R2", "R4", "R5", "R6", "R7", "R11", "R13"} <= set(start)
    assert "R2" in elements(ES_EE, [RHY_BCP], PROJECT_START, CHILD)
    assert {"R15", "R17", "R18", "R19"} <= set(elements(ES_EE, [RHY_BCP], EXIT, ADULT))


def test_ssvf_hp_collects_targeting_for_the_head_only():
    assert {"V4", "V6", "V7", "V10"} <= set(elements(HP, [SSVF], PROJECT_START, HOH))
    assert "V7" not in elements(HP, [SSVF], PROJECT_START, ADULT)
    assert "V7" not in elements(RRH, [SSVF], PROJECT_START, HOH)


def test_hopwa_collects_medical_assistance_and_hiv_details():
    coll = c.collection_for(project_type=PSH, funder_codes=[HOPWA_PH], stage=PROJECT_START, member=CHILD)
    assert {"W3", "W4", "W6", "4.08"} <= set(coll.elements)
    keys = {q.key for q in coll.questions}
    assert "disability8__t_cell_count_available" in keys and "income__adap" in keys


def test_hopwa_asks_why_a_health_insurance_source_is_missing():
    hopwa = c.collection_for(project_type=PSH, funder_codes=[HOPWA_PH], stage=PROJECT_START, member=ADULT)
    reasons = [q for q in hopwa.questions if q.field == "no_vha_reason"]
    assert len(reasons) == 1
    given = {"income__insurance_from_any_source": 1, "income__vha_services": 0}
    assert reasons[0].applies(given) and not reasons[0].applies({**given, "income__vha_services": 1})
    coc = c.collection_for(project_type=PSH, funder_codes=[COC_PSH], stage=PROJECT_START, member=ADULT)
    assert not any(q.field.endswith("_reason") and q.element == "4.04" for q in coc.questions)


def test_annual_assessment_collects_income_not_disabilities():
    annual = elements(PSH, [COC_PSH], ANNUAL, HOH)
    assert {"4.02", "4.03", "4.04"} <= set(annual)
    assert "4.05" not in annual and "4.11" not in annual
    assert "4.11" in elements(PSH, [COC_PSH], UPDATE, HOH)


def test_hud_vash_exit_information_for_head_only():
    assert "V9" in elements(PSH, [VASH], EXIT, HOH)
    assert "V9" not in elements(PSH, [VASH], EXIT, ADULT)


def test_recommended_only_elements_are_not_required():
    # YHDP: R7 General Health Status is recommended, not required.
    assert "R7" not in elements(TH, [43], PROJECT_START, HOH)
    assert "C3" in elements(TH, [43], PROJECT_START, HOH)


def test_retired_elements_are_never_asked():
    assert "C4" not in elements(TH, [5], PROJECT_START, HOH)


def test_member_kind_by_relationship_and_age():
    assert c.member_kind(1, 12) == HOH
    assert c.member_kind(2, 17) == CHILD
    assert c.member_kind(3, 18) == ADULT
    assert c.member_kind(2, None) == ADULT
    assert c.age_on(date(2008, 11, 22), date(2026, 11, 21)) == 17
    assert c.age_on(date(2008, 11, 21), date(2026, 11, 21)) == 18


def answers(**values):
    return {f"enrollment__{k}": v for k, v in values.items()}


def asked(project_type, given):
    coll = c.collection_for(project_type=project_type, funder_codes=[], stage=PROJECT_START, member=HOH)
    return {q.field for q in coll.questions if q.element == "3.917" and q.applies(given)}


def test_prior_living_situation_form_a_asks_history_always():
    assert {"date_to_street_essh", "times_homeless_past_three_years"} <= asked(ES_EE, answers(living_situation=410))
    assert "previous_street_essh" not in asked(ES_EE, answers(living_situation=207, length_of_stay=10))


def test_prior_living_situation_form_b_branches():
    housed_long = asked(PSH, answers(living_situation=410, length_of_stay=5))
    assert "previous_street_essh" not in housed_long and "date_to_street_essh" not in housed_long
    housed_short = asked(PSH, answers(living_situation=410, length_of_stay=11))
    assert "previous_street_essh" in housed_short and "date_to_street_essh" not in housed_short
    broke = asked(PSH, answers(living_situation=207, length_of_stay=3, previous_street_essh=1))
    assert {"previous_street_essh", "date_to_street_essh", "months_homeless_past_three_years"} <= broke
    jail_long = asked(PSH, answers(living_situation=207, length_of_stay=4, previous_street_essh=1))
    assert "date_to_street_essh" not in jail_long
    street = asked(PSH, answers(living_situation=116, length_of_stay=5))
    assert "date_to_street_essh" in street and "previous_street_essh" not in street
    assert "rental_subsidy_type" in asked(PSH, answers(living_situation=435))


def test_every_question_names_a_model_field_with_its_element():
    for project_type in range(15):
        for stage in (PROJECT_START, UPDATE, ANNUAL, EXIT):
            for member in (HOH, ADULT, CHILD):
                coll = c.collection_for(
                    project_type=project_type, funder_codes=list(range(1, 57)), stage=stage, member=member
                )
                for question in coll.questions:
                    assert question.model_field().name == question.field


def shared_rules_path() -> Path:
    base = Path(os.environ.get("HEARTH_TESTKITS", Path(__file__).resolve().parents[3] / ".." / "shared" / "testkits"))
    return base.parent / "hud" / "collection_rules_fy2026.json"


def test_rules_table_matches_the_shared_rules_file():
    path = shared_rules_path()
    if not path.exists():
        pytest.skip(f"{path} not present")
    data = json.loads(path.read_text())
    assert len(data) == len(c.RULES)
    for raw, rule in zip(data, c.RULES, strict=True):
        assert (raw["element"], tuple(raw["stages"]), raw["subjects"]) == (rule.element, rule.stages, rule.subjects)
        for raw_req, req in zip(raw["requirements"], rule.requirements, strict=True):
            funders = None if raw_req["funder_codes"] == "any" else tuple(raw_req["funder_codes"])
            types = raw_req["project_types"]
            types = None if types == "any" else tuple(int(t.split(":")[0]) for t in types)
            assert (funders, types) == (req.funders, req.project_types)


def test_post_exit_collects_r20_aftercare_for_rhy_adults_except_street_outreach():
    assert elements(TH, [24], c.POST_EXIT, ADULT) == ["R20"]
    assert elements(TH, [24], c.POST_EXIT, CHILD) == []
    assert elements(SO, [25], c.POST_EXIT, HOH) == []
    questions = c.collection_for(project_type=TH, funder_codes=[24], stage=c.POST_EXIT, member=HOH).questions
    ways = [q for q in questions if q.when]
    assert {q.field for q in ways} == {"email_social_media", "telephone", "in_person_individual", "in_person_group"}
    assert not ways[0].applies({"exit__aftercare_provided": 0}) and ways[0].applies({"exit__aftercare_provided": 1})


def test_v1_follows_the_va_funders_and_project_types_of_hud_s_header():
    assert c.veteran_information_required(project_type=TH, funder_codes=[37])  # GPD bridge housing
    assert c.veteran_information_required(project_type=PSH, funder_codes=[VASH])
    assert c.veteran_information_required(project_type=RRH, funder_codes=[SSVF])
    assert not c.veteran_information_required(project_type=SSO, funder_codes=[SSVF])  # SSVF: RRH and HP only
    assert not c.veteran_information_required(project_type=SO, funder_codes=[VASH])
    assert not c.veteran_information_required(project_type=TH, funder_codes=[COC_PSH])
    fields = [q.field for q in c.veteran_information().questions]
    assert fields[:2] == ["year_entered_service", "year_separated"] and fields[-2:] == [
        "military_branch",
        "discharge_status",
    ]


def test_service_details_by_record_type_and_member():
    v2 = {q.field: q for q in c.service_questions(144).questions}
    assert set(v2) == {"type_provided", "sub_type_provided", "other_type_provided"}
    assert v2["sub_type_provided"].applies({"service__type_provided": 4})
    assert not v2["sub_type_provided"].applies({"service__type_provided": 2})
    v3 = {q.field: q.required for q in c.service_questions(152).questions}
    assert v3 == {"type_provided": True, "fa_amount": True, "fa_start_date": True, "fa_end_date": False}
    assert [q.field for q in c.service_questions(143).questions] == ["type_provided"]  # W1: the service only
    head = c.member_service_record_types(project_type=HP, funder_codes=[17], member=HOH)
    child = c.member_service_record_types(project_type=HP, funder_codes=[17], member=CHILD)
    assert ("W2", 151) in head and ("W2", 151) not in child and ("W1", 143) in child


def test_every_element_name_is_translatable_and_shown_in_spanish():
    from django.utils import translation

    from hearth.enrollments import collection as rules
    from hearth.enrollments.element_names import ELEMENT_NAMES

    used = {rules.english_element_name(rule) for rule in (*rules.RULES, rules.VETERAN_INFORMATION)}
    assert used == set(ELEMENT_NAMES)  # a new rule's element needs its name marked for translation
    assert rules.element_name("3.917") == "Prior Living Situation"
    with translation.override("es"):
        assert rules.element_name("3.917") == "Situación de vivienda anterior"
        assert rules.element_name("V1") == "Información del veterano"
