"""Directory pages: CoCs, participating agencies, and projects with HUD's project descriptor elements (2.01-2.09)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.accounts.models import CLIENT_DATA_ROLES
from hearth.core.models import HudRecord

from . import forms as directory_forms
from . import services
from .access import (
    access_organization,
    access_project,
    access_project_record,
    can_create_projects,
    is_lead_admin,
    is_staff_user,
    listed_projects,
    manageable_organizations,
    require_lead_admin,
    visible_organizations,
    visible_projects,
)
from .models import CEParticipation, CoC, Funder, HMISParticipation, Inventory, ParticipationStatus, Project, ProjectCoC

PAGE_SIZE = 50


@dataclass(frozen=True)
class RecordKind:
    """One kind of project descriptor record, as the add/edit/end pages need it."""

    slug: str
    model: type[HudRecord]
    form: type[directory_forms.ProjectRecordForm]
    save: Callable[..., HudRecord]
    name: Promise  # what one record is called on the pages
    element: str
    end_field: str | None = None


RECORD_KINDS = {
    kind.slug: kind
    for kind in (
        RecordKind("funders", Funder, directory_forms.FunderForm, services.funder_save,
                   gettext_lazy("funding source"), "2.06", "end_date"),
        RecordKind("cocs", ProjectCoC, directory_forms.ProjectCoCForm, services.project_coc_save,
                   gettext_lazy("CoC information"), "2.03"),
        RecordKind("inventory", Inventory, directory_forms.InventoryForm, services.inventory_save,
                   gettext_lazy("bed and unit inventory"), "2.07", "inventory_end_date"),
        RecordKind("hmis-participation", HMISParticipation, directory_forms.HMISParticipationForm,
                   services.hmis_participation_save, gettext_lazy("HMIS participation status"), "2.08",
                   "hmis_participation_status_end_date"),
        RecordKind("ce-participation", CEParticipation, directory_forms.CEParticipationForm,
                   services.ce_participation_save, gettext_lazy("coordinated entry participation status"), "2.09",
                   "ce_participation_status_end_date"),
    )
}


# --- helpers ---------------------------------------------------------------------------------------------------------

def show_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: each message next to its field, the rest at the top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


def _page(request: HttpRequest, qs: QuerySet[Any]) -> Page:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _require_staff(request: HttpRequest) -> None:
    if not is_staff_user(request.user):
        raise PermissionDenied


def _form_page(request: HttpRequest, form: forms.BaseForm, *, title: str, cancel_url: str, submit: str,
               intro: str = "", warnings: list[str] | None = None) -> HttpResponse:
    return render(request, "directory/form.html", {
        "form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit, "intro": intro,
        "warnings": warnings or [],
    })


# --- CoCs (HMIS lead only) --------------------------------------------------------------------------------------------

@login_required
def coc_list(request: HttpRequest) -> HttpResponse:
    """The CoCs this HMIS serves."""
    require_lead_admin(request.user)
    cocs = CoC.objects.order_by("code")
    return render(request, "directory/coc_list.html", {"page": _page(request, cocs)})


@login_required
def coc_create(request: HttpRequest) -> HttpResponse:
    require_lead_admin(request.user)
    return _coc_form(request, None)


@login_required
def coc_edit(request: HttpRequest, coc_id: int) -> HttpResponse:
    require_lead_admin(request.user)
    return _coc_form(request, get_object_or_404(CoC, pk=coc_id))


def _coc_form(request: HttpRequest, coc: CoC | None) -> HttpResponse:
    form = directory_forms.CoCForm(request.POST if request.method == "POST" else None, instance=coc or CoC())
    if form.is_valid():
        try:
            saved = services.coc_save(acting_user=request.user, coc=coc, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("CoC %(code)s saved.") % {"code": saved.code})
            return redirect("directory:cocs")
    title = _("Edit CoC %(code)s") % {"code": coc.code} if coc else _("Add a CoC")
    return _form_page(request, form, title=title, cancel_url=reverse("directory:cocs"), submit=_("Save CoC"))


# --- organizations ----------------------------------------------------------------------------------------------------

@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    """The participating agencies, for every staff user."""
    _require_staff(request)
    qs = visible_organizations(request.user).annotate(
        project_count=Count("projects", filter=Q(projects__date_deleted__isnull=True))
    ).order_by("organization_name")
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(Q(organization_name__icontains=query) | Q(organization_common_name__icontains=query))
    status = request.GET.get("status", "")
    if status in ParticipationStatus.values:
        qs = qs.filter(participation_status=status)
    return render(request, "directory/organization_list.html", {
        "page": _page(request, qs), "q": query, "status": status, "statuses": ParticipationStatus.choices,
        "can_create": is_lead_admin(request.user),
    })


@login_required
def organization_detail(request: HttpRequest, org_id: int) -> HttpResponse:
    organization = access_organization(request.user, org_id)
    projects = visible_projects(request.user).filter(organization=organization).order_by("project_name")
    can_manage = manageable_organizations(request.user).filter(pk=organization.pk).exists()
    return render(request, "directory/organization_detail.html", {
        "organization": organization, "page": _page(request, projects), "can_manage": can_manage,
        "can_edit_all": is_lead_admin(request.user), "today": timezone.localdate(),
    })


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    require_lead_admin(request.user)
    form = directory_forms.OrganizationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            organization = services.organization_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Agency added."))
            return redirect("directory:organization_detail", org_id=organization.pk)
    return _form_page(request, form, title=_("Add a participating agency"),
                      cancel_url=reverse("directory:organizations"), submit=_("Add agency"))


@login_required
def organization_edit(request: HttpRequest, org_id: int) -> HttpResponse:
    """The HMIS lead edits the whole record; an agency's HMIS representative edits its HMIS contact."""
    organization = access_organization(request.user, org_id, write=True)
    form_class = (directory_forms.OrganizationForm if is_lead_admin(request.user)
                  else directory_forms.OrganizationContactForm)
    form = form_class(request.POST if request.method == "POST" else None, instance=organization)
    if form.is_valid():
        try:
            services.organization_update(organization=organization, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Agency saved."))
            return redirect("directory:organization_detail", org_id=organization.pk)
    cancel = reverse("directory:organization_detail", args=[organization.pk])
    return _form_page(request, form, title=_("Edit %(name)s") % {"name": organization.organization_name},
                      cancel_url=cancel, submit=_("Save agency"))


# --- projects ---------------------------------------------------------------------------------------------------------

@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    """Projects: all of them for the HMIS lead, the user's own agencies' projects for everyone else."""
    _require_staff(request)
    today = timezone.localdate()
    qs = listed_projects(request.user).select_related("organization").order_by("project_name")
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(Q(project_name__icontains=query) | Q(project_common_name__icontains=query)
                       | Q(organization__organization_name__icontains=query))
    status = request.GET.get("status", "")
    if status == "open":
        qs = qs.filter(Q(operating_end_date__isnull=True) | Q(operating_end_date__gte=today))
    elif status == "closed":
        qs = qs.filter(operating_end_date__lt=today)
    return render(request, "directory/project_list.html", {
        "page": _page(request, qs), "q": query, "status": status, "today": today,
        "can_create": can_create_projects(request.user), "is_lead": is_lead_admin(request.user),
    })


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """All of a project's descriptor elements on one page, with their records."""
    project = access_project(request.user, project_id)
    can_manage = request.user.can_manage_organization(project.organization_id)

    def records(model: type[HudRecord], order: str) -> QuerySet[Any]:
        return model.objects.alive().filter(project=project).order_by(order, "pk")

    return render(request, "directory/project_detail.html", {
        "project": project,
        "can_manage": can_manage,
        # Staff of the project's agency (and the HMIS lead) get the links to its client-level pages.
        "works_here": request.user.is_lead_admin
        or project.organization_id in request.user.organization_ids(*CLIENT_DATA_ROLES),
        "today": timezone.localdate(),
        "has_inventory": services.has_inventory(project),
        "is_shelter": services.is_emergency_shelter(project),
        "funders": records(Funder, "-start_date"),
        "project_cocs": records(ProjectCoC, "coc_code"),
        "inventories": records(Inventory, "-inventory_start_date"),
        "hmis_participations": records(HMISParticipation, "-hmis_participation_status_start_date"),
        "ce_participations": records(CEParticipation, "-ce_participation_status_start_date"),
    })


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    organizations = manageable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    initial = {"organization": request.GET.get("organization")} if request.GET.get("organization") else None
    form = directory_forms.ProjectForm(data, initial=initial, organizations=organizations)
    if form.is_valid():
        values = dict(form.cleaned_data)
        organization = values.pop("organization")
        try:
            project = services.project_create(organization=organization, acting_user=request.user, **values)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Project added. Now add its CoC, funding, inventory and participation."))
            return redirect("directory:project_detail", project_id=project.pk)
    return _form_page(request, form, title=_("Add a project"), cancel_url=reverse("directory:projects"),
                      submit=_("Add project"))


@login_required
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, write=True)
    # Moving a project to another agency is the HMIS lead's job (HUD 2.01).
    organizations = manageable_organizations(request.user) if is_lead_admin(request.user) else None
    form = directory_forms.ProjectForm(request.POST if request.method == "POST" else None, instance=project,
                                       organizations=organizations)
    if form.is_valid():
        try:
            services.project_update(project=project, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Project saved."))
            return redirect("directory:project_detail", project_id=project.pk)
    cancel = reverse("directory:project_detail", args=[project.pk])
    return _form_page(request, form, title=_("Edit %(name)s") % {"name": project.project_name}, cancel_url=cancel,
                      submit=_("Save project"))


@login_required
def project_close(request: HttpRequest, project_id: int) -> HttpResponse:
    """Record the operating end date (2.02.4); open funding, inventory and participation records end with it."""
    from hearth.enrollments.models import Enrollment

    project = access_project(request.user, project_id, write=True)
    detail_url = reverse("directory:project_detail", args=[project.pk])
    if project.operating_end_date is not None:
        messages.info(request, _("This project is already closed."))
        return redirect(detail_url)
    form = directory_forms.ProjectCloseForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.project_close(project=project, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Project closed."))
            return redirect(detail_url)
    warnings = []
    open_stays = Enrollment.objects.alive().filter(project=project, exit__isnull=True).count()
    if open_stays:
        warnings.append(_("%(n)s enrollment(s) in this project have no exit. HUD 2.02: all clients must be exited on "
                          "or before the operating end date.") % {"n": open_stays})
    return _form_page(request, form, title=_("Close %(name)s") % {"name": project.project_name}, cancel_url=detail_url,
                      submit=_("Close project"), warnings=warnings,
                      intro=_("Closing sets the operating end date. Funding sources, inventory and HMIS and CE "
                              "participation records that are still open end on the same day."))


# --- a project's descriptor records -----------------------------------------------------------------------------------

def _kind(slug: str) -> RecordKind:
    kind = RECORD_KINDS.get(slug)
    if kind is None:
        raise Http404("No such record type")
    return kind


def _record_form(request: HttpRequest, project: Project, kind: RecordKind, record: HudRecord | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = kind.form(data, instance=record or kind.model(project=project), project=project)
    detail_url = reverse("directory:project_detail", args=[project.pk]) + f"#{kind.slug}"
    if form.is_valid():
        try:
            kind.save(project=project, acting_user=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("%(record)s saved.") % {"record": str(kind.name).capitalize()})
            return redirect(detail_url)
    names = {"record": kind.name, "element": kind.element, "project": project.project_name}
    title = (_("Edit %(record)s (HUD %(element)s): %(project)s") if record
             else _("Add %(record)s (HUD %(element)s): %(project)s")) % names
    warnings = []
    if kind.model is Inventory and not services.has_inventory(project):
        warnings.append(_("HUD 2.07: inventory is recorded only for residential projects, and for RRH only with the "
                          "subtype “Housing with or without services”."))
    if kind.model is Inventory and not ProjectCoC.objects.alive().filter(project=project).exists():
        warnings.append(_("Add the project's CoC information (HUD 2.03) first: each inventory record names one of "
                          "the project's CoCs."))
    return _form_page(request, form, title=title, cancel_url=detail_url, submit=_("Save"), warnings=warnings)


@login_required
def record_add(request: HttpRequest, project_id: int, kind: str) -> HttpResponse:
    record_kind = _kind(kind)
    project = access_project(request.user, project_id, write=True)
    return _record_form(request, project, record_kind, None)


@login_required
def record_edit(request: HttpRequest, project_id: int, kind: str, record_id: int) -> HttpResponse:
    record_kind = _kind(kind)
    project, record = access_project_record(request.user, project_id, record_kind.model, record_id, write=True)
    return _record_form(request, project, record_kind, record)


@login_required
def record_end(request: HttpRequest, project_id: int, kind: str, record_id: int) -> HttpResponse:
    """Give a funding, inventory or participation record its end date."""
    record_kind = _kind(kind)
    if record_kind.end_field is None:
        raise Http404("This record has no end date")
    project, record = access_project_record(request.user, project_id, record_kind.model, record_id, write=True)
    form_class = directory_forms.end_date_form(record_kind.model, record_kind.end_field)
    form = form_class(request.POST if request.method == "POST" else None,
                      initial={record_kind.end_field: getattr(record, record_kind.end_field)})
    detail_url = reverse("directory:project_detail", args=[project.pk]) + f"#{record_kind.slug}"
    if form.is_valid():
        try:
            record_kind.save(project=project, acting_user=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("%(record)s ended.") % {"record": str(record_kind.name).capitalize()})
            return redirect(detail_url)
    title = _("End %(record)s (HUD %(element)s): %(project)s") % {
        "record": record_kind.name, "element": record_kind.element, "project": project.project_name}
    return _form_page(request, form, title=title, cancel_url=detail_url, submit=_("Save end date"))

