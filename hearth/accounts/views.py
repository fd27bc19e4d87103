"""Log-in with lockout and a second factor, the user's own security page, the training gate, agency-managed staff."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.core.audit import audit
from hearth.core.request import current_ip
from hearth.directory.models import Organization

from . import services
from .decorators import lead_admin_required, staff_manager_required
from .forms import AgreementForm, CodeForm, QuizQuestionForm, StaffGrantForm
from .models import Clearance, Membership, QuizQuestion, Role, SecurityPolicy, TOTPDevice, User

PENDING = "hearth_login_pending"
PENDING_SECONDS = 300


def _client_ip(request: HttpRequest) -> str | None:
    return current_ip() or request.META.get("REMOTE_ADDR")


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _locked_message() -> str:
    return _(
        "Too many failed attempts. Log-in is locked for %(minutes)s minutes; try again later or ask your agency's "
        "HMIS representative."
    ) % {"minutes": settings.HEARTH_LOCKOUT_WINDOW_MINUTES}


def _finish_login(request: HttpRequest, user: User, backend: str, next_url: str) -> HttpResponse:
    request.session.pop(PENDING, None)
    auth_login(request, user, backend=backend)
    services.login_attempt_record(username=user.username, ip_address=_client_ip(request), succeeded=True)
    audit(user=user, action="login", obj=user)
    return redirect(_safe_next(request, next_url))


def login_view(request: HttpRequest) -> HttpResponse:
    """Step one: the password. Administrators (and everyone, if the CoC says so) go on to the second factor."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = AuthenticationForm(request, data=request.POST or None)
    locked = False
    if request.method == "POST":
        username = request.POST.get("username", "")
        ip = _client_ip(request)
        if services.lockout_active(username=username, ip_address=ip):
            locked = True
        elif form.is_valid():
            user = form.get_user()
            backend = user.backend
            if services.mfa_required(user):
                request.session.cycle_key()
                request.session[PENDING] = {"user": user.pk, "backend": backend, "next": next_url, "at": time.time()}
                has_device = TOTPDevice.objects.filter(user=user).exists()
                return redirect("accounts:login_verify" if has_device else "accounts:login_enroll")
            return _finish_login(request, user, backend, next_url)
        else:
            services.login_attempt_record(username=username, ip_address=ip, succeeded=False)
            locked = services.lockout_active(username=username, ip_address=ip)
    context = {"form": form, "next": next_url, "locked_message": _locked_message() if locked else ""}
    return render(request, "accounts/login.html", context, status=429 if locked else 200)


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user else None


def login_verify(request: HttpRequest) -> HttpResponse:
    """Step two: a code from the user's authenticator app. Only now does the session become logged in."""
    found = _pending_user(request)
    if found is None:
        return redirect("accounts:login")
    user, pending = found
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        ip = _client_ip(request)
        if services.lockout_active(username=user.username, ip_address=ip):
            request.session.pop(PENDING, None)
            error = _locked_message()
        elif services.totp_device_verify(user=user, code=form.cleaned_data["code"]):
            return _finish_login(request, user, pending["backend"], pending["next"])
        else:
            services.login_attempt_record(username=user.username, ip_address=ip, succeeded=False)
            error = _("That code is not right or was already used. Try the next one.")
    return render(request, "accounts/login_verify.html", {"form": form, "error": error})


def login_enroll(request: HttpRequest) -> HttpResponse:
    """An administrator without an authenticator sets one up as part of logging in."""
    found = _pending_user(request)
    if found is None:
        return redirect("accounts:login")
    user, pending = found
    if TOTPDevice.objects.filter(user=user).exists():
        return redirect("accounts:login_verify")
    secret = pending.get("secret") or services.totp_new_secret()
    if pending.get("secret") != secret:
        pending["secret"] = secret
        request.session[PENDING] = pending
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if services.totp_device_enroll(user=user, secret=secret, code=form.cleaned_data["code"]):
            return _finish_login(request, user, pending["backend"], pending["next"])
        services.login_attempt_record(username=user.username, ip_address=_client_ip(request), succeeded=False)
        error = _("That code is not right. Check the time on your phone and try again.")
    return render(request, "accounts/mfa_enroll.html", _enroll_context(user, secret, form, error, during_login=True))


def _enroll_context(user: User, secret: str, form: CodeForm, error: str, *, during_login: bool) -> dict[str, Any]:
    uri = services.totp_uri(user, secret)
    return {
        "form": form,
        "error": error,
        "qr_svg": services.qr_svg(uri),
        "secret": secret,
        "during_login": during_login,
    }


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The user's own page: second factor, password, and where they stand with training, quiz and agreement."""
    user = request.user
    password_form = PasswordChangeForm(user, request.POST or None)
    for field in password_form.fields.values():
        field.widget.attrs["class"] = "usa-input"
    if request.method == "POST" and password_form.is_valid():
        password_form.save()
        update_session_auth_hash(request, password_form.user)  # other sessions end: the hash includes the password
        audit(user=user, action="update", obj=user, detail={"event": "password_changed"})
        messages.success(request, _("Your password was changed. Your other sessions were logged out."))
        return redirect("accounts:security")
    clearance = Clearance.objects.filter(user=user).first()
    context = {
        "password_form": password_form,
        "device": TOTPDevice.objects.filter(user=user).first(),
        "mfa_required": services.mfa_required(user),
        "clearance": clearance,
        "cleared": services.user_is_cleared(user),
    }
    return render(request, "accounts/security.html", context)


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the user's authenticator from their security page."""
    key = "hearth_mfa_setup_secret"
    secret = request.session.get(key) or services.totp_new_secret()
    request.session[key] = secret
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if services.totp_device_enroll(user=request.user, secret=secret, code=form.cleaned_data["code"]):
            request.session.pop(key, None)
            messages.success(request, _("Your authenticator app is set up."))
            return redirect("accounts:security")
        error = _("That code is not right. Check the time on your phone and try again.")
    return render(
        request, "accounts/mfa_enroll.html", _enroll_context(request.user, secret, form, error, during_login=False)
    )


@login_required
def quiz(request: HttpRequest) -> HttpResponse:
    """The privacy and security quiz: 90% or more passes (renewed yearly); in the user's language where written."""
    questions = services.quiz_questions()
    language = translation.get_language() or "en"
    shown = [{"pk": q.pk, "text": q.text_in(language), "choices": q.choices_in(language)} for q in questions]
    result = None
    if request.method == "POST" and questions:
        answers = {}
        for question in questions:
            value = request.POST.get(f"q{question.pk}", "")
            if value.isdigit():
                answers[question.pk] = int(value)
        score = services.quiz_score(answers)
        passed = services.clearance_record_quiz(user=request.user, score=score)
        result = {"score": score, "passed": passed}
        if passed:
            messages.success(request, _("You passed the privacy and security quiz with %(score)s%%.") % result)
            return redirect("accounts:security")
    context = {"questions": shown, "result": result, "pass_percent": settings.HEARTH_QUIZ_PASS_PERCENT}
    return render(request, "accounts/quiz.html", context)


# --- the quiz's questions, edited by the HMIS lead ------------------------------------------------------------------


def _quiz_page_context() -> dict[str, Any]:
    active = QuizQuestion.objects.filter(is_active=True).count()
    return {
        "pass_percent": settings.HEARTH_QUIZ_PASS_PERCENT,
        "active_count": active,
        "right_needed": services.quiz_right_answers_needed(active) if active else 0,
    }


@lead_admin_required
def quiz_questions(request: HttpRequest) -> HttpResponse:
    """The quiz's questions (retired ones too), with the pass mark; add, edit, reorder, retire."""
    questions = services.quiz_questions_all()
    return render(request, "accounts/quiz_questions.html", {"questions": questions, **_quiz_page_context()})


def _quiz_question_form(request: HttpRequest, question: QuizQuestion | None) -> HttpResponse:
    form = QuizQuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.quiz_question_save(acting_user=request.user, question=question, text=data["text"],
                                                text_es=data["text_es"], answers=data["answers"],
                                                correct=data["correct_index"])  # fmt: skip
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Question saved. Passes already recorded stay valid."))
            return redirect(f"{reverse('accounts:quiz_questions')}#question-{saved.pk}")
    status = 400 if form.errors else 200
    context = {"form": form, "question": question, **_quiz_page_context()}
    return render(request, "accounts/quiz_question_form.html", context, status=status)


@lead_admin_required
def quiz_question_add(request: HttpRequest) -> HttpResponse:
    return _quiz_question_form(request, None)


@lead_admin_required
def quiz_question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    return _quiz_question_form(request, get_object_or_404(QuizQuestion, pk=question_id))


@require_POST
@lead_admin_required
def quiz_question_move(request: HttpRequest, question_id: int) -> HttpResponse:
    """Move a question one place up (``direction=up``) or down in the quiz."""
    question = get_object_or_404(QuizQuestion, pk=question_id)
    services.quiz_question_move(acting_user=request.user, question=question, up=request.POST.get("direction") == "up")
    return redirect(f"{reverse('accounts:quiz_questions')}#question-{question.pk}")


@require_POST
@lead_admin_required
def quiz_question_retire(request: HttpRequest, question_id: int) -> HttpResponse:
    """Retire a question (``restore=1``: ask it again)."""
    question = get_object_or_404(QuizQuestion, pk=question_id)
    restore = request.POST.get("restore") == "1"
    try:
        services.quiz_question_set_active(acting_user=request.user, question=question, active=restore)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if restore:
            messages.success(request, _("The question is asked again."))
        else:
            messages.success(request, _("The question is retired: it is kept but no longer asked."))
    return redirect(f"{reverse('accounts:quiz_questions')}#question-{question.pk}")


@login_required
def agreement(request: HttpRequest) -> HttpResponse:
    """The HMIS user agreement, signed by typing one's name (renewed yearly)."""
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.clearance_sign_agreement(user=request.user, signature=form.cleaned_data["signature"])
        messages.success(request, _("Thank you. Your user agreement is signed."))
        return redirect("accounts:security")
    return render(request, "accounts/agreement.html", {"form": form})


# --- agency-managed staff ------------------------------------------------------------------------------------------


def _manageable_organizations(user: User):
    ids = services.manageable_organization_ids(user)
    qs = Organization.objects.alive().order_by("organization_name")
    return qs if ids is None else qs.filter(pk__in=ids)


@staff_manager_required
def staff(request: HttpRequest) -> HttpResponse:
    """The staff of the agencies the user manages: roles, training, second factor; add, approve and remove."""
    organizations = _manageable_organizations(request.user)
    memberships = (
        Membership.objects.filter(organization__in=organizations)
        .filter(Q(is_active=True) | Q(pending_approval=True))
        .select_related("user", "organization", "user__clearance", "user__totp_device")
        .order_by("organization__organization_name", "user__username", "role")
    )
    context = {
        "active": [m for m in memberships if m.is_active],
        "pending": [m for m in memberships if m.pending_approval],
        "policy": SecurityPolicy.current(),
    }
    return render(request, "accounts/staff.html", context)


@staff_manager_required
def staff_add(request: HttpRequest) -> HttpResponse:
    organizations = [(o.pk, o.organization_name) for o in _manageable_organizations(request.user)]
    form = StaffGrantForm(
        request.POST or None, organizations=organizations, roles=services.grantable_roles(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization = get_object_or_404(_manageable_organizations(request.user), pk=data["organization"])
        user, membership, created = services.membership_grant(
            acting_user=request.user,
            organization=organization,
            role=data["role"],
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )
        if membership.pending_approval:
            messages.info(request, _("Access requested; the HMIS lead will approve it."))
        else:
            messages.success(request, _("Access granted."))
        if created:
            link = request.build_absolute_uri(services.set_password_link(user))
            return render(request, "accounts/staff_invited.html", {"new_user": user, "link": link})
        return redirect("accounts:staff")
    return render(request, "accounts/staff_add.html", {"form": form})


def _managed_membership(request: HttpRequest, membership_id: int) -> Membership:
    membership = Membership.objects.select_related("user", "organization").filter(pk=membership_id).first()
    if membership is None or not request.user.can_manage_organization(membership.organization_id):
        raise Http404("No such membership")
    return membership


@require_POST
@staff_manager_required
def staff_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _managed_membership(request, membership_id)
    services.membership_end(acting_user=request.user, membership=membership)
    messages.success(
        request, _("%(user)s no longer has this role. Their sessions were ended.") % {"user": membership.user}
    )
    return redirect("accounts:staff")


@require_POST
@staff_manager_required
def staff_approve(request: HttpRequest, membership_id: int) -> HttpResponse:
    if not request.user.is_lead_admin:
        raise Http404("No such request")
    membership = _managed_membership(request, membership_id)
    services.membership_approve(acting_user=request.user, membership=membership)
    messages.success(request, _("Access approved."))
    return redirect("accounts:staff")


@require_POST
@staff_manager_required
def staff_training(request: HttpRequest, user_id: int) -> HttpResponse:
    """Record that a staff member completed new-user (or yearly) training."""
    manageable = _manageable_organizations(request.user)
    user = get_user_model().objects.filter(pk=user_id, memberships__organization__in=manageable).distinct().first()
    if user is None:
        raise Http404("No such user")
    services.clearance_record_training(user=user, acting_user=request.user)
    messages.success(request, _("Training recorded for %(user)s.") % {"user": user})
    return redirect("accounts:staff")


@staff_manager_required
def access_overview(request: HttpRequest) -> HttpResponse:
    """Who can see what: every user of the agencies managed, their roles and whether the gates let them in."""
    from hearth.privacy.models import SharingPolicy

    organizations = _manageable_organizations(request.user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(is_active=True).select_related(
                "user", "user__clearance", "user__totp_device"
            ),
            to_attr="active_memberships",
        )
    )
    rows = []
    for organization in organizations:
        for membership in organization.active_memberships:
            user = membership.user
            clearance = getattr(user, "clearance", None)
            cleared = user.is_active and clearance is not None and clearance.is_valid()
            sees = membership.role != Role.REPORTING and cleared
            rows.append(
                {
                    "organization": organization,
                    "membership": membership,
                    "user": user,
                    "cleared_until": clearance.valid_until if clearance else None,
                    "mfa": hasattr(user, "totp_device"),
                    "sees_client_data": sees,
                    "scope": _scope_text(membership.role) if sees else _reason_not(user, membership, cleared),
                }
            )
    context = {"rows": rows, "sharing": SharingPolicy.current()}
    return render(request, "accounts/access_overview.html", context)


def _scope_text(role: str) -> str:
    if role == Role.LEAD_ADMIN:
        return _("Every client in the CoC")
    return _("Clients of this agency, and clients who consented to share with it (never restricted records)")


def _reason_not(user: User, membership: Membership, cleared: bool) -> str:
    if not user.is_active:
        return _("Account deactivated")
    if membership.role == Role.REPORTING:
        return _("Reporting only: no client-level data")
    if not cleared:
        return _("Training, quiz or user agreement missing or expired")
    return ""
