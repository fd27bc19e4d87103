"""The synthetic CoC's directory: agencies, staff, projects and their descriptor records (HUD 2.01-2.09)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from hearth.synth import columns as C
from hearth.synth.columns import Rows
from hearth.synth.options import COC_CODE, Options
from hearth.synth.people import FEMALE_NAMES, LAST_NAMES, MALE_NAMES

# Project kinds: what a project does in the synthetic CoC. Each set of agencies runs one project of each kind.
ES_ENTRY_EXIT, ES_NIGHTLY, OUTREACH, SAFE_HAVEN = "es_ee", "es_nbn", "so", "sh"
TH_FAMILY, TH_YOUTH, TH_VETERAN = "th_family", "th_youth", "th_vet"
PSH, PSH_VASH = "psh", "psh_vash"
RRH, RRH_SSVF, RRH_YOUTH, RRH_SERVICES = "rrh", "rrh_ssvf", "rrh_youth", "rrh_services"
PREVENTION, PREVENTION_HOPWA = "hp", "hp_hopwa"
SERVICES_ONLY, COORDINATED_ENTRY, DV_SHELTER = "sso", "ce", "dv_es"


@dataclass(frozen=True)
class Kind:
    """What a kind of project is in HUD's terms and which program-specific elements it collects."""

    name: str
    project_type: int  # 2.02.6
    funders: tuple[int, ...]  # 2.06.1
    rrh_sub_type: int | None = None  # 2.02.A
    housing_type: int | None = None  # 2.02.D
    target_population: int = 4  # 2.02.7
    continuum: int = 1  # 2.02.5
    inventory: tuple[tuple[int, str, int], ...] = ()  # (2.07.4 household type, bed category, beds per 1,000 clients)
    program: frozenset[str] = frozenset()  # program-specific element groups: path, rhy, yhdp, ssvf, vash, hopwa, ...


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(ES_ENTRY_EXIT, 0, (8, 46), housing_type=1, inventory=((1, "other", 14), (3, "other", 12))),
        Kind(ES_NIGHTLY, 1, (8,), housing_type=1, inventory=((1, "other", 16),)),
        Kind(OUTREACH, 4, (11, 21), program=frozenset({"path"})),
        Kind(SAFE_HAVEN, 8, (6,), housing_type=1, inventory=((1, "ch", 3),)),
        Kind(TH_FAMILY, 2, (5,), housing_type=2, inventory=((3, "other", 8),)),
        Kind(
            TH_YOUTH, 2, (24,), housing_type=1, inventory=((1, "youth", 3), (4, "youth", 1)), program=frozenset({"rhy"})
        ),
        Kind(TH_VETERAN, 2, (37,), housing_type=1, inventory=((1, "vet", 3),), program=frozenset({"gpd"})),
        Kind(
            PSH, 3, (2,), housing_type=3, inventory=((1, "ch", 20), (3, "other", 10)), program=frozenset({"moving_on"})
        ),
        Kind(PSH_VASH, 3, (20,), housing_type=3, inventory=((1, "vet", 6), (3, "vet", 2)), program=frozenset({"vash"})),
        Kind(RRH, 13, (3, 10), rrh_sub_type=2, housing_type=3, inventory=((1, "other", 8), (3, "other", 10))),
        Kind(
            RRH_SSVF,
            13,
            (33,),
            rrh_sub_type=2,
            housing_type=3,
            inventory=((1, "vet", 3), (3, "vet", 1)),
            program=frozenset({"ssvf"}),
        ),
        Kind(
            RRH_YOUTH,
            13,
            (43,),
            rrh_sub_type=2,
            housing_type=3,
            inventory=((1, "youth", 3),),
            program=frozenset({"yhdp"}),
        ),
        Kind(RRH_SERVICES, 13, (3,), rrh_sub_type=1),
        Kind(PREVENTION, 12, (9,)),
        Kind(PREVENTION_HOPWA, 12, (17,), target_population=3, continuum=0, program=frozenset({"hopwa"})),
        Kind(SERVICES_ONLY, 6, (4,)),
        Kind(COORDINATED_ENTRY, 14, (4,), program=frozenset({"ce"})),
        Kind(DV_SHELTER, 0, (8,), housing_type=1, target_population=1, inventory=((1, "other", 3), (3, "other", 3))),
    )
}

# Agencies of one set, with the project kinds they run, in the order personas are given them (alice gets the first).
AGENCIES = (
    (
        "Harbor Light Shelter",
        False,
        ((ES_ENTRY_EXIT, "Emergency Shelter"), (ES_NIGHTLY, "Night Shelter"), (SAFE_HAVEN, "Safe Haven")),
    ),
    ("Open Door Outreach", False, ((OUTREACH, "Street Outreach"), (SERVICES_ONLY, "Day Center Case Management"))),
    (
        "Keystone Housing Partners",
        False,
        ((PSH, "Permanent Supportive Housing"), (RRH, "Rapid Re-Housing"), (RRH_SERVICES, "Rapid Re-Housing Services")),
    ),
    ("Family Promise Network", False, ((TH_FAMILY, "Family Transitional Housing"), (PREVENTION, "Prevention"))),
    ("Youth Horizons", False, ((TH_YOUTH, "Transitional Living Program"), (RRH_YOUTH, "Youth Rapid Re-Housing"))),
    (
        "Veterans Bridge",
        False,
        ((RRH_SSVF, "SSVF Rapid Re-Housing"), (TH_VETERAN, "GPD Bridge Housing"), (PSH_VASH, "HUD-VASH")),
    ),
    ("Positive Care Alliance", False, ((PREVENTION_HOPWA, "HOPWA Short-Term Assistance"),)),
    ("Safe Harbor Domestic Violence Services", True, ((DV_SHELTER, "Safe House"),)),
    ("Coordinated Entry Hub", False, ((COORDINATED_ENTRY, "Coordinated Entry"),)),
)
REGIONS = (
    "",
    "Northside",
    "Eastside",
    "Riverside",
    "Westside",
    "Southside",
    "Lakeside",
    "Hillcrest",
    "Fairview",
    "Oakwood",
    "Midtown",
    "Brookside",
    "Parkview",
    "Greenfield",
    "Maple Valley",
    "Cedar Hills",
    "Pine Ridge",
    "Harbor Point",
    "Elm Grove",
    "Stone Creek",
)
CLIENTS_PER_SET = 20_000
STREETS = ("Main", "Oak", "Maple", "Pine", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "River", "Church")
OTHER_FUNDER = "City of Demo City general fund"


@dataclass
class Project:
    """One generated project, with what the episode engine needs to enroll people in it."""

    project_id: str
    organization_id: str
    name: str
    kind: Kind
    set_index: int
    user_ids: tuple[str, ...]
    operating_start: int
    funders: tuple[int, ...] = field(default=())

    @property
    def project_type(self) -> int:
        return self.kind.project_type


@dataclass
class Organization:
    organization_id: str
    name: str
    victim_service_provider: bool
    user_ids: tuple[str, ...]


@dataclass
class Directory:
    """Everything above the client level, plus lookups the episode engine uses."""

    organizations: list[Organization]
    projects: list[Project]
    by_kind: dict[str, list[Project]]
    admin_user_id: str
    rows: Rows


def build_directory(options: Options) -> Directory:
    """Make the CoC's agencies, staff and projects and their HMIS CSV rows (deterministic for the options)."""
    rng = options.directory_random()
    cal = options.calendar
    export_id = options.export_id
    rows = Rows()
    rows["Export.csv"].append(_export_row(options))
    sets = max(1, min(len(REGIONS), -(-options.clients // CLIENTS_PER_SET)))
    clients_per_set = options.clients / sets

    user_count = 0

    def add_user(first: str, last: str, created: str) -> str:
        nonlocal user_count
        user_count += 1
        user_id = str(user_count)
        row = C.USER.blank()
        row[C.USER.UserID] = user_id
        row[C.USER.UserFirstName] = first
        row[C.USER.UserLastName] = last
        row[C.USER.UserPhone] = f"{rng.randint(200, 999)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
        row[C.USER.UserEmail] = f"{first}.{last}{user_id}@example.org".lower()
        row[C.USER.DateCreated] = created
        row[C.USER.DateUpdated] = created
        row[C.USER.ExportID] = export_id
        rows["User.csv"].append(row)
        return user_id

    founded = cal.start - 365 * 12
    admin = add_user("HMIS", "Administrator", cal.stamp(founded, 1))

    def trailer(row: list, columns: C.Columns, created_day: int) -> list:
        stamp = cal.stamp(created_day, len(row) + created_day)
        row[columns.DateCreated] = stamp
        row[columns.DateUpdated] = stamp
        row[columns.UserID] = admin
        row[columns.ExportID] = export_id
        return row

    organizations: list[Organization] = []
    projects: list[Project] = []
    by_kind: dict[str, list[Project]] = {name: [] for name in KINDS}
    org_count = project_count = record_count = 0
    for set_index in range(sets):
        region = REGIONS[set_index]
        for agency_name, vsp, agency_projects in AGENCIES:
            org_count += 1
            org_id = str(org_count)
            name = f"{region} {agency_name}".strip()
            started = founded + rng.randint(0, 365 * 4)
            staff = tuple(
                add_user(rng.choice(FEMALE_NAMES + MALE_NAMES), rng.choice(LAST_NAMES), cal.stamp(started, k))
                for k in range(rng.randint(3, 5))
            )
            organizations.append(Organization(org_id, name, vsp, staff))
            row = C.ORGANIZATION.blank()
            row[C.ORGANIZATION.OrganizationID] = org_id
            row[C.ORGANIZATION.OrganizationName] = name
            row[C.ORGANIZATION.VictimServiceProvider] = 1 if vsp else 0  # 2.01.3
            row[C.ORGANIZATION.OrganizationCommonName] = agency_name
            rows["Organization.csv"].append(trailer(row, C.ORGANIZATION, started))

            for kind_name, project_name in agency_projects:
                kind = KINDS[kind_name]
                project_count += 1
                project_id = str(100 + project_count)
                opened = started + rng.randint(0, 365 * 2)
                project = Project(
                    project_id, org_id, f"{name} {project_name}", kind, set_index, staff, opened, kind.funders
                )
                projects.append(project)
                if not vsp:
                    by_kind[kind_name].append(project)
                rows["Project.csv"].append(trailer(_project_row(project, cal.iso(opened)), C.PROJECT, opened))

                for funder in kind.funders:  # 2.06 Funding Sources
                    record_count += 1
                    row = C.FUNDER.blank()
                    row[C.FUNDER.FunderID] = str(record_count)
                    row[C.FUNDER.ProjectID] = project_id
                    row[C.FUNDER.Funder] = funder
                    row[C.FUNDER.OtherFunder] = OTHER_FUNDER if funder == 46 else ""
                    row[C.FUNDER.GrantID] = _grant_id(rng, funder)
                    row[C.FUNDER.StartDate] = cal.iso(opened)
                    rows["Funder.csv"].append(trailer(row, C.FUNDER, opened))

                record_count += 1  # 2.03 Continuum of Care Information
                row = C.PROJECT_COC.blank()
                row[C.PROJECT_COC.ProjectCoCID] = str(record_count)
                row[C.PROJECT_COC.ProjectID] = project_id
                row[C.PROJECT_COC.CoCCode] = COC_CODE
                row[C.PROJECT_COC.Geocode] = f"{990000 + set_index * 10 + rng.randint(0, 9):06d}"
                if not vsp:  # a victim service provider's address stays confidential
                    row[C.PROJECT_COC.Address1] = f"{rng.randint(1, 999) * 10} {rng.choice(STREETS)} St"
                    row[C.PROJECT_COC.City] = region or "Demo City"
                    row[C.PROJECT_COC.ZIP] = f"{10000 + set_index * 37 + rng.randint(0, 30):05d}"
                row[C.PROJECT_COC.GeographyType] = (1, 2, 3)[set_index % 3] if set_index % 7 else 1
                rows["ProjectCoC.csv"].append(trailer(row, C.PROJECT_COC, opened))

                for household_type, category, per_thousand in kind.inventory:  # 2.07 Bed and Unit Inventory
                    record_count += 1
                    beds = max(2, round(per_thousand * clients_per_set / 1000 * rng.uniform(0.8, 1.2)))
                    rows["Inventory.csv"].append(
                        trailer(
                            _inventory_row(str(record_count), project, household_type, category, beds, cal.iso(opened)),
                            C.INVENTORY,
                            opened,
                        )
                    )
                if kind.project_type == 1:  # a seasonal overflow room at the night shelter
                    record_count += 1
                    beds = max(2, round(4 * clients_per_set / 1000))
                    row = _inventory_row(str(record_count), project, 1, "other", beds, cal.iso(opened))
                    row[C.INVENTORY.Availability] = 2
                    rows["Inventory.csv"].append(trailer(row, C.INVENTORY, opened))

                record_count += 1  # 2.08 HMIS Participation: a VSP uses a comparable database instead
                row = C.HMIS_PARTICIPATION.blank()
                row[C.HMIS_PARTICIPATION.HMISParticipationID] = str(record_count)
                row[C.HMIS_PARTICIPATION.ProjectID] = project_id
                row[C.HMIS_PARTICIPATION.HMISParticipationType] = 2 if vsp else 1
                row[C.HMIS_PARTICIPATION.HMISParticipationStatusStartDate] = cal.iso(opened)
                rows["HMISParticipation.csv"].append(trailer(row, C.HMIS_PARTICIPATION, opened))

                ce_row = _ce_participation_row(kind, project_id, cal.iso(max(opened, cal.start - 365)))
                if ce_row is not None:  # 2.09 Coordinated Entry Participation
                    record_count += 1
                    ce_row[C.CE_PARTICIPATION.CEParticipationID] = str(record_count)
                    rows["CEParticipation.csv"].append(
                        trailer(ce_row, C.CE_PARTICIPATION, max(opened, cal.start - 365))
                    )

        # 2.02.C Affiliation: the services-only RRH project serves the residents of the housing RRH project.
        services = next(p for p in by_kind[RRH_SERVICES] if p.set_index == set_index)
        housing = next(p for p in by_kind[RRH] if p.set_index == set_index)
        record_count += 1
        row = C.AFFILIATION.blank()
        row[C.AFFILIATION.AffiliationID] = str(record_count)
        row[C.AFFILIATION.ProjectID] = services.project_id
        row[C.AFFILIATION.ResProjectID] = housing.project_id
        rows["Affiliation.csv"].append(trailer(row, C.AFFILIATION, services.operating_start))

    return Directory(organizations, projects, by_kind, admin, rows)


def _export_row(options: Options) -> list:
    cal = options.calendar
    row = C.EXPORT.blank()
    x = C.EXPORT
    row[x.ExportID] = options.export_id
    row[x.SourceType] = 1  # 1.9: CoC HMIS
    row[x.SourceID] = COC_CODE
    row[x.SourceName] = "Demo City HMIS"
    row[x.SourceContactFirst] = "HMIS"
    row[x.SourceContactLast] = "Administrator"
    row[x.SourceContactPhone] = "5555550100"
    row[x.SourceContactEmail] = "hmis@example.org"
    row[x.ExportDate] = cal.export_datetime
    row[x.ExportStartDate] = options.period_start.isoformat()
    row[x.ExportEndDate] = options.period_end.isoformat()
    row[x.SoftwareName] = "Hearth"
    row[x.SoftwareVersion] = "synthetic data"
    row[x.CSVVersion] = "2026 v1.0"
    row[x.ExportPeriodType] = 1  # 1.1: updated
    row[x.ExportDirective] = 1  # 1.2: delta refresh
    row[x.HashStatus] = 1  # 1.5: unhashed
    row[x.ImplementationID] = f"hearth-synthetic-{COC_CODE}"
    return row


def _project_row(project: Project, opened: str) -> list:
    kind = project.kind
    row = C.PROJECT.blank()
    p = C.PROJECT
    row[p.ProjectID] = project.project_id
    row[p.OrganizationID] = project.organization_id
    row[p.ProjectName] = project.name
    row[p.ProjectCommonName] = project.name.split(" ", 1)[-1][:200]
    row[p.OperatingStartDate] = opened
    row[p.ContinuumProject] = kind.continuum
    row[p.ProjectType] = kind.project_type
    row[p.HousingType] = kind.housing_type if kind.housing_type is not None else ""
    row[p.RRHSubType] = kind.rrh_sub_type if kind.rrh_sub_type is not None else ""
    # 2.02.B Residential Affiliation: asked of services-only projects and RRH services-only projects.
    if kind.project_type == 6:
        row[p.ResidentialAffiliation] = 0
    elif kind.rrh_sub_type == 1:
        row[p.ResidentialAffiliation] = 1
    row[p.TargetPopulation] = kind.target_population
    row[p.HOPWAMedAssistedLivingFac] = 0 if "hopwa" in kind.program else 2
    return row


_BED_COLUMNS = {
    "ch": "CHBedInventory",
    "vet": "VetBedInventory",
    "youth": "YouthBedInventory",
    "other": "OtherBedInventory",
}


def _inventory_row(
    inventory_id: str, project: Project, household_type: int, category: str, beds: int, opened: str
) -> list:
    row = C.INVENTORY.blank()
    i = C.INVENTORY
    row[i.InventoryID] = inventory_id
    row[i.ProjectID] = project.project_id
    row[i.CoCCode] = COC_CODE
    row[i.HouseholdType] = household_type
    if project.project_type in (0, 1):  # 2.07.5 and 2.07.6 are asked of emergency shelters only
        row[i.Availability] = 1
        row[i.ESBedType] = 1
    units = beds if household_type != 3 else max(1, beds // 3)
    row[i.UnitInventory] = units
    row[i.BedInventory] = beds
    # The dedicated-bed columns add up to the bed inventory (2.07.7-2.07.13).
    for column in (
        "CHVetBedInventory",
        "YouthVetBedInventory",
        "VetBedInventory",
        "CHYouthBedInventory",
        "YouthBedInventory",
        "CHBedInventory",
        "OtherBedInventory",
    ):
        row[getattr(i, column)] = beds if column == _BED_COLUMNS[category] else 0
    row[i.InventoryStartDate] = opened
    return row


def _ce_participation_row(kind: Kind, project_id: str, start: str) -> list | None:
    """2.09: the CE project and outreach are access points; housing projects take CE referrals."""
    row = C.CE_PARTICIPATION.blank()
    c = C.CE_PARTICIPATION
    row[c.ProjectID] = project_id
    if kind.project_type == 14:
        flags = (1, 1, 1, 1, 0, 0)
    elif kind.project_type == 4:
        flags = (1, 0, 1, 1, 1, 0)
    elif kind.project_type in (2, 3, 13) and kind.rrh_sub_type != 1:
        flags = (0, None, None, None, None, 1)
    else:
        return None
    access, prevention, crisis, housing, direct, referrals = flags
    row[c.AccessPoint] = access
    for column, value in (
        ("PreventionAssessment", prevention),
        ("CrisisAssessment", crisis),
        ("HousingAssessment", housing),
        ("DirectServices", direct),
    ):
        row[getattr(c, column)] = "" if value is None else value
    row[c.ReceivesReferrals] = referrals
    row[c.CEParticipationStatusStartDate] = start
    return row


def _grant_id(rng: random.Random, funder: int) -> str:
    """A grant number shaped like the funder's (CoC, ESG, HOPWA, VA, HHS or local)."""
    year = rng.randint(20, 25)
    if funder in (2, 3, 4, 5, 6, 43):
        return f"XX0{rng.randint(100, 999)}L9X5{year}{rng.randint(1, 9):02d}"
    if funder in (8, 9, 10, 11):
        return f"E-{year}-MC-99-{rng.randint(1, 9999):04d}"
    if funder in (13, 14, 15, 16, 17, 18, 19):
        return f"XXH{year}-F{rng.randint(100, 999)}"
    if funder in (20, 33, 37):
        return f"VA-{year}-XX-{rng.randint(100, 999)}"
    if funder in (21, 24):
        return f"HHS-{year}-{rng.randint(10000, 99999)}"
    return f"LOCAL-{year}-{rng.randint(1, 99):02d}"


def project_start_day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()
