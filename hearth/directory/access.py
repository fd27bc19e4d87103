"""The access funnel for the directory: who may see and who may change CoCs, agencies and projects.

Directory data describes agencies and projects, not people, so every staff user (an active membership, or a lead
administrator) may read it. Changing it is for the HMIS lead (everything) and for an agency's HMIS representative
(``Role.AGENCY_ADMIN``: their own organization's projects and HMIS contact).
Caseworkers and reporting users never write.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from hearth.accounts.models import Role
from hearth.core.audit import audit
from hearth.core.models import HudRecord

from .models import Organization, Project

RecordT = TypeVar("RecordT", bound=HudRecord)


def is_staff_user(user: Any) -> bool:
    """Logged in, active, and either a lead administrator or holding an active membership."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_lead_admin or user.active_memberships().exists()


def is_lead_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_lead_admin)


def require_lead_admin(user: Any) -> None:
    """CoC setup and creating agencies are for the HMIS lead only."""
    if not is_lead_admin(user):
        audit(user=user, action="denied", object_type="directory", object_id="lead-admin-only")
        raise PermissionDenied


def visible_organizations(user: Any) -> QuerySet[Organization]:
    """The participating agencies: every staff user sees all of them (not soft-deleted)."""
    qs = Organization.objects.alive()
    return qs if is_staff_user(user) else qs.none()


def manageable_organizations(user: Any) -> QuerySet[Organization]:
    """Agencies whose projects ``user`` may create and change: all for the lead, their own for agency reps."""
    qs = visible_organizations(user)
    if is_lead_admin(user):
        return qs
    return qs.filter(pk__in=user.organization_ids(Role.AGENCY_ADMIN)) if is_staff_user(user) else qs.none()


def visible_projects(user: Any) -> QuerySet[Project]:
    """Projects ``user`` may look at: all of them for every staff user."""
    qs = Project.objects.alive()
    return qs if is_staff_user(user) else qs.none()


def listed_projects(user: Any) -> QuerySet[Project]:
    """The projects list: all projects for the lead, the projects of their own agencies for everyone else."""
    qs = visible_projects(user)
    if is_lead_admin(user):
        return qs
    return qs.filter(organization_id__in=user.organization_ids()) if is_staff_user(user) else qs.none()


def manageable_projects(user: Any) -> QuerySet[Project]:
    """Projects ``user`` may change: all for the lead, their own agencies' for agency representatives."""
    return visible_projects(user).filter(organization__in=manageable_organizations(user))


def can_create_projects(user: Any) -> bool:
    return manageable_organizations(user).exists()


def access_organization(user: Any, org_id: int, *, write: bool = False) -> Organization:
    """Return the organization if ``user`` may see it (or change it, with ``write``); the same 404 otherwise."""
    qs = manageable_organizations(user) if write else visible_organizations(user)
    organization = qs.filter(pk=org_id).first()
    if organization is None:
        audit(user=user, action="denied", object_type="directory.Organization", object_id=str(org_id))
        raise Http404("No such organization")
    return organization


def access_project(user: Any, project_id: int, *, write: bool = False) -> Project:
    """Return the project if ``user`` may see it (or change it, with ``write``); the same 404 otherwise."""
    qs = manageable_projects(user) if write else visible_projects(user)
    project = qs.select_related("organization").filter(pk=project_id).first()
    if project is None:
        audit(user=user, action="denied", object_type="directory.Project", object_id=str(project_id))
        raise Http404("No such project")
    return project


def access_project_record(user: Any, project_id: int, model: type[RecordT], record_id: int, *, write: bool = False
                          ) -> tuple[Project, RecordT]:
    """A project's descriptor record (funder, CoC, inventory, participation) through its project's access."""
    project = access_project(user, project_id, write=write)
    record = model.objects.alive().filter(project=project, pk=record_id).first()
    if record is None:
        audit(user=user, action="denied", object_type=model._meta.label, object_id=str(record_id))
        raise Http404("No such record")
    return project, record
