"""Rows of the enrollment-level HMIS CSV files, written as plain lists in HUD's column order.

This is the generator's hot path: rows are list literals or copies of prepared templates, and the few
assignments per row use column positions looked up once.
"""

from __future__ import annotations

import random

from hearth.synth import columns as C
from hearth.synth.options import Calendar
from hearth.synth.people import DISABILITY_TYPES, HIV, Person
from hearth.synth.tables import MISSING, STREET_LOCATIONS, weighted


def _expect(columns: C.Columns, *names: str) -> None:
    """Guard for the list literals below: they spell out these columns in this order."""
    assert tuple(columns.header) == names, f"{columns.file} columns changed; update hearth.synth.records"


_expect(
    C.DISABILITIES,
    "DisabilitiesID",
    "EnrollmentID",
    "PersonalID",
    "InformationDate",
    "DisabilityType",
    "DisabilityResponse",
    "IndefiniteAndImpairs",
    "TCellCountAvailable",
    "TCellCount",
    "TCellSource",
    "ViralLoadAvailable",
    "ViralLoad",
    "ViralLoadSource",
    "AntiRetroviral",
    "DataCollectionStage",
    "DateCreated",
    "DateUpdated",
    "UserID",
    "DateDeleted",
    "ExportID",
)
_expect(
    C.SERVICES,
    "ServicesID",
    "EnrollmentID",
    "PersonalID",
    "DateProvided",
    "RecordType",
    "TypeProvided",
    "OtherTypeProvided",
    "MovingOnOtherType",
    "SubTypeProvided",
    "FAAmount",
    "FAStartDate",
    "FAEndDate",
    "ReferralOutcome",
    "DateCreated",
    "DateUpdated",
    "UserID",
    "DateDeleted",
    "ExportID",
)
_expect(
    C.HEALTH,
    "HealthAndDVID",
    "EnrollmentID",
    "PersonalID",
    "InformationDate",
    "DomesticViolenceSurvivor",
    "WhenOccurred",
    "CurrentlyFleeing",
    "GeneralHealthStatus",
    "DentalHealthStatus",
    "MentalHealthStatus",
    "PregnancyStatus",
    "DueDate",
    "DataCollectionStage",
    "DateCreated",
    "DateUpdated",
    "UserID",
    "DateDeleted",
    "ExportID",
)
_expect(
    C.CLS,
    "CurrentLivingSitID",
    "EnrollmentID",
    "PersonalID",
    "InformationDate",
    "CurrentLivingSituation",
    "CLSSubsidyType",
    "VerifiedBy",
    "LeaveSituation14Days",
    "SubsequentResidence",
    "ResourcesToObtain",
    "LeaseOwn60Day",
    "MovedTwoOrMore",
    "LocationDetails",
    "DateCreated",
    "DateUpdated",
    "UserID",
    "DateDeleted",
    "ExportID",
)

# Days between an event and its entry in HMIS (what APR Q6e measures): mostly the same day, a long tail.
LAGS = tuple([0] * 70 + [1] * 8 + [2] * 4 + [3] * 3 + [4, 5, 6, 5, 4, 6] + [7, 8, 9, 10] + [12, 15, 21, 30, 45])
_LAG_COUNT = len(LAGS)

# 4.02 Income sources: (flag column, amount column). 4.03 benefits and 4.04 insurance: flag columns.
INCOME_SOURCES = (
    ("Earned", "EarnedAmount"),
    ("Unemployment", "UnemploymentAmount"),
    ("SSI", "SSIAmount"),
    ("SSDI", "SSDIAmount"),
    ("VADisabilityService", "VADisabilityServiceAmount"),
    ("VADisabilityNonService", "VADisabilityNonServiceAmount"),
    ("PrivateDisability", "PrivateDisabilityAmount"),
    ("WorkersComp", "WorkersCompAmount"),
    ("TANF", "TANFAmount"),
    ("GA", "GAAmount"),
    ("SocSecRetirement", "SocSecRetirementAmount"),
    ("Pension", "PensionAmount"),
    ("ChildSupport", "ChildSupportAmount"),
    ("Alimony", "AlimonyAmount"),
    ("OtherIncomeSource", "OtherIncomeAmount"),
)
BENEFITS = ("SNAP", "WIC", "TANFChildCare", "TANFTransportation", "OtherTANF", "OtherBenefitsSource")
INSURANCE = (
    ("Medicaid", "NoMedicaidReason"),
    ("Medicare", "NoMedicareReason"),
    ("SCHIP", "NoSCHIPReason"),
    ("VHAServices", "NoVHAReason"),
    ("EmployerProvided", "NoEmployerProvidedReason"),
    ("COBRA", "NoCOBRAReason"),
    ("PrivatePay", "NoPrivatePayReason"),
    ("StateHealthIns", "NoStateHealthInsReason"),
    ("IndianHealthServices", "NoIndianHealthServicesReason"),
    ("OtherInsurance", ""),
)
_I = C.INCOME
_INCOME_SOURCE_POS = tuple((getattr(_I, flag), getattr(_I, amount)) for flag, amount in INCOME_SOURCES)
_BENEFIT_POS = tuple(getattr(_I, flag) for flag in BENEFITS)
_INSURANCE_POS = tuple((getattr(_I, flag), getattr(_I, reason) if reason else None) for flag, reason in INSURANCE)
NO_INSURANCE_REASON = weighted((1, 10), (2, 10), (3, 40), (4, 35), (8, 2), (9, 1), (99, 2))  # 4.04.A / W3
PATH_SERVICES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14)  # list P1.2
R14_SERVICES = (2, 5, 6, 7, 8, 10, 12, 13, 14, 17, 18, 26, 27, 28, 29)
SSVF_SERVICES = weighted((1, 8), (2, 30), (3, 10), (4, 10), (5, 8), (6, 4), (7, 3), (8, 2), (9, 5), (10, 5))
SSVF_SUBTYPES = {3: (1, 2, 3, 4), 4: tuple(range(1, 14)), 5: tuple(range(1, 12))}  # lists V2.A, V2.B, V2.C
SSVF_ASSISTANCE = (1, 1, 1, 2, 2, 3, 4, 5, 8, 9, 10, 12, 14, 15, 16, 17, 18)  # list V3.4
HEALTH_STATUS = weighted((1, 10), (2, 20), (3, 35), (4, 22), (5, 8), (8, 2), (9, 1), (99, 2))  # R7.1


class RecordWriter:
    """Appends enrollment-level rows to a batch; one per block, with the block's random stream and ID range."""

    def __init__(self, rng: random.Random, cal: Calendar, rows: C.Rows, export_id: str, first_id: int) -> None:
        self.rng = rng
        self.cal = cal
        self.export_id = export_id
        self.seq = first_id
        self.enrollments = rows["Enrollment.csv"]
        self.exits = rows["Exit.csv"]
        self.incomes = rows["IncomeBenefits.csv"]
        self.health = rows["HealthAndDV.csv"]
        self.employment = rows["EmploymentEducation.csv"]
        self.disabilities = rows["Disabilities.csv"]
        self.services = rows["Services.csv"]
        self.contacts = rows["CurrentLivingSituation.csv"]
        self.assessments = rows["Assessment.csv"]
        self.questions = rows["AssessmentQuestions.csv"]
        self.results = rows["AssessmentResults.csv"]
        self.events = rows["Event.csv"]
        self.youth_education = rows["YouthEducationStatus.csv"]

    def next_id(self) -> str:
        self.seq += 1
        return str(self.seq)

    def stamp(self, day: int) -> str:
        """When a record about ``day`` was entered: the day itself or a few days later (never after the export)."""
        seq = self.seq
        return self.cal.stamp(day + LAGS[seq % _LAG_COUNT], seq)

    def day_between(self, first: int, last: int) -> int:
        return first + int(self.rng.random() * (last - first + 1))

    # 4.02-4.04 Income and Sources, Non-Cash Benefits, Health Insurance (+ W3 for HOPWA, P4 for PATH/SSVF).
    def income_body(
        self, person: Person, *, adult: bool, age: int, family: bool, hopwa: bool, soar: bool, gain: bool = False
    ) -> list:
        """An IncomeBenefits row without its IDs, date and stage: what this person receives now."""
        rng = self.rng
        row = _I.blank()
        if adult:
            if rng.random() < 0.03:
                row[_I.IncomeFromAnySource] = MISSING.draw(rng)
            else:
                total = 0.0
                chances = _income_chances(person, age, family, gain)
                for (flag, amount), (chance, low, high) in zip(_INCOME_SOURCE_POS, chances, strict=True):
                    if chance and rng.random() < chance:
                        value = low if low == high else round(rng.uniform(low, high), 2)
                        row[flag] = 1
                        row[amount] = f"{value:.2f}"
                        total += value
                    else:
                        row[flag] = 0
                if row[_I.OtherIncomeSource] == 1:
                    row[_I.OtherIncomeSourceIdentify] = "Odd jobs"
                row[_I.IncomeFromAnySource] = 1 if total else 0
                row[_I.TotalMonthlyIncome] = f"{total:.2f}" if total else ""
            if rng.random() < 0.03:
                row[_I.BenefitsFromAnySource] = MISSING.draw(rng)
            else:
                any_benefit = 0
                snap = 0.75 if family else 0.5
                for position, chance in zip(
                    _BENEFIT_POS,
                    (snap, 0.4 if family else 0, 0.05 if family else 0, 0.03 if family else 0, 0.02, 0.03),
                    strict=True,
                ):
                    got = 1 if chance and rng.random() < chance else 0
                    row[position] = got
                    any_benefit |= got
                if row[_I.OtherBenefitsSource] == 1:
                    row[_I.OtherBenefitsSourceIdentify] = "Utility assistance"
                row[_I.BenefitsFromAnySource] = any_benefit
        if rng.random() < 0.03:
            row[_I.InsuranceFromAnySource] = MISSING.draw(rng)
        else:
            any_insurance = 0
            chances = (
                0.85 if not adult else 0.6,
                0.9 if age >= 65 else 0.04,
                0.08 if not adult else 0,
                0.7 if person.veteran else 0,
                0.06 if adult else 0.03,
                0.005,
                0.02,
                0.03,
                0.01,
                0.01,
            )
            for (flag, reason), chance in zip(_INSURANCE_POS, chances, strict=True):
                got = 1 if chance and rng.random() < chance else 0
                row[flag] = got
                any_insurance |= got
                if hopwa and not got and reason is not None:  # W3/4.04.A: HOPWA asks why not
                    row[reason] = NO_INSURANCE_REASON.draw(rng)
            if row[_I.OtherInsurance] == 1:
                row[_I.OtherInsuranceIdentify] = "Tribal health plan"
            row[_I.InsuranceFromAnySource] = any_insurance
        if hopwa:  # W3 Medical Assistance
            adap = 1 if rng.random() < 0.6 else 0
            row[_I.ADAP] = adap
            row[_I.NoADAPReason] = "" if adap else NO_INSURANCE_REASON.draw(rng)
            ryan = 1 if rng.random() < 0.5 else 0
            row[_I.RyanWhiteMedDent] = ryan
            row[_I.NoRyanWhiteReason] = "" if ryan else NO_INSURANCE_REASON.draw(rng)
        if soar and adult:  # P4 Connection with SOAR
            row[_I.ConnectionWithSOAR] = (1 if rng.random() < 0.15 else 0) if rng.random() < 0.97 else MISSING.draw(rng)
        return row

    def income(self, body: list, enrollment_id: str, person_id: str, day: int, stage: int, user: str) -> None:
        row = body.copy()
        row[0] = self.next_id()
        row[1] = enrollment_id
        row[2] = person_id
        row[3] = self.cal.iso(day)
        row[_I.DataCollectionStage] = stage
        stamp = self.stamp(day)
        row[_I.DateCreated] = stamp
        row[_I.DateUpdated] = stamp
        row[_I.UserID] = user
        row[_I.ExportID] = self.export_id
        self.incomes.append(row)

    # 4.05-4.10 disabilities, with W4/W6 for HIV in HOPWA projects.
    def disability_answers(self, person: Person, *, hopwa: bool) -> list[tuple]:
        """The six (type, response, impairs, W4/W6 ...) answers a person gives at one collection point."""
        rng = self.rng
        answers = []
        if person.dq_disabling:
            code = person.disabling
            return [(kind, code, "", "", "", "", "", "", "", "") for kind in DISABILITY_TYPES]
        conditions = person.conditions
        for kind in DISABILITY_TYPES:
            found = conditions.get(kind)
            if found is None:
                response = 0 if rng.random() < 0.985 else MISSING.draw(rng)
                answers.append((kind, response, "", "", "", "", "", "", "", ""))
            elif kind == HIV:
                if hopwa:  # W4 T-cell and viral load, W6 anti-retroviral
                    t_available = 1 if rng.random() < 0.7 else 0
                    v_available = 1 if rng.random() < 0.6 else (2 if rng.random() < 0.5 else 0)
                    answers.append(
                        (
                            kind,
                            1,
                            "",
                            t_available,
                            rng.randint(150, 1200) if t_available else "",
                            rng.randint(1, 3) if t_available else "",
                            v_available,
                            rng.randint(20, 90000) if v_available == 1 else "",
                            rng.randint(1, 3) if v_available == 1 else "",
                            1 if rng.random() < 0.85 else 0,
                        )
                    )
                else:
                    answers.append((kind, 1, "", "", "", "", "", "", "", ""))
            else:
                answers.append((kind, found[0], found[1], "", "", "", "", "", "", ""))
        return answers

    def disabilities_at(
        self, answers: list[tuple], enrollment_id: str, person_id: str, day: int, stage: int, user: str
    ) -> None:
        info = self.cal.iso(day)
        stamp = self.stamp(day)
        export_id = self.export_id
        append = self.disabilities.append
        for kind, response, impairs, t_available, t_count, t_source, v_available, v_load, v_source, arv in answers:
            self.seq += 1
            append(
                [
                    str(self.seq),
                    enrollment_id,
                    person_id,
                    info,
                    kind,
                    response,
                    impairs,
                    t_available,
                    t_count,
                    t_source,
                    v_available,
                    v_load,
                    v_source,
                    arv,
                    stage,
                    stamp,
                    stamp,
                    user,
                    "",
                    export_id,
                ]
            )

    # 4.11 Domestic Violence, R7-R10 health for RHY.
    def health_at(self, person: Person, enrollment_id: str, day: int, stage: int, user: str, *, rhy: bool) -> None:
        rng = self.rng
        dv = person.dv
        when = fleeing = ""
        if dv == 1:
            when = rng.randint(1, 4) if rng.random() < 0.97 else MISSING.draw(rng)
            fleeing = (1 if rng.random() < 0.3 else 0) if rng.random() < 0.97 else MISSING.draw(rng)
        general = dental = mental = pregnant = due = ""
        if rhy:
            general, dental, mental = HEALTH_STATUS.draw(rng), HEALTH_STATUS.draw(rng), HEALTH_STATUS.draw(rng)
            if person.female:
                pregnant = 1 if rng.random() < 0.1 else 0
                due_day = day + rng.randint(20, 250)
                if pregnant == 1 and due_day <= self.cal.end:  # R10.A; left blank past the export's last day
                    due = self.cal.iso(due_day)
            else:
                pregnant = 0
        stamp = self.stamp(day)
        self.seq += 1
        self.health.append(
            [
                str(self.seq),
                enrollment_id,
                person.personal_id,
                self.cal.iso(day),
                dv,
                when,
                fleeing,
                general,
                dental,
                mental,
                pregnant,
                due,
                stage,
                stamp,
                stamp,
                user,
                "",
                self.export_id,
            ]
        )

    # R4-R6 Last Grade Completed, School Status, Employment Status.
    def employment_at(self, person_id: str, enrollment_id: str, day: int, stage: int, user: str, *, age: int) -> None:
        rng = self.rng
        e = C.EMPLOYMENT
        row = e.blank()
        row[e.EmploymentEducationID] = self.next_id()
        row[e.EnrollmentID] = enrollment_id
        row[e.PersonalID] = person_id
        row[e.InformationDate] = self.cal.iso(day)
        # R4.1: a teenager is still in high school; adults have finished somewhere.
        grade = rng.choice((3, 4, 4, 4, 5)) if age < 19 else rng.choice((4, 4, 5, 5, 5, 7, 10, 10, 11, 12, 14))
        row[e.LastGradeCompleted] = grade if rng.random() < 0.97 else MISSING.draw(rng)
        row[e.SchoolStatus] = (
            (rng.choice((1, 2, 5)) if age < 19 else rng.choice((3, 3, 4, 5)))
            if rng.random() < 0.97
            else MISSING.draw(rng)
        )
        employed = (1 if rng.random() < 0.3 else 0) if rng.random() < 0.97 else MISSING.draw(rng)
        row[e.Employed] = employed
        if employed == 1:
            row[e.EmploymentType] = rng.choice((1, 2, 2, 3))
        elif employed == 0:
            row[e.NotEmployedReason] = rng.choice((1, 1, 2, 3))
        row[e.DataCollectionStage] = stage
        stamp = self.stamp(day)
        row[e.DateCreated] = stamp
        row[e.DateUpdated] = stamp
        row[e.UserID] = user
        row[e.ExportID] = self.export_id
        self.employment.append(row)

    # C3 Youth Education Status.
    def youth_education_at(self, person_id: str, enrollment_id: str, day: int, stage: int, user: str) -> None:
        rng = self.rng
        y = C.YOUTH_EDUCATION
        row = y.blank()
        row[y.YouthEducationStatusID] = self.next_id()
        row[y.EnrollmentID] = enrollment_id
        row[y.PersonalID] = person_id
        row[y.InformationDate] = self.cal.iso(day)
        attend = rng.choice((0, 0, 1, 2)) if rng.random() < 0.97 else MISSING.draw(rng)
        row[y.CurrentSchoolAttend] = attend
        if attend == 0:  # C3.A asked of youth not enrolled, C3.B of those enrolled
            row[y.MostRecentEdStatus] = rng.choice((0, 1, 2, 2, 5, 6))
        elif attend in (1, 2):
            row[y.CurrentEdStatus] = rng.choice((0, 0, 1, 4))
        row[y.DataCollectionStage] = stage
        stamp = self.stamp(day)
        row[y.DateCreated] = stamp
        row[y.DateUpdated] = stamp
        row[y.UserID] = user
        row[y.ExportID] = self.export_id
        self.youth_education.append(row)

    # Services.csv
    def bed_nights(self, nights: list[int], enrollment_id: str, person_id: str, user: str) -> None:
        """4.14 Bed-night dates (RecordType 200) for a night-by-night shelter stay."""
        iso = self.cal.iso
        stamp = self.cal.stamp
        export_id = self.export_id
        append = self.services.append
        seq = self.seq
        for night in nights:
            seq += 1
            # Night-by-night shelters enter the roster the same night or the next morning.
            when = stamp(night + (seq & 1), seq)
            append(
                [
                    str(seq),
                    enrollment_id,
                    person_id,
                    iso(night),
                    200,
                    200,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    when,
                    when,
                    user,
                    "",
                    export_id,
                ]
            )
        self.seq = seq

    def service(
        self,
        enrollment_id: str,
        person_id: str,
        day: int,
        record_type: int,
        type_provided: int,
        user: str,
        *,
        other: str = "",
        moving_on_other: str = "",
        sub_type: object = "",
        amount: str = "",
        fa_start: str = "",
        fa_end: str = "",
        referral_outcome: object = "",
    ) -> None:
        stamp = self.stamp(day)
        self.seq += 1
        self.services.append(
            [
                str(self.seq),
                enrollment_id,
                person_id,
                self.cal.iso(day),
                record_type,
                type_provided,
                other,
                moving_on_other,
                sub_type,
                amount,
                fa_start,
                fa_end,
                referral_outcome,
                stamp,
                stamp,
                user,
                "",
                self.export_id,
            ]
        )

    def program_services(
        self,
        program: frozenset[str],
        enrollment_id: str,
        person_id: str,
        first: int,
        last: int,
        user: str,
        *,
        move_in: int | None,
    ) -> None:
        """Services a program's funder asks for: PATH (P1/P2), RHY (R14), SSVF (V2/V3), HOPWA (W1/W2), VASH (V8)."""
        rng = self.rng
        day_between = self.day_between
        if "path" in program:
            for _ in range(rng.randint(1, 4)):
                self.service(enrollment_id, person_id, day_between(first, last), 141, rng.choice(PATH_SERVICES), user)
            for _ in range(rng.randint(0, 2)):
                self.service(
                    enrollment_id,
                    person_id,
                    day_between(first, last),
                    161,
                    rng.randint(1, 11),
                    user,
                    referral_outcome=rng.randint(1, 3),
                )
        if "rhy" in program:
            for _ in range(rng.randint(1, 5)):
                self.service(enrollment_id, person_id, day_between(first, last), 142, rng.choice(R14_SERVICES), user)
        if "ssvf" in program:
            for _ in range(rng.randint(2, 5)):
                kind = SSVF_SERVICES.draw(rng)
                subtypes = SSVF_SUBTYPES.get(kind)
                self.service(
                    enrollment_id,
                    person_id,
                    day_between(first, last),
                    144,
                    kind,
                    user,
                    other="Legal aid clinic" if kind == 6 else "",
                    sub_type=rng.choice(subtypes) if subtypes else "",
                )
            for _ in range(rng.randint(1, 4)):
                day = day_between(first, last)
                self.service(
                    enrollment_id,
                    person_id,
                    day,
                    152,
                    rng.choice(SSVF_ASSISTANCE),
                    user,
                    amount=f"{rng.uniform(150, 2400):.2f}",
                    fa_start=self.cal.iso(day),
                    fa_end=self.cal.iso(min(day + rng.randint(0, 30), self.cal.end)),
                )
        if "hopwa" in program:
            for _ in range(rng.randint(1, 3)):
                self.service(enrollment_id, person_id, day_between(first, last), 143, rng.randint(1, 14), user)
            for _ in range(rng.randint(1, 3)):
                self.service(
                    enrollment_id,
                    person_id,
                    day_between(first, last),
                    151,
                    rng.choice((1, 1, 2, 3, 4, 7)),
                    user,
                    amount=f"{rng.uniform(200, 1800):.2f}",
                )
        if "vash" in program:  # V8 HUD-VASH voucher tracking, from referral to lease-up
            self.service(enrollment_id, person_id, first, 210, 1, user)
            issued = min(first + rng.randint(5, 30), last)
            self.service(enrollment_id, person_id, issued, 210, 3, user)
            if move_in is not None:
                self.service(enrollment_id, person_id, move_in, 210, 5, user)
        if "moving_on" in program and last - first > 365 and rng.random() < 0.2:  # C2 Moving On assistance
            kind = rng.randint(1, 5)
            self.service(
                enrollment_id,
                person_id,
                day_between(first + 365, last),
                300,
                kind,
                user,
                moving_on_other="Furniture for new unit" if kind == 5 else "",
            )

    # 4.12 Current Living Situation contacts.
    def contacts_for(
        self, enrollment_id: str, person_id: str, days: list[int], situations: list, user: str, verified_by: str = ""
    ) -> None:
        rng = self.rng
        iso = self.cal.iso
        export_id = self.export_id
        append = self.contacts.append
        for day, situation in zip(days, situations, strict=True):
            subsidy = leave = subsequent = resources = lease = moved = location = ""
            if situation == 435:  # 4.12.A only for rental with ongoing subsidy
                subsidy = 433
            if 200 <= situation < 500:  # 4.12.B-F: is the person about to lose where they are staying?
                leave = 1 if rng.random() < 0.6 else 0
                if leave == 1:
                    subsequent = rng.choice((0, 0, 1))
                    resources = rng.choice((0, 0, 1))
                    lease = rng.choice((0, 0, 0, 1))
                    moved = rng.choice((0, 1))
            elif situation == 116 and rng.random() < 0.2:
                location = rng.choice(STREET_LOCATIONS)
            elif situation == 17:
                location = "Vehicle"
            stamp = self.stamp(day)
            self.seq += 1
            append(
                [
                    str(self.seq),
                    enrollment_id,
                    person_id,
                    iso(day),
                    situation,
                    subsidy,
                    verified_by,
                    leave,
                    subsequent,
                    resources,
                    lease,
                    moved,
                    location,
                    stamp,
                    stamp,
                    user,
                    "",
                    export_id,
                ]
            )


def _income_chances(person: Person, age: int, family: bool, gain: bool) -> tuple[tuple[float, float, float], ...]:
    """(chance, lowest, highest monthly amount) of each 4.02 source, in INCOME_SOURCES order."""
    veteran = person.veteran
    disabled = person.disabling == 1
    return (
        (0.45 if gain else 0.2, 400, 2600),  # earned
        (0.03, 300, 900),  # unemployment
        (0.18 if disabled else 0.04, 943, 943),  # SSI (the federal benefit rate)
        (0.16 if disabled else 0.03, 700, 1800),  # SSDI
        (0.3 if veteran else 0, 200, 3000),  # VA service-connected disability
        (0.05 if veteran else 0, 300, 1400),  # VA non-service-connected pension
        (0.01, 300, 1500),
        (0.01, 300, 1500),  # private disability, workers' compensation
        (0.25 if family else 0, 200, 650),  # TANF
        (0.04, 200, 300),  # general assistance
        (0.6 if age >= 62 else 0, 700, 1700),  # Social Security retirement
        (0.06 if veteran else 0.01, 300, 1500),  # pension
        (0.1 if family else 0, 100, 500),  # child support
        (0.005, 200, 800),  # alimony
        (0.02, 50, 400),  # other
    )
