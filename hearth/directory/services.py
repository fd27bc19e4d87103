"""Writes to the directory: CoCs, agencies, projects and HUD's project descriptor records (2.01-2.09).

Every service is keyword-only and atomic, validates the record with ``full_clean()`` plus HUD's cross-field rules
(raising one ``ValidationError`` keyed by field, so a form can show each message next to its field), stamps who
changed it, and appends an audit event in the same transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hearth import standards
from hearth.accounts.models import HudUser
from hearth.core.audit import audit
from hearth.core.models import HudRecord

from .models import CEParticipation, CoC, Funder, HMISParticipation, Inventory, Organization, Project, ProjectCoC

RecordT = TypeVar("RecordT", bound=HudRecord)

# 2.02.6 Project type codes that HUD's rules name.
ES_ENTRY_EXIT, ES_NIGHT_BY_NIGHT, SERVICES_ONLY, RRH = 0, 1, 6, 13
ES_PROJECT_TYPES = (ES_ENTRY_EXIT, ES_NIGHT_BY_NIGHT)
# HUD's residential project types (2.02.C "Residential Project Types are: 0, 1, 2, 3, 8, 9, 10, 13 (subtype 2)").
RESIDENTIAL_PROJECT_TYPES = (0, 1, 2, 3, 8, 9, 10, 13)
# 2.02.A RRH subtypes.
RRH_SERVICES_ONLY, RRH_HOUSING = 1, 2
# 2.06.1 "Local or Other Funding Source (Please Specify)".
LOCAL_OR_OTHER_FUNDER = 46
YES = 1

ORGANIZATION_CONTACT_FIELDS = ("hmis_contact_name", "hmis_contact_email", "hmis_contact_phone")
ORGANIZATION_FIELDS = (
    "organization_name", "organization_common_name", "victim_service_provider", "participation_status",
    *ORGANIZATION_CONTACT_FIELDS,
)
PROJECT_FIELDS = (
    "organization", "project_name", "project_common_name", "operating_start_date", "continuum_project",
    "project_type", "rrh_sub_type", "housing_type", "residential_affiliation", "target_population",
    "hopwa_med_assisted_living_fac", "pit_count",
)
FUNDER_FIELDS = ("funder", "other_funder", "grant_id", "start_date", "end_date")
PROJECT_COC_FIELDS = ("coc_code", "geocode", "address1", "address2", "city", "state", "zip", "geography_type")
INVENTORY_BED_FIELDS = (
    "ch_vet_bed_inventory", "youth_vet_bed_inventory", "vet_bed_inventory", "ch_youth_bed_inventory",
    "youth_bed_inventory", "ch_bed_inventory", "other_bed_inventory",
)
INVENTORY_FIELDS = (
    "coc_code", "household_type", "availability", "es_bed_type", "unit_inventory", "bed_inventory",
    *INVENTORY_BED_FIELDS, "inventory_start_date", "inventory_end_date",
)
HMIS_PARTICIPATION_FIELDS = (
    "hmis_participation_type", "hmis_participation_status_start_date", "hmis_participation_status_end_date",
)
CE_ACTIVITY_FIELDS = ("prevention_assessment", "crisis_assessment", "housing_assessment", "direct_services")
CE_PARTICIPATION_FIELDS = (
    "access_point", *CE_ACTIVITY_FIELDS, "receives_referrals",
    "ce_participation_status_start_date", "ce_participation_status_end_date",
)
COC_FIELDS = ("code", "name", "is_active")

# The start and end date fields of the project's dated descriptor records, which closing a project ends.
DATED_RECORDS: tuple[tuple[type[HudRecord], str, str], ...] = (
    (Funder, "start_date", "end_date"),
    (Inventory, "inventory_start_date", "inventory_end_date"),
    (HMISParticipation, "hmis_participation_status_start_date", "hmis_participation_status_end_date"),
    (CEParticipation, "ce_participation_status_start_date", "ce_participation_status_end_date"),
)


# --- HUD's project rules, shared by the services and the pages ------------------------------------------------------

def is_residential(project_type: int | None, rrh_sub_type: int | None) -> bool:
    """A residential project type (2.02.D Housing type applies); RRH counts unless it is 'RRH: Services Only'."""
    if project_type == RRH:
        return rrh_sub_type != RRH_SERVICES_ONLY
    return project_type in RESIDENTIAL_PROJECT_TYPES


def has_inventory(project: Project) -> bool:
    """2.07 applies to residential projects, and to RRH only with subtype 'Housing with or without services'."""
    if project.project_type == RRH:
        return project.rrh_sub_type == RRH_HOUSING
    return project.project_type in RESIDENTIAL_PROJECT_TYPES


def is_emergency_shelter(project: Project) -> bool:
    return project.project_type in ES_PROJECT_TYPES


def _fmt(day: date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else _("open")


def _project_errors(project: Project) -> dict[str, str]:
    errors: dict[str, str] = {}
    ptype, subtype = project.project_type, project.rrh_sub_type
    if project.continuum_project == YES and ptype is None:
        errors["project_type"] = _("Project type is required for a continuum project (HUD 2.02.6).")
    if ptype == RRH and subtype is None:
        errors["rrh_sub_type"] = _("RRH sub type is required for PH – Rapid Re-Housing projects (HUD 2.02.A).")
    elif ptype != RRH and subtype is not None:
        errors["rrh_sub_type"] = _("RRH sub type applies only to PH – Rapid Re-Housing projects; leave it blank "
                                   "(HUD 2.02.A).")
    residential = ptype is not None and is_residential(ptype, subtype)
    if residential and project.housing_type is None:
        errors["housing_type"] = _("Housing type is required for residential project types (HUD 2.02.D).")
    elif not residential and project.housing_type is not None:
        errors["housing_type"] = _("Housing type applies only to residential project types (ES, TH, PSH, Safe Haven, "
                                   "PH, and RRH with housing); leave it blank (HUD 2.02.D).")
    affiliable = ptype == SERVICES_ONLY or (ptype == RRH and subtype == RRH_SERVICES_ONLY)
    if affiliable and project.residential_affiliation is None:
        errors["residential_affiliation"] = _("Say whether the project is affiliated with a residential project: "
                                              "required for Services Only and RRH: Services Only (HUD 2.02.B).")
    elif not affiliable and project.residential_affiliation is not None:
        errors["residential_affiliation"] = _("Residential affiliation applies only to Services Only and RRH: "
                                              "Services Only projects; leave it blank (HUD 2.02.B).")
    start, end = project.operating_start_date, project.operating_end_date
    if start and end and end < start:
        errors["operating_end_date"] = _("The operating end date may not be before the operating start date "
                                         "(HUD 2.02.4).")
    return errors


def _funder_errors(funder: Funder) -> dict[str, str]:
    errors: dict[str, str] = {}
    if funder.funder == LOCAL_OR_OTHER_FUNDER and not funder.other_funder.strip():
        errors["other_funder"] = _("Name the funding source: required when the funder is 46 “Local or Other Funding "
                                   "Source” (HUD 2.06.A).")
    elif funder.funder != LOCAL_OR_OTHER_FUNDER and funder.other_funder:
        errors["other_funder"] = _("Other funder is given only when the funder is 46 “Local or Other Funding Source”; "
                                   "leave it blank (HUD 2.06.A).")
    if funder.start_date and funder.end_date and funder.end_date < funder.start_date:
        errors["end_date"] = _("The grant end date may not be before the grant start date (HUD 2.06.4).")
    return errors


def _project_coc_errors(record: ProjectCoC) -> dict[str, str]:
    errors: dict[str, str] = {}
    code = record.coc_code
    previous = ProjectCoC.objects.filter(pk=record.pk).values_list("coc_code", flat=True).first() if record.pk else None
    if code and code != previous and not CoC.objects.filter(code=code, is_active=True).exists():
        errors["coc_code"] = _("%(code)s is not a CoC this HMIS serves; the HMIS lead sets up CoCs first "
                               "(HUD 2.03.1).") % {"code": code}
    elif code and ProjectCoC.objects.alive().filter(project=record.project, coc_code=code).exclude(
            pk=record.pk).exists():
        errors["coc_code"] = _("This project already has a record for CoC %(code)s (HUD 2.03.1).") % {"code": code}
    elif previous and code != previous and Inventory.objects.alive().filter(project=record.project,
                                                                            coc_code=previous).exists():
        errors["coc_code"] = _("Inventory records of this project name CoC %(code)s; change them first "
                               "(HUD 2.07.3).") % {"code": previous}
    return errors


def _inventory_errors(inventory: Inventory) -> dict[str, str]:
    errors: dict[str, str] = {}
    project = inventory.project
    if not has_inventory(project):
        errors[NON_FIELD_ERRORS] = _("Bed and unit inventory is recorded only for residential projects (ES, TH, PSH, "
                                     "Safe Haven, PH, and RRH with housing), not for this project type (HUD 2.07).")
    codes = sorted(ProjectCoC.objects.alive().filter(project=project).values_list("coc_code", flat=True))
    if inventory.coc_code and inventory.coc_code not in codes:
        errors["coc_code"] = _("The CoC code must be one of the project's CoCs (%(codes)s) (HUD 2.07.3).") % {
            "codes": ", ".join(codes) or _("none yet: add the project's CoC first")}
    shelter = is_emergency_shelter(project)
    for field, element in (("availability", "2.07.6"), ("es_bed_type", "2.07.5")):
        label = str(Inventory._meta.get_field(field).verbose_name)
        label = label[:1].upper() + label[1:]
        value = getattr(inventory, field)
        if shelter and value is None:
            errors[field] = _("%(field)s is required for emergency shelters (HUD %(element)s).") % {
                "field": label, "element": element}
        elif not shelter and value is not None:
            errors[field] = _("%(field)s applies only to emergency shelters; leave it blank (HUD %(element)s).") % {
                "field": label, "element": element}
    beds = sum(getattr(inventory, f) or 0 for f in INVENTORY_BED_FIELDS)
    if inventory.bed_inventory is not None and beds != inventory.bed_inventory:
        errors["bed_inventory"] = _(
            "The bed counts add up to %(sum)s, not to the total bed inventory %(total)s: CH Veteran + youth Veteran + "
            "Veteran + CH youth + youth + CH + other (non-dedicated) beds must equal the total (HUD 2.07.14)."
        ) % {"sum": beds, "total": inventory.bed_inventory}
    start, end = inventory.inventory_start_date, inventory.inventory_end_date
    if start and end and end < start:
        errors["inventory_end_date"] = _("The inventory end date may not be before the inventory start date "
                                         "(HUD 2.07.2).")
    return errors


def _overlap_error(record: HudRecord, start_field: str, end_field: str, element: str) -> dict[str, str]:
    """HUD 2.08 and 2.09: a project's participation periods follow one another; date ranges must not overlap."""
    start, end = getattr(record, start_field), getattr(record, end_field)
    if start is None or (end is not None and end < start):
        return {}
    others = type(record).objects.alive().filter(project=record.project).exclude(pk=record.pk)
    others = others.filter(models.Q(**{f"{end_field}__isnull": True}) | models.Q(**{f"{end_field}__gte": start}))
    if end is not None:
        others = others.filter(**{f"{start_field}__lte": end})
    other = others.order_by(start_field).first()
    if other is None:
        return {}
    return {start_field: _("These dates overlap the record from %(start)s to %(end)s; end that record first (HUD "
                           "%(element)s: date ranges must not overlap).") % {
        "start": _fmt(getattr(other, start_field)), "end": _fmt(getattr(other, end_field)), "element": element}}


def _hmis_participation_errors(record: HMISParticipation) -> dict[str, str]:
    start, end = record.hmis_participation_status_start_date, record.hmis_participation_status_end_date
    if start and end and end < start:
        return {"hmis_participation_status_end_date": _("The participation end date may not be before its start date "
                                                        "(HUD 2.08.3).")}
    return _overlap_error(record, "hmis_participation_status_start_date", "hmis_participation_status_end_date", "2.08")


def _ce_participation_errors(record: CEParticipation) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field in CE_ACTIVITY_FIELDS:
        value = getattr(record, field)
        if record.access_point == YES and value is None:
            errors[field] = _("Say whether the access point provides this (HUD 2.09.A).")
        elif record.access_point != YES and value is not None:
            errors[field] = _("Activities are recorded only for CE access points (HUD 2.09.A).")
    start, end = record.ce_participation_status_start_date, record.ce_participation_status_end_date
    if start and end and end < start:
        errors["ce_participation_status_end_date"] = _("The participation end date may not be before its start date "
                                                       "(HUD 2.09.4).")
        return errors
    return {**_overlap_error(record, "ce_participation_status_start_date", "ce_participation_status_end_date",
                             "2.09"), **errors}


# --- plumbing --------------------------------------------------------------------------------------------------------

def _assign(record: models.Model, values: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    """Set ``values`` on ``record``; return the names of the fields whose value changed."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"{type(record).__name__} has no editable field(s) {', '.join(sorted(unknown))}")
    changed = []
    for name, value in values.items():
        if getattr(record, name) != value:
            changed.append(name)
        setattr(record, name, value)
    return changed


def _validate(record: models.Model, errors: dict[str, Any]) -> None:
    """``full_clean()`` plus HUD's rule ``errors``, raised together; a field with a HUD message gets only that one."""
    errors = dict(errors)
    try:
        record.full_clean(exclude=[f for f in errors if f != NON_FIELD_ERRORS])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _stamp(record: HudRecord, *, acting_user: Any, owner_org: Organization | None) -> None:
    """Who changed the record and when (5.02, 5.07), and the organization that owns it."""
    now = timezone.now()
    if record._state.adding:
        record.created_by = acting_user
        record.date_created = now
    record.updated_by = acting_user
    record.date_updated = now
    if owner_org is not None:
        record.owner_org = owner_org
    record.hud_user = HudUser.for_login(acting_user)


def _save_audited(record: models.Model, *, acting_user: Any, changed: list[str], detail: dict[str, Any] | None = None
                  ) -> None:
    creating = record._state.adding
    record.save()
    audit(user=acting_user, action="create" if creating else "update", obj=record,
          detail={"fields": sorted(changed), **(detail or {})})


# --- CoCs and organizations -------------------------------------------------------------------------------------------

@transaction.atomic
def coc_save(*, acting_user: Any, coc: CoC | None = None, **values: Any) -> CoC:
    """Create or change a CoC this HMIS serves (2.03.1); the code must be one HUD publishes."""
    if not acting_user.is_lead_admin:
        raise PermissionDenied
    coc = coc or CoC()
    if coc.pk and "code" in values and values["code"] != coc.code:
        raise ValidationError({"code": _("A CoC's code does not change once set up; add a new CoC instead.")})
    changed = _assign(coc, values, COC_FIELDS)
    errors = {}
    if coc.code and coc.code not in {c.code for c in standards.coc_codes()}:
        errors["code"] = _("%(code)s is not a CoC code HUD publishes (HUD 2.03.1).") % {"code": coc.code}
    _validate(coc, errors)
    _save_audited(coc, acting_user=acting_user, changed=changed)
    return coc


@transaction.atomic
def organization_create(*, acting_user: Any, **values: Any) -> Organization:
    """Add a participating agency (2.01). HMIS lead only."""
    if not acting_user.is_lead_admin:
        raise PermissionDenied
    organization = Organization()
    changed = _assign(organization, values, ORGANIZATION_FIELDS)
    _stamp(organization, acting_user=acting_user, owner_org=None)
    _validate(organization, {})
    organization.save()
    organization.owner_org = organization  # an agency owns its own record, which needs its primary key first
    organization.save(update_fields=["owner_org"])
    audit(user=acting_user, action="create", obj=organization, detail={"fields": sorted(changed)})
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, acting_user: Any, **values: Any) -> Organization:
    """Change an agency: the lead changes anything, the agency's HMIS representative only its HMIS contact."""
    if not acting_user.can_manage_organization(organization.pk):
        raise PermissionDenied
    if not acting_user.is_lead_admin and set(values) - set(ORGANIZATION_CONTACT_FIELDS):
        raise PermissionDenied
    changed = _assign(organization, values, ORGANIZATION_FIELDS)
    _stamp(organization, acting_user=acting_user, owner_org=organization)
    _validate(organization, {})
    _save_audited(organization, acting_user=acting_user, changed=changed)
    return organization


# --- projects ---------------------------------------------------------------------------------------------------------

def _check_can_manage(acting_user: Any, organization: Organization) -> None:
    if not acting_user.can_manage_organization(organization.pk):
        raise PermissionDenied


@transaction.atomic
def project_create(*, organization: Organization, acting_user: Any, **values: Any) -> Project:
    """Add a project (2.02) to an agency."""
    _check_can_manage(acting_user, organization)
    project = Project(organization=organization)
    changed = _assign(project, {"organization": organization, **values}, PROJECT_FIELDS)
    _stamp(project, acting_user=acting_user, owner_org=organization)
    _validate(project, _project_errors(project))
    _save_audited(project, acting_user=acting_user, changed=changed)
    return project


@transaction.atomic
def project_update(*, project: Project, acting_user: Any, **values: Any) -> Project:
    """Change a project's information (2.02). Moving it to another agency is for the HMIS lead (HUD 2.01)."""
    _check_can_manage(acting_user, project.organization)
    moving = "organization" in values and values["organization"] != project.organization
    if moving and not acting_user.is_lead_admin:
        raise PermissionDenied
    changed = _assign(project, values, PROJECT_FIELDS)
    _stamp(project, acting_user=acting_user, owner_org=project.organization)
    _validate(project, _project_errors(project))
    _save_audited(project, acting_user=acting_user, changed=changed)
    if moving:
        for model in (ProjectCoC, Funder, Inventory, HMISParticipation, CEParticipation):
            model.objects.filter(project=project).update(owner_org=project.organization)
    return project


@transaction.atomic
def project_close(*, project: Project, acting_user: Any, operating_end_date: date) -> Project:
    """Close a project (2.02.4) and end its open funders, inventory and participation records on the same day."""
    _check_can_manage(acting_user, project.organization)
    if project.operating_end_date is not None:
        raise ValidationError({"operating_end_date": _("This project is already closed (operating end date %(date)s)."
                                                       ) % {"date": _fmt(project.operating_end_date)}})
    errors: dict[str, Any] = {}
    if operating_end_date < project.operating_start_date:
        errors["operating_end_date"] = _("The operating end date may not be before the operating start date "
                                         "%(start)s (HUD 2.02.4).") % {"start": _fmt(project.operating_start_date)}
    open_records: list[tuple[HudRecord, str]] = []
    late: list[str] = []
    for model, start_field, end_field in DATED_RECORDS:
        for record in model.objects.alive().filter(project=project, **{f"{end_field}__isnull": True}):
            open_records.append((record, end_field))
            if getattr(record, start_field) > operating_end_date:
                late.append(_("%(record)s starting %(start)s") % {
                    "record": model._meta.verbose_name, "start": _fmt(getattr(record, start_field))})
    if late and not errors:
        errors["operating_end_date"] = _("These records start after that date, so they cannot end on it: %(records)s. "
                                         "Correct them first.") % {"records": "; ".join(late)}
    if errors:
        raise ValidationError(errors)
    project.operating_end_date = operating_end_date
    _stamp(project, acting_user=acting_user, owner_org=project.organization)
    _validate(project, {})  # only the end date changes: a project set up before HUD's rules still closes
    _save_audited(project, acting_user=acting_user, changed=["operating_end_date"], detail={"closed": True})
    for record, end_field in open_records:
        setattr(record, end_field, operating_end_date)
        _stamp(record, acting_user=acting_user, owner_org=project.organization)
        _validate(record, {})
        _save_audited(record, acting_user=acting_user, changed=[end_field], detail={"project_closed": project.pk})
    return project


# --- project descriptor records ---------------------------------------------------------------------------------------

def _record_save(model: type[RecordT], *, project: Project, acting_user: Any, record: RecordT | None,
                 values: dict[str, Any], allowed: tuple[str, ...], rules: Any) -> RecordT:
    _check_can_manage(acting_user, project.organization)
    if record is None:
        record = model(project=project)
    elif record.project_id != project.pk:
        raise PermissionDenied
    changed = _assign(record, values, allowed)
    _stamp(record, acting_user=acting_user, owner_org=project.organization)
    _validate(record, rules(record))
    _save_audited(record, acting_user=acting_user, changed=changed)
    return record


@transaction.atomic
def funder_save(*, project: Project, acting_user: Any, record: Funder | None = None, **values: Any) -> Funder:
    """Add or change a funding source (2.06); with only ``end_date``, end it."""
    return _record_save(Funder, project=project, acting_user=acting_user, record=record, values=values,
                        allowed=FUNDER_FIELDS, rules=_funder_errors)


@transaction.atomic
def project_coc_save(*, project: Project, acting_user: Any, record: ProjectCoC | None = None, **values: Any
                     ) -> ProjectCoC:
    """Add or change the project's CoC information (2.03)."""
    if values.get("coc_code"):
        values["coc_code"] = values["coc_code"].upper()
    if values.get("state"):
        values["state"] = values["state"].upper()
    return _record_save(ProjectCoC, project=project, acting_user=acting_user, record=record, values=values,
                        allowed=PROJECT_COC_FIELDS, rules=_project_coc_errors)


@transaction.atomic
def inventory_save(*, project: Project, acting_user: Any, record: Inventory | None = None, **values: Any
                   ) -> Inventory:
    """Add or change a bed and unit inventory record (2.07); with only ``inventory_end_date``, end it."""
    return _record_save(Inventory, project=project, acting_user=acting_user, record=record, values=values,
                        allowed=INVENTORY_FIELDS, rules=_inventory_errors)


@transaction.atomic
def hmis_participation_save(*, project: Project, acting_user: Any, record: HMISParticipation | None = None,
                            **values: Any) -> HMISParticipation:
    """Add or change an HMIS participation status record (2.08)."""
    return _record_save(HMISParticipation, project=project, acting_user=acting_user, record=record, values=values,
                        allowed=HMIS_PARTICIPATION_FIELDS, rules=_hmis_participation_errors)


@transaction.atomic
def ce_participation_save(*, project: Project, acting_user: Any, record: CEParticipation | None = None,
                          **values: Any) -> CEParticipation:
    """Add or change a coordinated entry participation status record (2.09)."""
    return _record_save(CEParticipation, project=project, acting_user=acting_user, record=record, values=values,
                        allowed=CE_PARTICIPATION_FIELDS, rules=_ce_participation_errors)
