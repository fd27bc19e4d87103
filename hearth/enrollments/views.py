"""Pages of a household's stay: project start, the stay page and its actions, bed nights, data quality.

Every page reaches client data through the access funnels (``access_client``, ``access_enrollment``) or, for a
project's lists, through ``visible_enrollments`` and the user's own agencies' projects.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.accounts.models import CLIENT_DATA_ROLES
from hearth.clients.access import access_client, visible_clients
from hearth.core.audit import audit
from hearth.directory.models import Project
from hearth.privacy.rules import mark_redactions

from . import collection as rules
from . import forms as stay_forms
from . import selectors, services
from .access import access_enrollment, visible_enrollments
from .collection import ANNUAL, EXIT, PROJECT_START, UPDATE
from .models import ClientFile, Enrollment

logger = logging.getLogger(__name__)
STAGE_SLUGS = {"update": UPDATE, "annual": ANNUAL}


# --- helpers -----------------------------------------------------------------------------------------------------


def agency_projects(user: Any, *, on: date | None = None) -> QuerySet[Project]:
    """Projects the user's agencies run (all for the HMIS lead), operating on ``on`` when given."""
    qs = Project.objects.alive().select_related("organization").order_by("project_name")
    if not user.is_lead_admin:
        qs = qs.filter(organization_id__in=user.organization_ids(*CLIENT_DATA_ROLES))
    if on is not None:
        qs = qs.filter(operating_start_date__lte=on).filter(
            Q(operating_end_date__isnull=True) | Q(operating_end_date__gte=on)
        )
    return qs


def access_agency_project(user: Any, project_id: int) -> Project:
    """A project the user's agency runs; the same 404 for 'missing' and 'not yours'."""
    project = agency_projects(user).filter(pk=project_id).first()
    if project is None:
        audit(user=user, action="denied", object_type="directory.Project", object_id=str(project_id))
        raise Http404("No such project")
    return project


def show_service_errors(forms_by_index: dict[int, Any], household_form: Any, exc: ValidationError) -> None:
    """Put a service's errors next to their fields: ``"<member>:<key>"`` on that member's form, the rest on top."""
    if not hasattr(exc, "error_dict"):
        household_form.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        index, _sep, field = key.partition(":")
        form = forms_by_index.get(int(index)) if index.isdigit() else None
        if form is None:
            household_form.add_error(None, errors)
        elif field in form.fields and field != NON_FIELD_ERRORS:
            form.add_error(field, errors)
        else:
            form.add_error(None, errors)


def _ids(values: list[str]) -> list[int]:
    out: list[int] = []
    for value in values:
        if value.isdigit() and int(value) not in out:
            out.append(int(value))
    return out


def _stage_form(
    data: Any,
    *,
    enrollment_or_project: Any,
    client: Any,
    relationship: int | None,
    stage: str,
    on: date,
    prefix: str,
    initial: dict | None = None,
) -> stay_forms.StageForm:
    project = enrollment_or_project
    coll = rules.collection_for_member(
        project=project, stage=stage, relationship_to_hoh=relationship, age=rules.age_on(client.dob, on), on=on
    )
    form = stay_forms.StageForm(data, collection=coll, prefix=prefix, initial=initial or {})
    form.client = client
    form.member_kind = coll.member
    return form


# --- project start -------------------------------------------------------------------------------------------------


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Start a project stay for a household: members and project (step 1), then each member's HUD data (step 2)."""
    source = request.POST if request.method == "POST" else request.GET
    client_ids = _ids(source.getlist("client"))
    remove = source.get("remove")
    if remove and remove.isdigit():
        client_ids = [i for i in client_ids if i != int(remove)]
    add = source.get("add")
    if add and add.isdigit() and int(add) not in client_ids:
        client_ids.append(int(add))
    clients = [access_client(request.user, client_id) for client_id in client_ids]
    today = timezone.localdate()
    projects = agency_projects(request.user, on=today)

    query = (source.get("q") or "").strip()
    matches = find_clients(request.user, query, exclude=client_ids) if query else []

    step = request.POST.get("step") if request.method == "POST" else None
    household = stay_forms.HouseholdForm(
        request.POST if step in ("household", "data") else None,
        projects=projects,
        clients=clients,
        initial={"entry_date": today},
    )
    context: dict[str, Any] = {
        "household": household,
        "clients": clients,
        "query": query,
        "matches": matches,
        "today": today,
        "has_projects": projects.exists(),
    }
    if step not in ("household", "data") or not household.is_valid() or not clients:
        if step in ("household", "data") and not clients:
            household.add_error(None, _("Add at least one person to the household."))
        return render(request, "enrollments/start.html", context)

    project = household.cleaned_data["project"]
    entry_date = household.cleaned_data["entry_date"]
    problems = services.household_errors(
        project=project,
        members=[services.Member(c, household.cleaned_data[f"rel_{c.pk}"], {}) for c in clients],
        entry_date=entry_date,
    )
    if problems:
        for problem in problems:
            household.add_error(None, problem)
        return render(request, "enrollments/start.html", context)

    coc = services.default_enrollment_coc(project)
    member_forms = []
    for index, client in enumerate(clients):
        relationship = household.cleaned_data[f"rel_{client.pk}"]
        member_forms.append(
            _stage_form(
                request.POST if step == "data" else None,
                enrollment_or_project=project,
                client=client,
                relationship=relationship,
                stage=PROJECT_START,
                on=entry_date,
                prefix=f"m{index}",
                initial={"enrollment__enrollment_coc": coc},
            )
        )
    context.update({"project": project, "entry_date": entry_date, "member_forms": member_forms})
    if step == "data" and all(form.is_valid() for form in member_forms):
        members = [
            services.Member(client, household.cleaned_data[f"rel_{client.pk}"], form.answers())
            for client, form in zip(clients, member_forms, strict=True)
        ]
        try:
            stays = services.household_enroll(
                project=project, members=members, entry_date=entry_date, acting_user=request.user
            )
        except ValidationError as exc:
            show_service_errors(dict(enumerate(member_forms)), household, exc)
        else:
            messages.success(request, _("The household's project stay has started."))
            return redirect("enrollments:detail", stays[0].pk)
    return render(request, "enrollments/start_members.html", context)


def find_clients(user: Any, query: str, *, exclude: list[int], limit: int = 10) -> list[Any]:
    """Visible clients matching a name, date of birth or ID (part A's search when present, else a name prefix)."""
    try:
        from hearth.clients.search import search_clients
    except ImportError:  # pragma: no cover - the search module is another page's
        search_clients = None
    if search_clients is not None:
        try:
            hits = search_clients(user, query, limit=limit + len(exclude))
            return [hit.client for hit in hits if hit.client.pk not in exclude][:limit]
        except Exception:  # noqa: BLE001 - fall back to the simple search if the search index is not ready
            logger.exception("client search failed; using the name-prefix search")
    words = query.split()
    qs = visible_clients(user).exclude(pk__in=exclude)
    for word in words:
        qs = qs.filter(Q(first_name__istartswith=word) | Q(last_name__istartswith=word))
    return list(qs.order_by("last_name", "first_name")[:limit])


# --- the stay page -------------------------------------------------------------------------------------------------


def _household(request: HttpRequest, enrollment: Enrollment) -> list[Enrollment]:
    members = services.household_members(enrollment)
    visible = set(visible_enrollments(request.user).filter(pk__in=[m.pk for m in members]).values_list("pk", flat=True))
    members = [m for m in members if m.pk in visible]
    mark_redactions(request.user, [m.client for m in members])  # one query for the page's client_name tags
    return members


@login_required
def detail(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """One stay: the household, the annual assessment window, what is missing, services, contacts, notes, files."""
    enrollment = access_enrollment(request.user, enrollment_id)
    household = _household(request, enrollment)
    project = enrollment.project
    today = timezone.localdate()
    funders = rules.project_funder_codes(project, today)
    occurrence = rules.occurrence_elements(project_type=project.project_type, funder_codes=funders)
    exited = services.has_exit(enrollment)
    post_exit = services.post_exit_collection(enrollment) if exited else None
    veteran_required = services.veteran_information_required(enrollment)
    recent_services = list(enrollment.services.alive().order_by("-date_provided", "-pk")[:20])
    for service in recent_services:
        service.type_label = rules.service_type_label(service.record_type, service.type_provided)
    context = {
        "stay": enrollment,
        "client": enrollment.client,
        "project": project,
        "household": household,
        "exited": exited,
        "open_members": [m for m in household if not services.has_exit(m)],
        "annual": services.annual_status(enrollment, today) if not exited else None,
        "missing": selectors.missing_data(enrollment),
        "services": recent_services,
        "bed_nights": enrollment.services.alive().filter(record_type=services.BED_NIGHT).count(),
        "contacts": enrollment.current_living_situations.alive().order_by("-information_date")[:10],
        "assessments": selectors.assessments(enrollment),
        "notes": enrollment.case_notes.filter(date_deleted__isnull=True).select_related("author")[:20],
        "files": enrollment.files.filter(date_deleted__isnull=True).select_related("uploaded_by"),
        "can_write": can_write(request.user, enrollment),
        "records_move_in": "3.20" in occurrence,
        "records_contacts": "4.12" in occurrence or "4.13" in occurrence,
        "service_types": rules.service_record_types(project_type=project.project_type, funder_codes=funders),
        "can_change_head": len(household) > 1,
        "records_post_exit": bool(post_exit and post_exit.questions),
        "veteran_required": veteran_required,
        "note_form": stay_forms.CaseNoteForm(initial={"note_date": today}),
        "file_form": stay_forms.FileForm(),
    }
    return render(request, "enrollments/detail.html", context)


def can_write(user: Any, enrollment: Enrollment) -> bool:
    return user.is_lead_admin or enrollment.project.organization_id in set(user.organization_ids(*CLIENT_DATA_ROLES))


@login_required
def assess(request: HttpRequest, enrollment_id: int, stage_slug: str) -> HttpResponse:
    """An update or annual assessment for the household's members still in the stay (DataCollectionStage 2 or 5)."""
    stage = STAGE_SLUGS.get(stage_slug)
    if stage is None:
        raise Http404("No such stage")
    enrollment = access_enrollment(request.user, enrollment_id, write=True)
    return _household_stage_page(request, enrollment, stage)


@login_required
def exit_household(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """Exit the household (all members by default), with 3.12 destination and exit data per member."""
    enrollment = access_enrollment(request.user, enrollment_id, write=True)
    return _household_stage_page(request, enrollment, EXIT)


def _household_stage_page(request: HttpRequest, enrollment: Enrollment, stage: str) -> HttpResponse:
    members = [m for m in _household(request, enrollment) if not services.has_exit(m)]
    if not members:
        messages.info(request, _("Everyone in this household has exited."))
        return redirect("enrollments:detail", enrollment.pk)
    today = timezone.localdate()
    date_form_class = stay_forms.ExitForm if stage == EXIT else stay_forms.AssessmentDateForm
    date_field = "exit_date" if stage == EXIT else "information_date"
    posted = request.method == "POST"
    default_day = today
    if stage == ANNUAL:
        window = services.annual_status(enrollment, today)
        if window and window.start <= today <= window.end:
            default_day = today
        elif window and window.state == "overdue":
            default_day = window.end
    date_form = date_form_class(request.POST if posted else None, initial={date_field: default_day})
    day = date_form.cleaned_data[date_field] if posted and date_form.is_valid() else default_day
    chosen = set(_ids(request.POST.getlist("member"))) if posted else {m.pk for m in members}
    member_forms = [
        _stage_form(
            request.POST if posted and m.pk in chosen else None,
            enrollment_or_project=m.project,
            client=m.client,
            relationship=m.relationship_to_hoh,
            stage=stage,
            on=day,
            prefix=f"m{m.pk}",
        )
        for m in members
    ]
    for m, form in zip(members, member_forms, strict=True):
        form.enrollment = m
        form.chosen = m.pk in chosen
    if posted and date_form.is_valid():
        selected = [(m, f) for m, f in zip(members, member_forms, strict=True) if m.pk in chosen]
        if all(f.is_valid() for _m, f in selected):
            try:
                if stage == EXIT:
                    services.household_exit(
                        enrollments=[m for m, _f in selected],
                        exit_date=day,
                        acting_user=request.user,
                        answers=[f.answers() for _m, f in selected],
                    )
                    messages.success(request, _("The exit is recorded."))
                else:
                    services.household_assess(
                        enrollments=[m for m, _f in selected],
                        stage=stage,
                        information_date=day,
                        acting_user=request.user,
                        answers=[f.answers() for _m, f in selected],
                    )
                    messages.success(request, _("The assessment is recorded."))
                return redirect("enrollments:detail", enrollment.pk)
            except ValidationError as exc:
                show_service_errors({i: f for i, (_m, f) in enumerate(selected)}, date_form, exc)
    titles = {EXIT: _("Exit the household"), UPDATE: _("Update"), ANNUAL: _("Annual assessment")}
    return render(
        request,
        "enrollments/stage.html",
        {
            "stay": enrollment,
            "stage": stage,
            "title": titles[stage],
            "date_form": date_form,
            "member_forms": member_forms,
            "annual": services.annual_status(enrollment, today) if stage == ANNUAL else None,
        },
    )


def _simple_post(
    request: HttpRequest, enrollment: Enrollment, form: Any, save: Any, success: str, template: str, title: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {NON_FIELD_ERRORS: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, success)
            return redirect("enrollments:detail", enrollment.pk)
    return render(request, template, {"stay": enrollment, "form": form, "title": title})


@login_required
def move_in(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = access_enrollment(request.user, enrollment_id, write=True)
    form = stay_forms.MoveInForm(request.POST or None, initial={"move_in_date": enrollment.move_in_date})
    return _simple_post(
        request,
        enrollment,
        form,
        lambda data: services.enrollment_move_in(
            enrollment=enrollment, move_in_date=data["move_in_date"], acting_user=request.user
        ),
        _("The housing move-in date is recorded."),
        "enrollments/simple_form.html",
        _("Housing move-in date"),
    )


@login_required
def service_add(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """A service of a kind the project's funders require for this person (P1, R14, W1, V2, W2, V3, P2, V8, C2, 4.14).

    With several kinds, the page first offers them (``?kind=<RecordType>``); each kind's form asks its HUD details.
    """
    enrollment = access_enrollment(request.user, enrollment_id, write=True)
    today = timezone.localdate()
    kinds = services.service_kinds(enrollment, today)
    if not kinds:
        raise Http404("This project records no services")
    source = request.POST if request.method == "POST" else request.GET
    wanted = source.get("kind", "")
    codes = [code for _element, code in kinds]
    kind = int(wanted) if wanted.isdigit() and int(wanted) in codes else (codes[0] if len(codes) == 1 else None)
    context: dict[str, Any] = {
        "stay": enrollment,
        "title": _("Record a service"),
        "kinds": [(element, code, rules.service_kind_label(code)) for element, code in kinds],
        "kind": kind,
    }
    if kind is None:
        return render(request, "enrollments/service_add.html", context)
    form = stay_forms.ServiceDetailsForm(
        request.POST if request.method == "POST" else None, record_type=kind, initial={"date_provided": today}
    )
    context.update({"form": form, "kind_label": rules.service_kind_label(kind)})
    if request.method == "POST" and form.is_valid():
        try:
            services.service_add(enrollment=enrollment, record_type=kind, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {NON_FIELD_ERRORS: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The service is recorded."))
            return redirect("enrollments:detail", enrollment.pk)
    return render(request, "enrollments/service_add.html", context)


@login_required
def contact_add(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = access_enrollment(request.user, enrollment_id, write=True)
    form = stay_forms.CurrentLivingSituationForm(
        request.POST or None, initial={"information_date": timezone.localdate()}
    )
    return _simple_post(
        request,
        enrollment,
        form,
        lambda data: services.current_living_situation_add(enrollment=enrollment, acting_user=request.user, **data),
        _("The contact is recorded."),
        "enrollments/simple_form.html",
        _("Current living situation (contact)"),
    )


@login_required
@require_POST
def note_add(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = access_enrollment(request.user, enrollment_id, write=True)
    form = stay_forms.CaseNoteForm(request.POST)
    return _simple_post(
        request,
        enrollment,
        form,
        lambda data: services.case_note_add(enrollment=enrollment, acting_user=request.user, **data),
        _("The note is saved."),
        "enrollments/simple_form.html",
        _("Add a case note"),
    )


@login_required
@require_POST
def file_add(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = access_enrollment(request.user, enrollment_id, write=True)
    form = stay_forms.FileForm(request.POST, request.FILES)
    return _simple_post(
        request,
        enrollment,
        form,
        lambda data: services.client_file_add(
            enrollment=enrollment, acting_user=request.user, upload=data["upload"], description=data["description"]
        ),
        _("The file is attached."),
        "enrollments/simple_form.html",
        _("Attach a file"),
    )


@login_required
def file_download(request: HttpRequest, file_id: int) -> FileResponse:
    """A stored attachment, only to users who may see its stay (the enrollment funnel); never a static URL."""
    record = ClientFile.objects.filter(pk=file_id, date_deleted__isnull=True).first()
    if record is None:
        audit(user=request.user, action="denied", object_type="enrollments.ClientFile", object_id=str(file_id))
        raise Http404("No such file")
    access_enrollment(request.user, record.enrollment_id)
    path = services.client_file_path(record)
    if not path.exists():
        raise Http404("No such file")
    audit(user=request.user, action="view", obj=record)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=record.name, content_type=record.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- head of household, post exit, veteran's information --------------------------------------------------------


@login_required
def change_head(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """Change the head of household (3.15) of a stay: who is "Self" and how the others are related to them."""
    enrollment = access_enrollment(request.user, enrollment_id, write=True)
    members = _household(request, enrollment)
    form = stay_forms.HeadOfHouseholdForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and len(members) > 1 and form.is_valid():
        try:
            changed = services.household_head_change(
                enrollment=enrollment, relationships=form.relationships(), acting_user=request.user
            )
        except ValidationError as exc:
            for key, errors in exc.error_dict.items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            if changed:
                messages.success(request, _("The head of household and relationships are saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("enrollments:detail", enrollment.pk)
    return render(
        request,
        "enrollments/change_head.html",
        {
            "stay": enrollment,
            "form": form,
            "members": members,
            "exited": {m.pk for m in members if services.has_exit(m)},
        },
    )


def _one_member_form(request: HttpRequest, collection: Any, client: Any, initial: dict[str, Any]) -> Any:
    """A one-person form of HUD questions (post-exit, V1), bound to the POST when there is one."""
    form = stay_forms.StageForm(
        request.POST if request.method == "POST" else None, collection=collection, prefix="m0", initial=initial
    )
    form.client = client
    return form


def _save_one_member_form(request: HttpRequest, form: Any, save: Any) -> bool:
    """Save a posted one-person form's answers with ``save(answers)``; errors go next to their fields (False)."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(form.answers())
    except ValidationError as exc:
        show_service_errors({0: form}, form, exc)
        return False
    return True


@login_required
def post_exit(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """Post-exit data of one member (R20 Aftercare Plans for RHY projects), recorded after the exit."""
    enrollment = access_enrollment(request.user, enrollment_id, write=True)
    exited = services.has_exit(enrollment)
    coll = services.post_exit_collection(enrollment) if exited else None
    form = None
    if coll is not None and coll.questions:
        form = _one_member_form(request, coll, enrollment.client, services.post_exit_answers(enrollment))
        saved = _save_one_member_form(
            request,
            form,
            lambda answers: services.post_exit_update(enrollment=enrollment, acting_user=request.user, answers=answers),
        )
        if saved:
            messages.success(request, _("The post-exit data is saved."))
            return redirect("enrollments:detail", enrollment.pk)
    return render(
        request,
        "enrollments/post_exit.html",
        {"stay": enrollment, "form": form, "exited": exited, "title": _("After exit (aftercare)")},
    )


@login_required
def veteran(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """V1 Veteran's Information of the stay's client (a veteran): service years, theaters, branch, discharge."""
    enrollment = access_enrollment(request.user, enrollment_id, write=True)
    client = access_client(request.user, enrollment.client_id, write=True)
    form = None
    if client.veteran_status == 1:
        form = _one_member_form(request, rules.veteran_information(), client, services.veteran_answers(client))
        saved = _save_one_member_form(
            request,
            form,
            lambda answers: services.veteran_information_update(
                client=client, acting_user=request.user, answers=answers
            ),
        )
        if saved:
            messages.success(request, _("The veteran's information is saved."))
            return redirect("enrollments:detail", enrollment.pk)
    return render(
        request,
        "enrollments/veteran.html",
        {
            "stay": enrollment,
            "client": client,
            "form": form,
            "required": services.veteran_information_required(enrollment),
            "title": _("Veteran's information (V1)"),
        },
    )


# --- project pages -------------------------------------------------------------------------------------------------


@login_required
def bed_nights(request: HttpRequest, project_id: int) -> HttpResponse:
    """Bulk bed-night check-in for a night-by-night shelter: one checkbox per person open on the chosen night."""
    project = access_agency_project(request.user, project_id)
    if project.project_type != 1:
        raise Http404("Not a night-by-night shelter")
    today = timezone.localdate()
    form = stay_forms.BedNightForm(request.POST or request.GET or None, initial={"night": today})
    night = form.cleaned_data["night"] if form.is_bound and form.is_valid() else today
    if request.method == "POST" and form.is_valid():
        stays = services.bed_night_candidates(project, night)
        visible = set(
            visible_enrollments(request.user).filter(pk__in=[s.pk for s in stays]).values_list("pk", flat=True)
        )
        wanted = (
            [s.pk for s in stays if s.pk in visible]
            if request.POST.get("all")
            else _ids(request.POST.getlist("enrollment"))
        )
        try:
            result = services.bed_nights_record(
                project=project,
                night=night,
                enrollment_ids=[i for i in wanted if i in visible],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Bed nights for %(night)s saved: %(added)s added, %(removed)s removed, %(kept)s already recorded.")
                % {"night": night, **result},
            )
            return redirect(f"{reverse('enrollments:bed_nights', args=[project.pk])}?night={night.isoformat()}")
    stays = services.bed_night_candidates(project, night)
    visible = set(visible_enrollments(request.user).filter(pk__in=[s.pk for s in stays]).values_list("pk", flat=True))
    stays = [s for s in stays if s.pk in visible]
    mark_redactions(request.user, [s.client for s in stays])  # one query for the page's client_name tags
    checked = selectors.bed_night_enrollment_ids(project, night)
    return render(
        request,
        "enrollments/bed_nights.html",
        {
            "project": project,
            "form": form,
            "night": night,
            "stays": stays,
            "checked": checked,
            "count_checked": sum(1 for s in stays if s.pk in checked),
        },
    )


@login_required
def project_dq(request: HttpRequest, project_id: int) -> HttpResponse:
    """What is missing (blank, 8, 9, 99) from the HUD elements each stay in the project requires."""
    project = access_agency_project(request.user, project_id)
    stays = selectors.project_stays_for_quality(request.user, project)
    page = Paginator(stays, 50).get_page(request.GET.get("page"))
    rows = [(stay, selectors.missing_data(stay)) for stay in page.object_list]
    mark_redactions(request.user, [stay.client for stay, _missing in rows])
    return render(
        request,
        "enrollments/project_dq.html",
        {
            "project": project,
            "page": page,
            "rows": rows,
            "complete": sum(1 for _s, m in rows if not m),
        },
    )


def branching_js(request: HttpRequest) -> HttpResponse:
    """The small script that shows a question only when its branch applies (served here: pages allow 'self' only)."""
    response = render(request, "enrollments/branching.js", content_type="text/javascript")
    response["Cache-Control"] = "public, max-age=3600"
    return response


EDIT_STAGES = {"start": PROJECT_START, "exit": EXIT}


@login_required
def edit_stage(request: HttpRequest, enrollment_id: int, stage_slug: str) -> HttpResponse:
    """Correct one member's project-start or exit data (where data-quality links lead)."""
    stage = EDIT_STAGES.get(stage_slug)
    if stage is None:
        raise Http404("No such stage")
    enrollment = access_enrollment(request.user, enrollment_id, write=True)
    if stage == EXIT and not services.has_exit(enrollment):
        raise Http404("No exit")
    on = enrollment.exit.exit_date if stage == EXIT else enrollment.entry_date
    form = _stage_form(
        request.POST if request.method == "POST" else None,
        enrollment_or_project=enrollment.project,
        client=enrollment.client,
        relationship=enrollment.relationship_to_hoh,
        stage=stage,
        on=on,
        prefix="m0",
        initial=services.stored_answers(enrollment, stage),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_data_update(
                enrollment=enrollment, stage=stage, acting_user=request.user, answers=form.answers()
            )
        except ValidationError as exc:
            show_service_errors({0: form}, form, exc)
        else:
            messages.success(request, _("The corrections are saved."))
            return redirect("enrollments:detail", enrollment.pk)
    title = _("Correct project start data") if stage == PROJECT_START else _("Correct exit data")
    return render(request, "enrollments/edit_stage.html", {"stay": enrollment, "form": form, "title": title})


@login_required
def projects(request: HttpRequest) -> HttpResponse:
    """The user's agencies' projects with their open stays, and links to bed nights and data quality."""
    today = timezone.localdate()
    qs = agency_projects(request.user).filter(Q(operating_end_date__isnull=True) | Q(operating_end_date__gte=today))
    open_counts = dict(
        visible_enrollments(request.user)
        .filter(project__in=qs, entry_date__lte=today)
        .exclude(exit__exit_date__lt=today)
        .values_list("project_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("project_id", "n")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(p, open_counts.get(p.pk, 0)) for p in page.object_list]
    return render(request, "enrollments/projects.html", {"page": page, "rows": rows})
