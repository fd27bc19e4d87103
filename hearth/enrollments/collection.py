"""HUD data collection rules: which data elements a project collects, at which stage, about whom (FY2026).

The rules table below is derived from ``../shared/hud/collection_rules_fy2026.json`` (facts only: element, stages,
subjects, and per funder the project types); ``test_collection`` checks it still matches that file. Forms for project
start, updates, annual assessments and exits are built from these rules and the model fields' HUD metadata, not written
per program. Django-free apart from reading model field metadata in ``Question.model_field``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

# Data collection stages (5.03 DataCollectionStage) and the rules' names for them.
PROJECT_START, UPDATE, ANNUAL, EXIT, POST_EXIT = (
    "project_start",
    "update",
    "annual_assessment",
    "project_exit",
    "post_exit",
)
STAGE_CODES = {PROJECT_START: 1, UPDATE: 2, EXIT: 3, ANNUAL: 5, POST_EXIT: 6}
STAGES = (PROJECT_START, UPDATE, ANNUAL, EXIT, POST_EXIT)

# Who a member is, for "Data Collected About".
HOH, ADULT, CHILD = "hoh", "adult", "child"
SUBJECTS = {
    "all_clients": {HOH, ADULT, CHILD},
    "head_of_household": {HOH},
    "head_of_household_and_adults": {HOH, ADULT},
}

ANY = None
# Funder groups (2.06.1 FundingSource codes).
COC = (1, 2, 3, 4, 5, 6, 7, 43, 44, 56)
ESG = (8, 9, 10, 11)
HOPWA = (13, 14, 15, 16, 17, 18, 19)
RHY = (22, 23, 24, 25, 26)
GPD = (37, 38, 39, 40, 41, 42, 45)
# Project type groups (2.02.6 ProjectType codes).
NOT_SSO_CE = (0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13)
NOT_ES_NBN = (0, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14)
NOT_ES_SO = (2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14)
PH = (3, 9, 10, 13)
NOT_SO = (0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14)
NOT_SO_HP = (0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 13, 14)
ES_SO_SH = (0, 1, 4, 8)  # 3.917A; every other type uses 3.917B
NOT_ES_SO_SH = (2, 3, 6, 7, 9, 10, 11, 12, 13, 14)


@dataclass(frozen=True)
class Req:
    """One funder's requirement: projects with one of ``funders`` (ANY: every project) of one of ``project_types``."""

    funders: tuple[int, ...] | None
    project_types: tuple[int, ...] | None
    recommended: bool = False  # beyond HUD's dictionary (e.g. YHDP "recommended only"): offered, not required

    def applies(self, project_type: int | None, funder_codes: Iterable[int]) -> bool:
        if self.recommended:
            return False
        if self.funders is not None and not set(self.funders) & set(funder_codes):
            return False
        return self.project_types is None or project_type in self.project_types


@dataclass(frozen=True)
class Rule:
    element: str
    name: str
    stages: tuple[str, ...]
    subjects: str
    requirements: tuple[Req, ...]

    def applies(self, project_type: int | None, funder_codes: Iterable[int]) -> bool:
        codes = tuple(funder_codes)
        return any(req.applies(project_type, codes) for req in self.requirements)


RULES: tuple[Rule, ...] = (
    Rule("3.08", "Disabling Condition", ("project_start",), "all_clients", (Req(ANY, ANY),)),
    Rule("3.12", "Destination", ("project_exit",), "all_clients", (Req(ANY, ANY),)),
    Rule("3.16", "Enrollment CoC", ("project_start",), "head_of_household", (Req(ANY, ANY),)),
    Rule(
        "3.20",
        "Housing Move-In Date",
        ("occurrence_point",),
        "head_of_household",
        (
            Req(ANY, PH),
            Req((45,), ANY),
        ),
    ),
    Rule(
        "3.917",
        "Prior Living Situation (form A: ES, SO, SH project types)",
        ("project_start",),
        "head_of_household_and_adults",
        (Req(ANY, ES_SO_SH),),
    ),
    Rule(
        "3.917",
        "Prior Living Situation (form B: all other project types)",
        ("project_start",),
        "head_of_household_and_adults",
        (Req(ANY, NOT_ES_SO_SH),),
    ),
    Rule(
        "4.02",
        "Income and Sources",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "head_of_household_and_adults",
        (
            Req(COC, NOT_SSO_CE),
            Req((56,), ANY),
            Req(ESG, NOT_ES_NBN),
            Req((53,), NOT_ES_SO),
            Req(HOPWA, ANY),
            Req((54,), NOT_SSO_CE),
            Req((55,), NOT_SSO_CE),
            Req((20,), ANY),
            Req((35,), PH),
            Req((21,), ANY),
            Req((23,), ANY),
            Req((24,), ANY),
            Req((26,), ANY),
            Req((33,), (12, 13)),
            Req(GPD, ANY),
            Req((30,), ANY),
            Req((27,), ANY),
            Req((43,), ANY),
        ),
    ),
    Rule(
        "4.03",
        "Non-Cash Benefits",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "head_of_household_and_adults",
        (
            Req(COC, NOT_SSO_CE),
            Req((56,), ANY),
            Req(ESG, NOT_ES_NBN),
            Req((53,), NOT_ES_SO),
            Req(HOPWA, ANY),
            Req((54,), NOT_SSO_CE),
            Req((55,), NOT_SSO_CE),
            Req((20,), ANY),
            Req((35,), PH),
            Req((21,), ANY),
            Req((22,), ANY),
            Req((23,), ANY),
            Req((24,), ANY),
            Req((26,), ANY),
            Req((33,), (12, 13)),
            Req(GPD, ANY),
            Req((30,), ANY),
            Req((27,), ANY),
            Req((43,), ANY),
        ),
    ),
    Rule(
        "4.04",
        "Health Insurance",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "all_clients",
        (
            Req(COC, NOT_SSO_CE),
            Req((56,), ANY),
            Req(ESG, NOT_ES_NBN),
            Req((53,), NOT_ES_SO),
            Req(HOPWA, ANY),
            Req((54,), NOT_SSO_CE),
            Req((55,), NOT_SSO_CE),
            Req((20,), ANY),
            Req((35,), PH),
            Req((21,), ANY),
            Req(RHY, ANY),
            Req((33,), (12, 13)),
            Req(GPD, ANY),
            Req((30,), ANY),
            Req((27,), ANY),
            Req((43,), ANY),
        ),
    ),
    Rule(
        "4.05",
        "Physical Disability",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "all_clients",
        (
            Req(COC, NOT_SSO_CE),
            Req((56,), ANY),
            Req(ESG, NOT_ES_NBN),
            Req((53,), NOT_ES_SO),
            Req(HOPWA, ANY),
            Req((54,), NOT_SSO_CE),
            Req((55,), NOT_SSO_CE),
            Req((35,), PH),
            Req((21,), ANY),
            Req(RHY, ANY),
            Req((43,), ANY),
        ),
    ),
    Rule(
        "4.06",
        "Developmental Disability",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "all_clients",
        (
            Req(COC, NOT_SSO_CE),
            Req((56,), ANY),
            Req(ESG, NOT_ES_NBN),
            Req((53,), NOT_ES_SO),
            Req(HOPWA, ANY),
            Req((54,), NOT_SSO_CE),
            Req((55,), NOT_SSO_CE),
            Req((35,), PH),
            Req((21,), ANY),
            Req(RHY, ANY),
            Req((43,), ANY),
        ),
    ),
    Rule(
        "4.07",
        "Chronic Health Condition",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "all_clients",
        (
            Req(COC, NOT_SSO_CE),
            Req((56,), ANY),
            Req(ESG, NOT_ES_NBN),
            Req((53,), NOT_ES_SO),
            Req(HOPWA, ANY),
            Req((54,), NOT_SSO_CE),
            Req((55,), NOT_SSO_CE),
            Req((35,), PH),
            Req((21,), ANY),
            Req(RHY, ANY),
            Req((43,), ANY),
        ),
    ),
    Rule(
        "4.08",
        "HIV/AIDS",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "all_clients",
        (
            Req(COC, NOT_SSO_CE),
            Req((56,), ANY),
            Req(ESG, NOT_ES_NBN),
            Req((53,), NOT_ES_SO),
            Req(HOPWA, ANY),
            Req((54,), NOT_SSO_CE),
            Req((55,), NOT_SSO_CE),
            Req((35,), PH),
            Req((43,), ANY),
        ),
    ),
    Rule(
        "4.09",
        "Mental Health Disorder",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "all_clients",
        (
            Req(COC, NOT_SSO_CE),
            Req((56,), ANY),
            Req(ESG, NOT_ES_NBN),
            Req((53,), NOT_ES_SO),
            Req(HOPWA, ANY),
            Req((54,), NOT_SSO_CE),
            Req((55,), NOT_SSO_CE),
            Req((35,), PH),
            Req((21,), ANY),
            Req(RHY, ANY),
            Req((43,), ANY),
        ),
    ),
    Rule(
        "4.10",
        "Substance Use Disorder",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "all_clients",
        (
            Req(COC, NOT_SSO_CE),
            Req((56,), ANY),
            Req(ESG, NOT_ES_NBN),
            Req((53,), NOT_ES_SO),
            Req(HOPWA, ANY),
            Req((54,), NOT_SSO_CE),
            Req((55,), NOT_SSO_CE),
            Req((35,), PH),
            Req((21,), ANY),
            Req(RHY, ANY),
            Req((43,), ANY),
        ),
    ),
    Rule(
        "4.11",
        "Domestic Violence",
        ("project_start", "update"),
        "head_of_household_and_adults",
        (
            Req(COC, NOT_SSO_CE),
            Req((56,), ANY),
            Req(ESG, ANY),
            Req((53,), NOT_ES_SO),
            Req(HOPWA, ANY),
            Req((54,), NOT_SSO_CE),
            Req((55,), NOT_SSO_CE),
            Req((20,), ANY),
            Req((35,), PH),
            Req((21,), ANY),
            Req((33,), (12, 13)),
            Req(GPD, ANY),
            Req((30,), ANY),
            Req((27,), ANY),
            Req((43,), ANY),
        ),
    ),
    Rule(
        "4.12",
        "Current Living Situation",
        ("occurrence_point",),
        "head_of_household_and_adults",
        (
            Req((4,), ANY),
            Req((43,), ANY),
            Req((11,), ANY),
            Req((8,), (1,)),
            Req((53,), (1, 4, 14)),
            Req((54,), (4, 14)),
            Req((55,), (4, 14)),
            Req((21,), ANY),
            Req((25,), ANY),
        ),
    ),
    Rule("4.13", "Date of Engagement", ("occurrence_point",), "head_of_household_and_adults", (Req(ANY, (1, 4, 6)),)),
    Rule("4.14", "Bed-night Date", ("occurrence_point",), "all_clients", (Req(ANY, (1,)),)),
    Rule(
        "P1",
        "Services Provided - PATH Funded",
        ("occurrence_point",),
        "head_of_household_and_adults",
        (Req((21,), ANY),),
    ),
    Rule("P2", "Referrals Provided - PATH", ("occurrence_point",), "head_of_household_and_adults", (Req((21,), ANY),)),
    Rule("P3", "PATH Status", ("occurrence_point",), "head_of_household_and_adults", (Req((21,), ANY),)),
    Rule(
        "P4",
        "Connection with SOAR",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "head_of_household_and_adults",
        (
            Req((21,), ANY),
            Req((33,), (12, 13)),
        ),
    ),
    Rule(
        "R1",
        "Referral Source",
        ("project_start",),
        "head_of_household_and_adults",
        (
            Req((43,), ANY),
            Req(RHY, NOT_SO),
        ),
    ),
    Rule("R2", "RHY-BCP Status", ("project_start",), "all_clients", (Req((22,), ANY),)),
    Rule(
        "R3",
        "Sexual Orientation",
        ("project_start",),
        "head_of_household_and_adults",
        (
            Req((43,), ANY),
            Req(RHY, ANY),
            Req((2,), ANY),
            Req((54,), (3,)),
            Req((55,), (3,)),
        ),
    ),
    Rule(
        "R4",
        "Last Grade Completed",
        ("project_start", "project_exit"),
        "head_of_household_and_adults",
        (
            Req((20,), ANY),
            Req(RHY, NOT_SO),
            Req((33,), (12, 13)),
        ),
    ),
    Rule("R5", "School Status", ("project_start", "project_exit"), "head_of_household_and_adults", (Req(RHY, NOT_SO),)),
    Rule(
        "R6",
        "Employment Status",
        ("project_start", "project_exit"),
        "head_of_household_and_adults",
        (
            Req((20,), ANY),
            Req(RHY, NOT_SO),
            Req((33,), (12, 13)),
            Req(GPD, ANY),
        ),
    ),
    Rule(
        "R7",
        "General Health Status",
        ("project_start", "project_exit"),
        "head_of_household_and_adults",
        (
            Req((20,), ANY),
            Req(RHY, NOT_SO),
            Req((43,), ANY, recommended=True),
        ),
    ),
    Rule(
        "R8",
        "Dental Health Status",
        ("project_start", "project_exit"),
        "head_of_household_and_adults",
        (
            Req(RHY, NOT_SO),
            Req((43,), ANY, recommended=True),
        ),
    ),
    Rule(
        "R9",
        "Mental Health Status",
        ("project_start", "project_exit"),
        "head_of_household_and_adults",
        (
            Req(RHY, NOT_SO),
            Req((43,), ANY, recommended=True),
        ),
    ),
    Rule(
        "R10",
        "Pregnancy Status",
        ("project_start", "update"),
        "head_of_household_and_adults",
        (
            Req(RHY, ANY),
            Req((43,), ANY, recommended=True),
        ),
    ),
    Rule(
        "R11",
        "Formerly a Ward of Child Welfare/Foster Care Agency",
        ("project_start",),
        "head_of_household_and_adults",
        (
            Req(RHY, NOT_SO),
            Req((43,), ANY, recommended=True),
        ),
    ),
    Rule(
        "R12",
        "Formerly a Ward of Juvenile Justice System",
        ("project_start",),
        "head_of_household_and_adults",
        (
            Req(RHY, NOT_SO),
            Req((43,), ANY, recommended=True),
        ),
    ),
    Rule("R13", "Family Critical Issues", ("project_start",), "head_of_household_and_adults", (Req(RHY, NOT_SO),)),
    Rule(
        "R14",
        "RHY Service Connections",
        ("occurrence_point",),
        "head_of_household_and_adults",
        (
            Req((22,), ANY),
            Req((23,), ANY),
            Req((24,), ANY),
            Req((26,), ANY),
        ),
    ),
    Rule(
        "R15",
        "Commercial Sexual Exploitation/Sex Trafficking",
        ("project_exit",),
        "head_of_household_and_adults",
        (Req(RHY, ANY),),
    ),
    Rule("R16", "Labor Exploitation/Trafficking", ("project_exit",), "head_of_household_and_adults", (Req(RHY, ANY),)),
    Rule(
        "R17",
        "Project Completion Status",
        ("project_exit",),
        "head_of_household_and_adults",
        (
            Req(RHY, NOT_SO_HP),
            Req((43,), ANY, recommended=True),
        ),
    ),
    Rule("R18", "Counseling", ("project_exit",), "head_of_household_and_adults", (Req(RHY, NOT_SO),)),
    Rule(
        "R19",
        "Safe and Appropriate Exit",
        ("project_exit",),
        "head_of_household_and_adults",
        (
            Req(RHY, NOT_SO_HP),
            Req((43,), ANY, recommended=True),
        ),
    ),
    Rule("R20", "Aftercare Plans", ("post_exit",), "head_of_household_and_adults", (Req(RHY, NOT_SO),)),
    Rule("V2", "Services Provided - SSVF", ("occurrence_point",), "all_clients", (Req((33,), ANY),)),
    Rule("V3", "Financial Assistance - SSVF", ("occurrence_point",), "all_clients", (Req((33,), ANY),)),
    Rule(
        "V4",
        "Percent of AMI (SSVF Eligibility)",
        ("project_start",),
        "head_of_household",
        (
            Req((33,), (12, 13)),
            Req(HOPWA, ANY),
        ),
    ),
    Rule(
        "V6",
        "VAMC Station Number",
        ("project_start",),
        "head_of_household",
        (
            Req((20,), ANY),
            Req((33,), (12, 13)),
            Req(GPD, ANY),
            Req((30,), ANY),
            Req((27,), ANY),
        ),
    ),
    Rule("V7", "HP Targeting Criteria", ("project_start",), "head_of_household", (Req((33,), (12,)),)),
    Rule("V8", "HUD-VASH Voucher Tracking", ("occurrence_point",), "head_of_household_and_adults", (Req((20,), (3,)),)),
    Rule("V9", "HUD-VASH Exit Information", ("project_exit",), "head_of_household", (Req((20,), ANY),)),
    Rule(
        "V10",
        "Mental Health Consultation",
        ("project_start",),
        "head_of_household",
        (
            Req((33,), (6, 12, 13)),
            Req(GPD, (6, 12, 13)),
        ),
    ),
    Rule("W1", "Services Provided - HOPWA", ("occurrence_point",), "all_clients", (Req(HOPWA, ANY),)),
    Rule("W2", "Financial Assistance - HOPWA", ("occurrence_point",), "head_of_household", (Req(HOPWA, ANY),)),
    Rule("W3", "Medical Assistance", ("project_start", "update", "project_exit"), "all_clients", (Req(HOPWA, ANY),)),
    Rule(
        "W4",
        "T-cell (CD4) and Viral Load",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "all_clients",
        (Req(HOPWA, ANY),),
    ),
    Rule(
        "W5",
        "Housing Assessment at Exit",
        ("project_exit",),
        "all_clients",
        (
            Req(COC, (12,)),
            Req(ESG, (12,)),
            Req((53,), (12,)),
            Req(HOPWA, (0, 2, 3, 6, 12)),
        ),
    ),
    Rule(
        "W6",
        "Prescribed Anti-Retroviral",
        ("project_start", "update", "annual_assessment", "project_exit"),
        "all_clients",
        (Req(HOPWA, ANY),),
    ),
    Rule(
        "C2",
        "Moving On Assistance Provided",
        ("occurrence_point",),
        "head_of_household",
        (
            Req((2,), (3,)),
            Req((43,), (3,)),
            Req((56,), (3,)),
            Req((54,), (3,)),
            Req((55,), (3,)),
        ),
    ),
    Rule("C3", "Youth Education Status", ("project_start", "project_exit"), "head_of_household", (Req((43,), ANY),)),
    Rule(
        "C4",
        "Translation Assistance Needed",
        ("project_start",),
        "head_of_household",
        (
            Req(COC, ANY),
            Req(ESG, ANY),
            Req((53,), NOT_ES_SO),
            Req((54,), ANY),
            Req((55,), ANY),
        ),
    ),
)

# HUD's dictionary collects 4.05-4.10 at project start, update and exit only; Green River adds the annual assessment
# (see the rules file's notes), which we leave out.
NOT_ANNUAL = {"4.05", "4.06", "4.07", "4.08", "4.09", "4.10"}
# Retired from the FY2026 HMIS CSV (no column to store them in).
RETIRED = {"R3", "C4"}

# V1 Veteran's Information is not in the rules file (it is collected at record creation, about veterans, and stored
# on the client); its requirements are from HUD's Data Standards Manual FY2026, V1 header: HUD-VASH, SSVF (RRH and
# HP only), every GPD component, VA Community Contract Safe Haven and CRS Contract Residential Services, in
# ES entry-exit, TH, PSH, SSO, SH, PH housing only, HP and RRH projects.
V1_PROJECT_TYPES = (0, 2, 3, 6, 8, 9, 12, 13)
VETERAN_INFORMATION = Rule(
    "V1",
    "Veteran's Information",
    ("record_creation",),
    "veterans",
    (
        Req((20,), V1_PROJECT_TYPES),
        Req((33,), (12, 13)),
        Req(GPD, V1_PROJECT_TYPES),
        Req((27,), V1_PROJECT_TYPES),
        Req((30,), V1_PROJECT_TYPES),
    ),
)
V1_THEATERS = (
    "world_war_ii",
    "korean_war",
    "vietnam_war",
    "desert_storm",
    "afghanistan_oef",
    "iraq_oif",
    "iraq_ond",
    "other_theater",
)

# 3.12.1 living situations by group (3.917 branching).
HOMELESS_SITUATIONS = frozenset({101, 116, 118})
INSTITUTIONAL_SITUATIONS = frozenset({204, 205, 206, 207, 215, 225})
HOUSED_SITUATIONS = frozenset({302, 312, 313, 314, 327, 329, 332, 335, 336, 410, 411, 421, 422, 423, 426, 435, 17})
# 3.917.2 Length of stay: under 90 days (institutions, 3.917.2A) and under 7 nights (other places, 3.917.2B).
UNDER_90_DAYS = frozenset({10, 11, 2, 3})
UNDER_7_NIGHTS = frozenset({10, 11})
RENTAL_WITH_SUBSIDY = 435
YES = frozenset({1})
NO = frozenset({0})

# Where an answer is stored: one record per kind per member and stage.
RECORD_MODELS = {
    "enrollment": "Enrollment",
    "exit": "Exit",
    "income": "IncomeBenefits",
    "health": "HealthAndDV",
    "employment": "EmploymentEducation",
    "youth": "YouthEducationStatus",
    **{f"disability{t}": "Disability" for t in (5, 6, 7, 8, 9, 10)},
    "service": "Service",
    "client": "clients.Client",  # V1 Veteran's Information is stored on the client (Client.csv)
}
# 4.05-4.10 are rows of Disabilities.csv told apart by DisabilityType (1.3).
DISABILITY_TYPES = {"4.05": 5, "4.06": 6, "4.07": 7, "4.08": 8, "4.09": 9, "4.10": 10}

Condition = tuple[tuple[tuple[str, frozenset[Any]], ...], ...]  # any of (all of (question key, values))


@dataclass(frozen=True)
class Question:
    """One field to ask: stored in ``record``.``field``; asked only when ``when`` holds (3.917's branching etc.)."""

    element: str
    record: str
    field: str
    when: Condition = ()
    required: bool = True

    @property
    def key(self) -> str:
        return f"{self.record}__{self.field}"

    def model_field(self) -> Any:
        from django.apps import apps

        name = RECORD_MODELS[self.record]
        app, _dot, model = name.rpartition(".")
        return apps.get_model(app or "enrollments", model)._meta.get_field(self.field)

    def applies(self, answers: dict[str, Any]) -> bool:
        """Whether this question is asked given the other answers (keyed by ``Question.key``)."""
        if not self.when:
            return True
        return any(all(answers.get(key) in values for key, values in clause) for clause in self.when)


def _q(element: str, record: str, *fields: str, when: Condition = (), required: bool = True) -> list[Question]:
    return [Question(element, record, name, when, required) for name in fields]


def _if(key: str, values: Iterable[Any]) -> Condition:
    return (((key, frozenset(values)),),)


INCOME_SOURCES = (
    ("earned", "earned_amount"),
    ("unemployment", "unemployment_amount"),
    ("ssi", "ssi_amount"),
    ("ssdi", "ssdi_amount"),
    ("va_disability_service", "va_disability_service_amount"),
    ("va_disability_non_service", "va_disability_non_service_amount"),
    ("private_disability", "private_disability_amount"),
    ("workers_comp", "workers_comp_amount"),
    ("tanf", "tanf_amount"),
    ("ga", "ga_amount"),
    ("soc_sec_retirement", "soc_sec_retirement_amount"),
    ("pension", "pension_amount"),
    ("child_support", "child_support_amount"),
    ("alimony", "alimony_amount"),
    ("other_income_source", "other_income_amount"),
)
BENEFIT_SOURCES = ("snap", "wic", "tanf_child_care", "tanf_transportation", "other_tanf", "other_benefits_source")
INSURANCE_SOURCES = (
    "medicaid",
    "medicare",
    "schip",
    "vha_services",
    "employer_provided",
    "cobra",
    "private_pay",
    "state_health_ins",
    "indian_health_services",
    "other_insurance",
)


def _prior_living_situation(form_a: bool) -> list[Question]:
    """3.917: form A (ES, SO, SH) asks 3-5 of everyone; form B only after a homeless situation or a short 'break'."""
    situation = "enrollment__living_situation"
    qs = [
        *_q("3.917", "enrollment", "living_situation"),
        *_q("3.917", "enrollment", "rental_subsidy_type", when=_if(situation, {RENTAL_WITH_SUBSIDY})),
        *_q("3.917", "enrollment", "length_of_stay"),
    ]
    history = ("date_to_street_essh", "times_homeless_past_three_years", "months_homeless_past_three_years")
    if form_a:
        return qs + _q("3.917", "enrollment", *history)
    stay = "enrollment__length_of_stay"
    short_break: Condition = (
        ((situation, INSTITUTIONAL_SITUATIONS), (stay, UNDER_90_DAYS)),
        ((situation, HOUSED_SITUATIONS), (stay, UNDER_7_NIGHTS)),
    )
    homeless_or_break: Condition = (
        ((situation, HOMELESS_SITUATIONS),),
        (("enrollment__previous_street_essh", YES), *short_break[0]),
        (("enrollment__previous_street_essh", YES), *short_break[1]),
    )
    return qs + [
        *_q("3.917", "enrollment", "previous_street_essh", when=short_break),
        *_q("3.917", "enrollment", *history, when=homeless_or_break),
    ]


def _disability(element: str) -> list[Question]:
    kind = f"disability{DISABILITY_TYPES[element]}"
    qs = _q(element, kind, "disability_response")
    if element in ("4.05", "4.07", "4.09", "4.10"):  # 4.06 and 4.08 are disabling by definition
        qs += _q(element, kind, "indefinite_and_impairs", when=_if(f"{kind}__disability_response", {1, 2, 3}))
    return qs


def _element_questions(element: str) -> list[Question]:
    """The questions of one element, in HUD's order, with their dependencies."""
    income, benefits = "income__income_from_any_source", "income__benefits_from_any_source"
    if element == "3.08":
        return _q(element, "enrollment", "disabling_condition")
    if element == "3.16":
        return _q(element, "enrollment", "enrollment_coc")
    if element == "3.12":
        return [
            *_q(element, "exit", "destination"),
            *_q(element, "exit", "destination_subsidy_type", when=_if("exit__destination", {RENTAL_WITH_SUBSIDY})),
            *_q(element, "exit", "other_destination", when=_if("exit__destination", {17})),
        ]
    if element == "4.02":
        qs = _q(element, "income", "income_from_any_source")
        for source, amount in INCOME_SOURCES:
            qs += _q(element, "income", source, when=_if(income, YES))
            qs += _q(element, "income", amount, when=(((income, YES), (f"income__{source}", YES)),))
        qs += _q(
            element,
            "income",
            "other_income_source_identify",
            when=(((income, YES), ("income__other_income_source", YES)),),
        )
        return qs
    if element == "4.03":
        qs = _q(element, "income", "benefits_from_any_source")
        qs += _q(element, "income", *BENEFIT_SOURCES, when=_if(benefits, YES))
        return qs + _q(
            element,
            "income",
            "other_benefits_source_identify",
            when=(((benefits, YES), ("income__other_benefits_source", YES)),),
        )
    if element == "4.04":
        insurance = "income__insurance_from_any_source"
        qs = _q(element, "income", "insurance_from_any_source")
        qs += _q(element, "income", *INSURANCE_SOURCES, when=_if(insurance, YES))
        return qs + _q(
            element, "income", "other_insurance_identify", when=(((insurance, YES), ("income__other_insurance", YES)),)
        )
    if element in DISABILITY_TYPES:
        return _disability(element)
    if element == "4.11":
        survivor = _if("health__domestic_violence_survivor", YES)
        return _q(element, "health", "domestic_violence_survivor") + _q(
            element, "health", "when_occurred", "currently_fleeing", when=survivor
        )
    if element == "P4":
        return _q(element, "income", "connection_with_soar")
    if element == "W3":
        return [
            *_q(element, "income", "adap"),
            *_q(element, "income", "no_adap_reason", when=_if("income__adap", NO)),
            *_q(element, "income", "ryan_white_med_dent"),
            *_q(element, "income", "no_ryan_white_reason", when=_if("income__ryan_white_med_dent", NO)),
        ]
    if element == "W4":
        hiv = ("disability8__disability_response", YES)
        return [
            *_q(element, "disability8", "t_cell_count_available", when=(((hiv),),)),
            *_q(
                element,
                "disability8",
                "t_cell_count",
                "t_cell_source",
                when=((hiv, ("disability8__t_cell_count_available", YES)),),
            ),
            *_q(element, "disability8", "viral_load_available", when=(((hiv),),)),
            *_q(
                element,
                "disability8",
                "viral_load",
                "viral_load_source",
                when=((hiv, ("disability8__viral_load_available", YES)),),
            ),
        ]
    if element == "W6":
        return _q(element, "disability8", "anti_retroviral", when=_if("disability8__disability_response", YES))
    if element == "R1":
        return _q(element, "enrollment", "referral_source") + _q(
            element, "enrollment", "count_outreach_referral_approaches", when=_if("enrollment__referral_source", {7})
        )
    if element == "R2":
        eligible = "enrollment__eligible_for_rhy"
        return [
            *_q(element, "enrollment", "date_of_bcp_status", "eligible_for_rhy"),
            *_q(element, "enrollment", "reason_no_services", when=_if(eligible, NO)),
            *_q(element, "enrollment", "runaway_youth", when=_if(eligible, YES)),
        ]
    if element == "R4":
        return _q(element, "employment", "last_grade_completed")
    if element == "R5":
        return _q(element, "employment", "school_status")
    if element == "R6":
        employed = "employment__employed"
        return [
            *_q(element, "employment", "employed"),
            *_q(element, "employment", "employment_type", when=_if(employed, YES)),
            *_q(element, "employment", "not_employed_reason", when=_if(employed, NO)),
        ]
    if element == "R7":
        return _q(element, "health", "general_health_status")
    if element == "R8":
        return _q(element, "health", "dental_health_status")
    if element == "R9":
        return _q(element, "health", "mental_health_status")
    if element == "R10":
        return _q(element, "health", "pregnancy_status") + _q(
            element, "health", "due_date", when=_if("health__pregnancy_status", YES)
        )
    if element == "R11":
        ward = _if("enrollment__former_ward_child_welfare", YES)
        return _q(element, "enrollment", "former_ward_child_welfare") + _q(
            element, "enrollment", "child_welfare_years", "child_welfare_months", when=ward
        )
    if element == "R12":
        ward = _if("enrollment__former_ward_juvenile_justice", YES)
        return _q(element, "enrollment", "former_ward_juvenile_justice") + _q(
            element, "enrollment", "juvenile_justice_years", "juvenile_justice_months", when=ward
        )
    if element == "R13":
        return _q(
            element,
            "enrollment",
            "unemployment_fam",
            "mental_health_disorder_fam",
            "physical_disability_fam",
            "alcohol_drug_use_disorder_fam",
            "insufficient_income",
            "incarcerated_parent",
        )
    if element == "R15":
        sex = _if("exit__exchange_for_sex", YES)
        asked = _if("exit__asked_or_forced_to_exchange_for_sex", YES)
        return [
            *_q(element, "exit", "exchange_for_sex"),
            *_q(element, "exit", "exchange_for_sex_past_three_months", "count_of_exchange_for_sex", when=sex),
            *_q(element, "exit", "asked_or_forced_to_exchange_for_sex", when=sex),
            *_q(element, "exit", "asked_or_forced_to_exchange_for_sex_past_three_months", when=asked),
        ]
    if element == "R16":
        either = (
            (("exit__workplace_violence_threats", YES),),
            (("exit__workplace_promise_difference", YES),),
        )
        return _q(element, "exit", "workplace_violence_threats", "workplace_promise_difference") + _q(
            element, "exit", "coerced_to_continue_work", "labor_exploit_past_three_months", when=either
        )
    if element == "R17":
        return _q(element, "exit", "project_completion_status") + _q(
            element, "exit", "early_exit_reason", when=_if("exit__project_completion_status", {3})
        )
    if element == "R18":
        received = _if("exit__counseling_received", YES)
        return [
            *_q(element, "exit", "counseling_received"),
            *_q(
                element,
                "exit",
                "individual_counseling",
                "family_counseling",
                "group_counseling",
                "session_count_at_exit",
                when=received,
            ),
            *_q(element, "exit", "post_exit_counseling_plan"),
            *_q(element, "exit", "sessions_in_plan", when=_if("exit__post_exit_counseling_plan", YES)),
        ]
    if element == "R19":
        return _q(
            element,
            "exit",
            "destination_safe_client",
            "destination_safe_worker",
            "pos_adult_connections",
            "pos_peer_connections",
            "pos_community_connections",
        )
    if element == "R20":
        provided = _if("exit__aftercare_provided", YES)
        return [
            *_q(element, "exit", "aftercare_date", "aftercare_provided"),
            *_q(
                element,
                "exit",
                "email_social_media",
                "telephone",
                "in_person_individual",
                "in_person_group",
                when=provided,
            ),
        ]
    if element == "V1":
        return [
            *_q(element, "client", "year_entered_service", "year_separated", required=False),
            *_q(element, "client", *V1_THEATERS),
            *_q(element, "client", "military_branch", "discharge_status"),
        ]
    if element == "V4":
        return _q(element, "enrollment", "percent_ami")
    if element == "V6":
        return _q(element, "enrollment", "vamc_station")
    if element == "V7":
        return _q(
            element,
            "enrollment",
            "target_screen_reqd",
            "time_to_housing_loss",
            "annual_percent_ami",
            "literal_homeless_history",
            "client_leaseholder",
            "hoh_leaseholder",
            "subsidy_at_risk",
            "eviction_history",
            "criminal_record",
            "incarcerated_adult",
            "prison_discharge",
            "sex_offender",
            "disabled_hoh",
            "current_pregnant",
            "single_parent",
            "dependent_under6",
            "hh5_plus",
            "coc_prioritized",
            "hp_screening_score",
            "threshold_score",
        )
    if element == "V9":
        return _q(element, "exit", "cm_exit_reason")
    if element == "V10":
        return _q(element, "enrollment", "mental_health_consultation")
    if element == "W5":
        return _q(element, "exit", "housing_assessment") + _q(
            element, "exit", "subsidy_information", when=_if("exit__housing_assessment", {1, 2})
        )
    if element == "C3":
        attend = "youth__current_school_attend"
        return [
            *_q(element, "youth", "current_school_attend"),
            *_q(element, "youth", "most_recent_ed_status", when=_if(attend, {0})),
            *_q(element, "youth", "current_ed_status", when=_if(attend, {1, 2})),
        ]
    # Occurrence-point elements (3.20, 4.12-4.14, services) are recorded on their own pages, not in stage forms.
    return []


def member_kind(relationship_to_hoh: int | None, age: int | None) -> str:
    """Head of household, adult (18 or over, or age unknown: HUD's adult elements are then asked) or child."""
    if relationship_to_hoh == 1:
        return HOH
    if age is not None and age < 18:
        return CHILD
    return ADULT


def age_on(dob: date | None, day: date) -> int | None:
    if dob is None:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@cache
def _rules_by_stage(stage: str) -> tuple[Rule, ...]:
    return tuple(
        rule
        for rule in RULES
        if stage in rule.stages and rule.element not in RETIRED and not (stage == ANNUAL and rule.element in NOT_ANNUAL)
    )


def required_rules(*, project_type: int | None, funder_codes: Iterable[int], stage: str, member: str) -> list[Rule]:
    """The rules (data elements) a project of this type and funding collects at ``stage`` about this kind of member."""
    codes = tuple(funder_codes)
    return [
        rule
        for rule in _rules_by_stage(stage)
        if member in SUBJECTS[rule.subjects] and rule.applies(project_type, codes)
    ]


def required_elements(*, project_type: int | None, funder_codes: Iterable[int], stage: str, member: str) -> list[str]:
    """The element numbers (e.g. ``["3.08", "3.917", "4.02"]``) required in that situation, without repeats."""
    seen: list[str] = []
    for rule in required_rules(project_type=project_type, funder_codes=funder_codes, stage=stage, member=member):
        if rule.element not in seen:
            seen.append(rule.element)
    return seen


@dataclass(frozen=True)
class Collection:
    """What to ask one member at one stage: the elements and their questions, in order."""

    stage: str
    member: str
    elements: tuple[str, ...]
    questions: tuple[Question, ...] = field(default=())

    def by_element(self) -> list[tuple[str, list[Question]]]:
        groups: dict[str, list[Question]] = {}
        for question in self.questions:
            groups.setdefault(question.element, []).append(question)
        return list(groups.items())

    @property
    def records(self) -> set[str]:
        return {q.record for q in self.questions}


def _health_insurance_with_reasons() -> list[Question]:
    """4.04 for HOPWA-funded projects: each source answered 'No' asks why (4.04.A, HOPWA only)."""
    insurance = ("income__insurance_from_any_source", YES)
    questions: list[Question] = []
    for question in _element_questions("4.04"):
        questions.append(question)
        if question.field in INSURANCE_SOURCES and question.field != "other_insurance":
            reason = "no_vha_reason" if question.field == "vha_services" else f"no_{question.field}_reason"
            questions += _q("4.04", "income", reason, when=((insurance, (question.key, NO)),))
    return questions


def collection_for(*, project_type: int | None, funder_codes: Iterable[int], stage: str, member: str) -> Collection:
    """The elements and questions for one member at one stage of a stay in a project of this type and funding."""
    funder_codes = tuple(funder_codes)
    elements = required_elements(project_type=project_type, funder_codes=funder_codes, stage=stage, member=member)
    if ("W4" in elements or "W6" in elements) and "4.08" not in elements:
        elements.insert(0, "4.08")  # W4 and W6 hang off the HIV/AIDS row of Disabilities.csv
    questions: list[Question] = []
    hopwa = bool(set(funder_codes) & set(HOPWA))
    for element in elements:
        if element == "3.917":
            questions += _prior_living_situation(form_a=project_type in ES_SO_SH)
        elif element == "4.04" and hopwa:
            questions += _health_insurance_with_reasons()
        else:
            questions += _element_questions(element)
    return Collection(stage=stage, member=member, elements=tuple(elements), questions=tuple(questions))


def project_funder_codes(project: Any, on: date) -> set[int]:
    """The 2.06.1 funder codes of ``project``'s funding sources active on ``on``."""
    from hearth.core.request import request_cached

    # A stay page asks for each stage and member: the project's funders are read once per request.
    funders = request_cached(
        f"directory.funders:{project.pk}", lambda: list(project.funders.filter(date_deleted__isnull=True))
    )
    return {f.funder for f in funders if f.start_date <= on and (f.end_date is None or f.end_date >= on)}


def collection_for_member(*, project: Any, stage: str, relationship_to_hoh: int | None, age: int | None, on: date):
    """``collection_for`` a member of a household in ``project`` on a date."""
    return collection_for(
        project_type=project.project_type,
        funder_codes=project_funder_codes(project, on),
        stage=stage,
        member=member_kind(relationship_to_hoh, age),
    )


# Occurrence-point services (Services.csv RecordType, list 1.4) by the element that requires them.
SERVICE_RECORD_TYPES = {
    "P1": 141,
    "R14": 142,
    "W1": 143,
    "V2": 144,
    "W2": 151,
    "V3": 152,
    "P2": 161,
    "4.14": 200,
    "V8": 210,
    "C2": 300,
}


def service_record_types(*, project_type: int | None, funder_codes: Iterable[int]) -> list[tuple[str, int]]:
    """The (element, RecordType) pairs of services this project records."""
    codes = tuple(funder_codes)
    return [
        (rule.element, SERVICE_RECORD_TYPES[rule.element])
        for rule in RULES
        if rule.element in SERVICE_RECORD_TYPES and rule.applies(project_type, codes)
    ]


def occurrence_elements(*, project_type: int | None, funder_codes: Iterable[int]) -> list[str]:
    """Occurrence-point elements this project collects (3.20 move-in, 4.12 current living situation, ...)."""
    codes = tuple(funder_codes)
    return [r.element for r in RULES if "occurrence_point" in r.stages and r.applies(project_type, codes)]


def element_name(element: str) -> str:
    """HUD's name of an element in the active language ("Prior Living Situation" for 3.917)."""
    from .element_names import translated_element_name

    for rule in (*RULES, VETERAN_INFORMATION):
        if rule.element == element:
            return translated_element_name(english_element_name(rule))
    return element


def english_element_name(rule: Rule) -> str:
    """HUD's (English) name of a rule's element, without the rules file's notes in parentheses."""
    return rule.name.split(" (form")[0]


def service_kind_label(record_type: int) -> str:
    """The element and HUD label of a kind of service ("V3 SSVF financial assistance")."""
    from hearth import standards

    element = next((e for e, code in SERVICE_RECORD_TYPES.items() if code == record_type), "")
    return f"{element} {standards.display_label('1.4', record_type)}".strip()


# --- V1 Veteran's Information ----------------------------------------------------------------------------------


def veteran_information_required(*, project_type: int | None, funder_codes: Iterable[int]) -> bool:
    """Whether a project of this type and funding collects V1 Veteran's Information (about its veterans)."""
    return VETERAN_INFORMATION.applies(project_type, funder_codes)


def veteran_information() -> Collection:
    """The V1 questions (stored on the client): years of service, theaters of operations, branch, discharge status."""
    return Collection(
        stage="record_creation", member=ADULT, elements=("V1",), questions=tuple(_element_questions("V1"))
    )


# --- services with their details (P1, R14, W1, V2, W2, V3, P2, V8, C2) ----------------------------------------------

_TYPE = "service__type_provided"

# The fields of Services.csv each RecordType (1.4) asks besides the date and TypeProvided, with their dependencies
# (HMIS CSV FY2026 Services.csv: "Null unless RecordType = ..."; HUD's dictionary for what is required).
SERVICE_DETAILS: dict[int, tuple[tuple[str, Condition, bool], ...]] = {
    # V2 Services Provided - SSVF: the sub-type of VA benefits / other public benefits (V2.A-C), "other" text (V2.D).
    144: (
        ("sub_type_provided", _if(_TYPE, {3, 4, 5}), True),
        ("other_type_provided", _if(_TYPE, {6}), True),
    ),
    # W2 Financial Assistance - HOPWA: the amount.
    151: (("fa_amount", (), True),),
    # V3 Financial Assistance - SSVF: the amount, the start and (once known) the end of the assistance.
    152: (("fa_amount", (), True), ("fa_start_date", (), True), ("fa_end_date", (), False)),
    # P2 Referrals Provided - PATH: the outcome, when known.
    161: (("referral_outcome", (), False),),
    # V8 HUD-VASH voucher tracking: "Other" text.
    210: (("other_type_provided", _if(_TYPE, {12}), True),),
    # C2 Moving On Assistance: "Other (please specify)" text.
    300: (("moving_on_other_type", _if(_TYPE, {5}), True),),
}


def service_questions(record_type: int) -> Collection:
    """What a service of ``record_type`` asks: TypeProvided and that kind's details, as questions on Services.csv."""
    element = next((e for e, code in SERVICE_RECORD_TYPES.items() if code == record_type), "")
    questions = [Question(element, "service", "type_provided")]
    for field_name, when, required in SERVICE_DETAILS.get(record_type, ()):
        questions.append(Question(element, "service", field_name, when, required))
    return Collection(stage="occurrence_point", member=HOH, elements=(element,), questions=tuple(questions))


def member_service_record_types(
    *, project_type: int | None, funder_codes: Iterable[int], member: str
) -> list[tuple[str, int]]:
    """The (element, RecordType) pairs this project records about this kind of member (W2 is for the head only)."""
    codes = tuple(funder_codes)
    return [
        (rule.element, SERVICE_RECORD_TYPES[rule.element])
        for rule in RULES
        if rule.element in SERVICE_RECORD_TYPES
        and member in SUBJECTS[rule.subjects]
        and rule.applies(project_type, codes)
    ]


def service_type_label(record_type: int, type_provided: int | None) -> str:
    """The HUD label of a service's TypeProvided, from the list its RecordType uses (Services.csv conditional lists)."""
    from hearth import standards

    for rule in standards.conditional_rules("Services.csv", "TypeProvided"):
        if f"= {record_type} " in rule["rule"]:
            return str(standards.display_label(rule["list"], type_provided))
    return str(type_provided or "")
