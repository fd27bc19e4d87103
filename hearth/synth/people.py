"""Synthetic people: names, demographics, health conditions and their Client.csv rows (HUD 3.01-3.07, 4.21, V1)."""

from __future__ import annotations

import random
from bisect import bisect
from datetime import date
from itertools import accumulate

from hearth.synth.columns import CLIENT


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FEMALE_NAMES = _words(
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret Sandra Ashley "
    "Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura Sharon Cynthia Kathleen Amy "
    "Angela Shirley Anna Brenda Pamela Nicole Samantha Katherine Christine Rachel Janet Catherine Maria Heather Diane "
    "Julie Joyce Victoria Kelly Christina Lauren Joan Evelyn Olivia Judith Megan Cheryl Martha Andrea Frances Hannah "
    "Jacqueline Ann Gloria Jean Kathryn Alice Teresa Sara Janice Doris Madison Julia Grace Judy Abigail Marie Denise "
    "Beverly Amber Theresa Marilyn Danielle Diana Brittany Natalie Sophia Rose Isabella Alexis Kayla Charlotte Keisha "
    "Tamika Latoya Ebony Guadalupe Rosa Yolanda Aaliyah Imani Destiny Leilani Mei Fatima Aisha Nia Esperanza"
)
MALE_NAMES = _words(
    "James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel Matthew Anthony Mark "
    "Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy Ronald Jason Edward Jeffrey Ryan Jacob Gary "
    "Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank Raymond "
    "Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Zachary Douglas Peter Kyle Noah Ethan Jeremy Walter "
    "Christian Keith Roger Terry Austin Sean Gerald Carl Harold Dylan Arthur Lawrence Jordan Jesse Bryan Billy "
    "Bruce Gabriel Joe "
    "Logan Alan Juan Albert Willie Elijah Wayne Randy Vincent Mason Roy Ralph Bobby Russell Bradley Philip Eugene "
    "Darnell Jamal DeShawn Tyrone Carlos Luis Miguel Hector Malik Andre Kai Tariq Omar Wei Hiroshi Marcus Terrell"
)
LAST_NAMES = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
    "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson "
    "Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell "
    "Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales "
    "Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson "
    "Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long "
    "Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher "
    "Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes "
    "Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez "
    "McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson "
    "Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson "
    "Begay Yazzie Tsosie Okafor Mohamed Abdi Haile Kowalski Nakamura Le Pham Vu"
)
SUFFIXES = ("Jr", "Sr", "II", "III")
ADDITIONAL_RACE_DETAIL = (
    "Puerto Rican",
    "Mexican",
    "Dominican",
    "Somali",
    "Ethiopian",
    "Haitian",
    "Navajo",
    "Lakota",
    "Hmong",
    "Samoan",
    "Vietnamese",
    "Filipino",
    "Lebanese",
    "Jamaican",
    "Guatemalan",
)
# 3.04 Race and Ethnicity columns in Client.csv order.
RACE_COLUMNS = (
    "AmIndAKNative",
    "Asian",
    "BlackAfAmerican",
    "HispanicLatinao",
    "MidEastNAfrican",
    "NativeHIPacific",
    "White",
)
# Single-race weights (same order), then the chance of a second race.
RACE_WEIGHTS = (3, 2, 40, 16, 1, 1, 37)
RACE_CUMULATIVE = list(accumulate(RACE_WEIGHTS))

# 4.05-4.10 disability types (list 1.3).
PHYSICAL, DEVELOPMENTAL, CHRONIC_HEALTH, HIV, MENTAL, SUBSTANCE = 5, 6, 7, 8, 9, 10
DISABILITY_TYPES = (PHYSICAL, DEVELOPMENTAL, CHRONIC_HEALTH, HIV, MENTAL, SUBSTANCE)

_CLIENT_POS = {name: getattr(CLIENT, name) for name in CLIENT.header}


def missing_code(rng: random.Random) -> int:
    """One of HUD's missing-data codes (list 1.8): 8 doesn't know, 9 prefers not to answer, 99 not collected."""
    r = rng.random()
    return 8 if r < 0.3 else 9 if r < 0.55 else 99


class Person:
    """One client: what is true about them, from which their HMIS records are written."""

    __slots__ = (
        "number",
        "personal_id",
        "birth",
        "female",
        "veteran",
        "relationship",
        "chronic",
        "conditions",
        "disabling",
        "dv",
        "income",
        "dq_disabling",
    )

    def __init__(self, number: int, birth: int, female: bool, relationship: int) -> None:
        self.number = number
        self.personal_id = str(number)
        self.birth = birth  # true date of birth (a day ordinal), whatever Client.csv reports
        self.female = female
        self.veteran = False
        self.relationship = relationship  # 3.15 Relationship to Head of Household
        self.chronic = False
        # 4.05-4.10: disability type -> (response code, IndefiniteAndImpairs code or "")
        self.conditions: dict[int, tuple[int, int | str]] = {}
        self.disabling: int = 0  # 3.08 Disabling Condition
        self.dq_disabling = False
        self.dv = 0  # 4.11 Domestic Violence survivor: 0, 1 or a missing code
        self.income: list[str] | None = None  # the IncomeBenefits row body last collected

    def age_on(self, day: int) -> int:
        return int((day - self.birth) / 365.2425)


def assign_conditions(rng: random.Random, person: Person, *, adult: bool, hiv: bool = False) -> None:
    """Decide a person's disabilities (4.05-4.10) and so their Disabling Condition (3.08)."""
    conditions: dict[int, tuple[int, int | str]] = {}
    if person.chronic:
        # Chronic homelessness needs a disabling condition (HUD's definition of chronically homeless).
        picks = [MENTAL] if rng.random() < 0.6 else [SUBSTANCE]
        for kind, chance in ((PHYSICAL, 0.3), (CHRONIC_HEALTH, 0.3), (MENTAL, 0.4), (SUBSTANCE, 0.4)):
            if kind not in picks and rng.random() < chance:
                picks.append(kind)
        for kind in picks:
            conditions[kind] = (
                _substance_code(rng) if kind == SUBSTANCE else 1,
                1 if kind == picks[0] else (1 if rng.random() < 0.7 else 0),
            )
    elif adult:
        for kind, chance in (
            (PHYSICAL, 0.10),
            (CHRONIC_HEALTH, 0.10),
            (MENTAL, 0.16),
            (SUBSTANCE, 0.10),
            (DEVELOPMENTAL, 0.02),
        ):
            if rng.random() < chance:
                conditions[kind] = (_substance_code(rng) if kind == SUBSTANCE else 1, 1 if rng.random() < 0.6 else 0)
    else:
        for kind, chance in ((DEVELOPMENTAL, 0.04), (MENTAL, 0.04), (CHRONIC_HEALTH, 0.03)):
            if rng.random() < chance:
                conditions[kind] = (1, 1 if rng.random() < 0.5 else 0)
    if hiv or (adult and rng.random() < 0.01):
        conditions[HIV] = (1, "")
    person.conditions = conditions
    disabling = any(kind in (DEVELOPMENTAL, HIV) or impairs == 1 for kind, (_r, impairs) in conditions.items())
    person.disabling = 1 if disabling else 0
    # 3.08 left unanswered now and then (data quality); the disability rows then carry the same missing code.
    if not disabling and rng.random() < 0.025:
        person.disabling = missing_code(rng)
        person.dq_disabling = True


def _substance_code(rng: random.Random) -> int:
    """4.10.2 Substance Use Disorder: 1 alcohol, 2 drug, 3 both."""
    r = rng.random()
    return 1 if r < 0.35 else 2 if r < 0.7 else 3


def client_row(
    rng: random.Random, person: Person, *, adult: bool, created: str, updated: str, user_id: str, export_id: str
) -> list:
    """The Client.csv row for a person (``adult``: 18 or older when first seen)."""
    row: list = CLIENT.blank()
    pos = _CLIENT_POS
    row[pos["PersonalID"]] = person.personal_id

    # 3.01 Name, with a few partial and missing names.
    r = rng.random()
    first = rng.choice(FEMALE_NAMES if person.female else MALE_NAMES)
    last = rng.choice(LAST_NAMES)
    if r < 0.955:
        name_quality = 1
        row[pos["FirstName"]] = first
        row[pos["LastName"]] = last
        if rng.random() < 0.3:
            row[pos["MiddleName"]] = rng.choice(FEMALE_NAMES if person.female else MALE_NAMES)
        if not person.female and rng.random() < 0.02:
            row[pos["NameSuffix"]] = rng.choice(SUFFIXES)
    elif r < 0.985:
        name_quality = 2  # street name or first name only
        row[pos["FirstName"]] = first
    else:
        name_quality = missing_code(rng)
    row[pos["NameDataQuality"]] = name_quality

    # 3.02 Social Security Number: children and people without documents often have none.
    r = rng.random()
    if r < 0.82:
        row[pos["SSN"]] = _ssn(rng)
        row[pos["SSNDataQuality"]] = 1
    elif r < 0.88:
        row[pos["SSN"]] = "xxxxx" + _ssn(rng)[5:]
        row[pos["SSNDataQuality"]] = 2
    else:
        row[pos["SSNDataQuality"]] = missing_code(rng)

    # 3.03 Date of Birth: approximate ones are recorded as January 1st of the year.
    r = rng.random()
    born = date.fromordinal(person.birth)
    if r < 0.96:
        row[pos["DOB"]] = born.isoformat()
        row[pos["DOBDataQuality"]] = 1
    elif r < 0.985:
        row[pos["DOB"]] = f"{born.year:04d}-01-01"
        row[pos["DOBDataQuality"]] = 2
    else:
        row[pos["DOBDataQuality"]] = missing_code(rng)

    # 4.21 Sex
    row[pos["Sex"]] = (0 if person.female else 1) if rng.random() < 0.985 else missing_code(rng)

    # 3.04 Race and Ethnicity: one or more selected, or RaceNone with every race field 0.
    for column in RACE_COLUMNS:
        row[pos[column]] = 0
    if rng.random() < 0.02:
        row[pos["RaceNone"]] = missing_code(rng)
    else:
        first_race = bisect(RACE_CUMULATIVE, rng.random() * RACE_CUMULATIVE[-1])
        row[pos[RACE_COLUMNS[first_race]]] = 1
        if rng.random() < 0.12:
            row[pos[RACE_COLUMNS[bisect(RACE_CUMULATIVE, rng.random() * RACE_CUMULATIVE[-1])]]] = 1
        if rng.random() < 0.05:
            row[pos["AdditionalRaceEthnicity"]] = rng.choice(ADDITIONAL_RACE_DETAIL)

    # 3.07 Veteran Status: HUD asks exports to carry 99 for minors and anyone not asked.
    if not adult:
        veteran_status: int = 99
    elif person.veteran:
        veteran_status = 1
    else:
        veteran_status = 0 if rng.random() < 0.97 else missing_code(rng)
    row[pos["VeteranStatus"]] = veteran_status
    if veteran_status == 1:
        _veteran_history(rng, row, born.year)

    row[pos["DateCreated"]] = created
    row[pos["DateUpdated"]] = updated
    row[pos["UserID"]] = user_id
    row[pos["ExportID"]] = export_id
    return row


def _ssn(rng: random.Random) -> str:
    """A nine-digit number shaped like an SSN (area 001-899 without 666, group and serial not zero)."""
    area = rng.randint(1, 898)
    area = area + 1 if area >= 666 else area
    return f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


# V1.3-V1.10 theatres of operations and the birth years of people who could have served in them.
THEATRES = (
    ("WorldWarII", 1900, 1927),
    ("KoreanWar", 1918, 1935),
    ("VietnamWar", 1930, 1957),
    ("DesertStorm", 1962, 1973),
    ("AfghanistanOEF", 1955, 1996),
    ("IraqOIF", 1955, 1992),
    ("IraqOND", 1970, 1993),
)


def _veteran_history(rng: random.Random, row: list, birth_year: int) -> None:
    """V1 Veteran's Information for a veteran client."""
    pos = _CLIENT_POS
    entered = birth_year + rng.randint(18, 24)
    separated = min(entered + rng.randint(2, 20), 2025)
    row[pos["YearEnteredService"]] = entered if rng.random() < 0.97 else ""
    row[pos["YearSeparated"]] = separated if rng.random() < 0.97 else ""
    served_any = False
    for column, born_from, born_to in THEATRES:
        served = born_from <= birth_year <= born_to and rng.random() < 0.35
        served_any = served_any or served
        row[pos[column]] = 1 if served else 0
    row[pos["OtherTheater"]] = 0 if served_any or rng.random() < 0.6 else 1
    row[pos["MilitaryBranch"]] = rng.choice((1, 1, 1, 2, 3, 3, 4, 6, 7)) if rng.random() < 0.97 else missing_code(rng)
    r = rng.random()
    row[pos["DischargeStatus"]] = (
        1
        if r < 0.62
        else 2
        if r < 0.82
        else 6
        if r < 0.9
        else 4
        if r < 0.93
        else 5
        if r < 0.95
        else 7
        if r < 0.97
        else missing_code(rng)
    )
