"""Accounts services: lockout, the second factor, the training gate and agency-managed access."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from hearth.core.audit import audit

from .models import Clearance, LoginAttempt, Membership, QuizQuestion, Role, SecurityPolicy, TOTPDevice, User

# --- lockout -------------------------------------------------------------------------------------------------------


def _window() -> timedelta:
    return timedelta(minutes=settings.HEARTH_LOCKOUT_WINDOW_MINUTES)


def lockout_active(*, username: str, ip_address: str | None) -> bool:
    """True when the username or the address failed too often within the window (counted since the last success)."""
    since = timezone.now() - _window()
    recent = LoginAttempt.objects.filter(at__gte=since)
    by_name = recent.filter(username__iexact=username)
    last_ok = by_name.filter(succeeded=True).order_by("-at").values_list("at", flat=True).first()
    if last_ok is not None:
        by_name = by_name.filter(at__gt=last_ok)
    if username and by_name.filter(succeeded=False).count() >= settings.HEARTH_LOCKOUT_ATTEMPTS:
        return True
    if ip_address:
        failures = recent.filter(ip_address=ip_address, succeeded=False).count()
        if failures >= settings.HEARTH_LOCKOUT_ADDRESS_ATTEMPTS:
            return True
    return False


def login_attempt_record(*, username: str, ip_address: str | None, succeeded: bool) -> None:
    LoginAttempt.objects.create(username=username[:150], ip_address=ip_address, succeeded=succeeded)


# --- second factor -------------------------------------------------------------------------------------------------


def mfa_required(user: User) -> bool:
    """Administrators always need a second factor; others when the CoC requires it (or once they set one up)."""
    if user.is_superuser or user.has_role(Role.LEAD_ADMIN, Role.AGENCY_ADMIN):
        return True
    if TOTPDevice.objects.filter(user=user).exists():
        return True
    return SecurityPolicy.current().mfa_for_all_users


def totp_new_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=settings.HEARTH_MFA_ISSUER)


def qr_svg(data: str) -> str:
    """The QR code of ``data`` as inline SVG markup (no external image, so the CSP needs nothing more)."""
    return segno.make(data, error="m").svg_inline(scale=4, dark="#1b1b1b", light="#ffffff")


def totp_matching_step(secret: str, code: str, *, after: int = 0, at: float | None = None) -> int | None:
    """The time step (within one step of now) whose code is ``code`` and that is later than ``after``."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int((at if at is not None else time.time()) // totp.interval)
    for step in (now_step - 1, now_step, now_step + 1):
        if step > after and pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


@transaction.atomic
def totp_device_verify(*, user: User, code: str) -> bool:
    device = TOTPDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        return False
    step = totp_matching_step(device.secret, code, after=device.last_step)
    if step is None:
        return False
    device.last_step = step
    device.save(update_fields=["last_step"])
    return True


@transaction.atomic
def totp_device_enroll(*, user: User, secret: str, code: str) -> bool:
    """Save the user's authenticator once they prove it works (a code from it); replaces any earlier one."""
    step = totp_matching_step(secret, code)
    if step is None:
        return False
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, secret=secret, last_step=step)
    audit(user=user, action="update", obj=user, detail={"event": "mfa_enrolled"})
    return True


@transaction.atomic
def totp_device_remove(*, user: User, acting_user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    user.end_sessions()
    audit(user=acting_user, action="update", obj=user, detail={"event": "mfa_removed"})


# --- the training gate ---------------------------------------------------------------------------------------------


def clearance_of(user: Any) -> Clearance | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_clearance_cache", False)
    if cached is False:
        cached = Clearance.objects.filter(user_id=user.pk).first()
        user._clearance_cache = cached
    return cached


def user_is_cleared(user: Any, today: date | None = None) -> bool:
    """Training done, quiz passed and agreement signed, each within the last year."""
    clearance = clearance_of(user)
    return clearance is not None and clearance.is_valid(today)


def _clearance_for_update(user: User) -> Clearance:
    clearance, _created = Clearance.objects.select_for_update().get_or_create(user=user)
    if hasattr(user, "_clearance_cache"):
        del user._clearance_cache
    return clearance


@transaction.atomic
def clearance_record_training(*, user: User, acting_user: User, completed_on: date | None = None) -> Clearance:
    clearance = _clearance_for_update(user)
    clearance.training_completed_on = completed_on or timezone.localdate()
    clearance.training_recorded_by = acting_user
    clearance.save()
    audit(user=acting_user, action="update", obj=user, detail={"event": "training_recorded"})
    return clearance


def quiz_questions() -> list[QuizQuestion]:
    return list(QuizQuestion.objects.filter(is_active=True))


def quiz_score(answers: dict[int, int]) -> int:
    """The percentage of active questions answered right (``answers`` maps question id to chosen index)."""
    questions = quiz_questions()
    if not questions:
        return 0
    right = sum(1 for q in questions if answers.get(q.pk) == q.correct)
    return right * 100 // len(questions)


@transaction.atomic
def clearance_record_quiz(*, user: User, score: int) -> bool:
    """Record a passed quiz (>= the pass mark); a failed one changes nothing. Returns whether it passed."""
    passed = score >= settings.HEARTH_QUIZ_PASS_PERCENT
    if passed:
        clearance = _clearance_for_update(user)
        clearance.quiz_passed_on = timezone.localdate()
        clearance.quiz_score = score
        clearance.save()
    audit(user=user, action="update", obj=user, detail={"event": "quiz", "score": score, "passed": passed})
    return passed


@transaction.atomic
def clearance_sign_agreement(*, user: User, signature: str) -> Clearance:
    clearance = _clearance_for_update(user)
    clearance.agreement_signed_on = timezone.localdate()
    clearance.agreement_signature = signature.strip()[:150]
    clearance.save()
    audit(user=user, action="update", obj=user, detail={"event": "agreement_signed"})
    return clearance


DEFAULT_QUIZ = [
    (
        "Who may see a client's record in the HMIS?",
        [
            "Anyone who works at a participating agency",
            "Staff whose role needs it, within what the client agreed to share",
            "Anyone the client names on the phone",
        ],
        1,
    ),
    (
        "A client revokes their consent to share. What happens?",
        [
            "Other agencies stop seeing the shared information",
            "Nothing until the next HUD report",
            "The record is deleted",
        ],
        0,
    ),
    (
        "May you share your HMIS password with a coworker who forgot theirs?",
        ["Yes, if they work at the same agency", "Yes, for one day", "No, never"],
        2,
    ),
    (
        "You leave your desk for a few minutes. What do you do?",
        ["Lock the screen or log out", "Nothing, the HMIS logs out by itself", "Ask a client to watch it"],
        0,
    ),
    (
        "Which records need extra protection and are never shared outside their agency?",
        [
            "Records of victim-service providers and clients flagged confidential",
            "Records older than seven years",
            "Records without a date of birth",
        ],
        0,
    ),
    (
        "Someone calls claiming to be a client's relative and asks where the client stays. You:",
        [
            "Tell them, families should stay in touch",
            "Neither confirm nor deny that the person is served, and follow your agency's policy",
            "Give them the shelter's address only",
        ],
        1,
    ),
    (
        "Where may you store a printout with a client's Social Security number?",
        ["In a locked place, shredded when no longer needed", "On the desk for the next visit", "In the recycling"],
        0,
    ),
    (
        "You think someone used your account. What do you do?",
        [
            "Change your password and tell your agency's HMIS representative at once",
            "Wait and see if it happens again",
            "Create a new account for yourself",
        ],
        0,
    ),
    (
        "Every look at a client's record is:",
        ["Not recorded", "Recorded in a tamper-evident audit log", "Recorded only for HMIS administrators"],
        1,
    ),
    (
        "How often must you renew the training, quiz and user agreement?",
        ["Every year", "Every five years", "Never"],
        0,
    ),
]


# The Spanish wording of DEFAULT_QUIZ, question by question (same order of answers).
DEFAULT_QUIZ_ES = [
    (
        "¿Quién puede ver el expediente de un cliente en el HMIS?",
        [
            "Cualquier persona que trabaje en una agencia participante",
            "El personal cuya función lo requiere, dentro de lo que el cliente aceptó compartir",
            "Cualquier persona que el cliente nombre por teléfono",
        ],
    ),
    (
        "Un cliente revoca su consentimiento para compartir información. ¿Qué sucede?",
        [
            "Las demás agencias dejan de ver la información compartida",
            "Nada hasta el próximo informe para HUD",
            "Se borra el expediente",
        ],
    ),
    (
        "¿Puede darle su contraseña del HMIS a un compañero de trabajo que olvidó la suya?",
        ["Sí, si trabaja en la misma agencia", "Sí, por un día", "No, nunca"],
    ),
    (
        "Se aleja de su escritorio por unos minutos. ¿Qué hace?",
        [
            "Bloquea la pantalla o cierra la sesión",
            "Nada, el HMIS cierra la sesión solo",
            "Le pide a un cliente que la vigile",
        ],
    ),
    (
        "¿Qué expedientes necesitan protección adicional y nunca se comparten fuera de su agencia?",
        [
            "Los de proveedores de servicios para víctimas y los de clientes marcados como confidenciales",
            "Los de más de siete años",
            "Los que no tienen fecha de nacimiento",
        ],
    ),
    (
        "Alguien llama diciendo ser familiar de un cliente y pregunta dónde se aloja. Usted:",
        [
            "Se lo dice, las familias deben mantenerse en contacto",
            "No confirma ni niega que la persona reciba servicios, y sigue la política de su agencia",
            "Le da solo la dirección del albergue",
        ],
    ),
    (
        "¿Dónde puede guardar una copia impresa con el número de Seguro Social de un cliente?",
        [
            "En un lugar bajo llave, y triturarla cuando ya no se necesite",
            "Sobre el escritorio para la próxima visita",
            "En el reciclaje",
        ],
    ),
    (
        "Cree que alguien usó su cuenta. ¿Qué hace?",
        [
            "Cambia su contraseña y avisa de inmediato al representante del HMIS de su agencia",
            "Espera a ver si vuelve a pasar",
            "Se crea una cuenta nueva",
        ],
    ),
    (
        "Cada vez que alguien consulta el expediente de un cliente:",
        [
            "No queda registrado",
            "Queda registrado en un registro de auditoría a prueba de alteraciones",
            "Queda registrado solo para los administradores del HMIS",
        ],
    ),
    (
        "¿Cada cuánto debe renovar la capacitación, la prueba y el acuerdo de usuario?",
        ["Cada año", "Cada cinco años", "Nunca"],
    ),
]


def quiz_seed_defaults() -> int:
    """Load the default question set (English and Spanish) when there is none; return how many were added."""
    if QuizQuestion.objects.exists():
        return 0
    QuizQuestion.objects.bulk_create(
        QuizQuestion(text=text, choices=choices, correct=correct, position=i, text_es=es[0], choices_es=es[1])
        for i, ((text, choices, correct), es) in enumerate(zip(DEFAULT_QUIZ, DEFAULT_QUIZ_ES, strict=True))
    )
    return len(DEFAULT_QUIZ)


def quiz_questions_all() -> list[QuizQuestion]:
    """Every question, retired ones included, in quiz order (for the HMIS lead's editing pages)."""
    return list(QuizQuestion.objects.order_by("position", "pk"))


def _quiz_renumber() -> list[QuizQuestion]:
    """Give every question a distinct position 0, 1, 2... in the current order; returns them in that order."""
    questions = list(QuizQuestion.objects.select_for_update().order_by("position", "pk"))
    for position, question in enumerate(questions):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])
    return questions


@transaction.atomic
def quiz_question_save(
    *,
    acting_user: User,
    question: QuizQuestion | None = None,
    text: str,
    text_es: str,
    answers: list[tuple[str, str]],
    correct: int,
) -> QuizQuestion:
    """Add a question (at the end) or change one: its wording in English and Spanish, its answers (English,
    Spanish) and which one is right. Passes already recorded stay valid."""
    created = question is None
    if question is None:
        last = QuizQuestion.objects.order_by("-position").values_list("position", flat=True).first()
        question = QuizQuestion(position=0 if last is None else last + 1)
    question.text = text.strip()
    question.text_es = text_es.strip()
    question.choices = [english.strip() for english, _spanish in answers]
    question.choices_es = [spanish.strip() for _english, spanish in answers]
    if not any(question.choices_es):
        question.choices_es = []
    question.correct = correct
    question.full_clean()
    if len(question.choices) < 2 or not all(question.choices) or not 0 <= correct < len(question.choices):
        raise ValidationError(_("A question needs at least two answers and exactly one right answer."))
    question.save()
    audit(user=acting_user, action="create" if created else "update", obj=question,
          detail={"event": "quiz_question_saved"})  # fmt: skip
    return question


@transaction.atomic
def quiz_question_move(*, acting_user: User, question: QuizQuestion, up: bool) -> None:
    """Move a question one place up or down in the quiz (nothing at either end)."""
    questions = _quiz_renumber()
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return
    mine, theirs = questions[index], questions[other]
    mine.position, theirs.position = theirs.position, mine.position
    mine.save(update_fields=["position"])
    theirs.save(update_fields=["position"])
    audit(user=acting_user, action="update", obj=mine, detail={"event": "quiz_question_moved", "up": up})


@transaction.atomic
def quiz_question_set_active(*, acting_user: User, question: QuizQuestion, active: bool) -> None:
    """Retire a question (kept, no longer asked) or bring it back; the last question asked cannot be retired."""
    question = QuizQuestion.objects.select_for_update().get(pk=question.pk)
    if (
        not active
        and question.is_active
        and not QuizQuestion.objects.filter(is_active=True).exclude(pk=question.pk).exists()
    ):
        raise ValidationError(_("This is the last question of the quiz: add another before retiring it."))
    question.is_active = active
    question.save(update_fields=["is_active"])
    audit(user=acting_user, action="update", obj=question,
          detail={"event": "quiz_question_retired" if not active else "quiz_question_restored"})  # fmt: skip


def quiz_right_answers_needed(count: int) -> int:
    """How many of ``count`` questions a user must answer right to reach the pass mark (see ``quiz_score``)."""
    for right in range(count + 1):
        if right * 100 // count >= settings.HEARTH_QUIZ_PASS_PERCENT:
            return right
    return count


# --- agency-managed access -----------------------------------------------------------------------------------------


def manageable_organization_ids(user: User) -> list[int] | None:
    """Agencies whose staff ``user`` manages; None means every agency (the HMIS lead)."""
    if user.is_lead_admin:
        return None
    return user.organization_ids(Role.AGENCY_ADMIN)


def grantable_roles(user: User) -> list[tuple[str, str]]:
    roles = [(Role.AGENCY_ADMIN, Role.AGENCY_ADMIN.label), (Role.CASEWORKER, Role.CASEWORKER.label)]
    roles.append((Role.REPORTING, Role.REPORTING.label))
    if user.is_lead_admin:
        roles.insert(0, (Role.LEAD_ADMIN, Role.LEAD_ADMIN.label))
    return [(value, str(label)) for value, label in roles]


def set_password_link(user: User) -> str:
    """The path of a one-time link with which a new user chooses their password."""
    from django.urls import reverse

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:set_password", args=[uid, default_token_generator.make_token(user)])


@transaction.atomic
def membership_grant(
    *,
    acting_user: User,
    organization: Any,
    role: str,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> tuple[User, Membership, bool]:
    """Give ``username`` a role in ``organization`` (creating the login if new). Returns (user, membership, created).

    The HMIS lead's grants take effect at once; an agency's wait for the lead when the CoC's policy says so.
    """
    if not acting_user.can_manage_organization(organization.pk):
        raise PermissionError("not your agency")
    if role == Role.LEAD_ADMIN and not acting_user.is_lead_admin:
        raise PermissionError("only the HMIS lead grants that role")
    user = User.objects.filter(username__iexact=username).first()
    created = user is None
    if created:
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    elif not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    pending = SecurityPolicy.current().lead_approves_access and not acting_user.is_lead_admin
    existing = Membership.objects.filter(user=user, organization=organization, role=role, is_active=True).first()
    if existing is not None:
        return user, existing, created
    membership = Membership.objects.filter(
        user=user, organization=organization, role=role, pending_approval=True
    ).first() or Membership(user=user, organization=organization, role=role)
    membership.granted_by = acting_user
    membership.is_active = not pending
    membership.pending_approval = pending
    if not pending:
        membership.approved_by, membership.approved_at = acting_user, timezone.now()
    membership.save()
    audit(
        user=acting_user,
        action="create",
        obj=membership,
        detail={"event": "access_requested" if pending else "access_granted", "user": user.username, "role": role},
    )
    return user, membership, created


@transaction.atomic
def membership_approve(*, acting_user: User, membership: Membership) -> Membership:
    if not acting_user.is_lead_admin:
        raise PermissionError("only the HMIS lead approves access")
    membership.pending_approval = False
    membership.is_active = True
    membership.approved_by, membership.approved_at = acting_user, timezone.now()
    membership.save()
    audit(user=acting_user, action="update", obj=membership, detail={"event": "access_approved"})
    return membership


@transaction.atomic
def membership_end(*, acting_user: User, membership: Membership) -> Membership:
    """Remove a role at once: the user's sessions end, and a user left with no role is deactivated."""
    if not acting_user.can_manage_organization(membership.organization_id):
        raise PermissionError("not your agency")
    membership.is_active = False
    membership.pending_approval = False
    membership.ended_at = timezone.now()
    membership.ended_by = acting_user
    membership.save()
    user = membership.user
    if not user.memberships.filter(is_active=True).exists() and not user.is_superuser:
        user.is_active = False
        user.save(update_fields=["is_active"])
    user.end_sessions()
    audit(user=acting_user, action="update", obj=membership, detail={"event": "access_removed"})
    return membership


@transaction.atomic
def users_deactivate_idle(*, days: int, acting_user: User | None = None) -> list[str]:
    """Deactivate accounts unused for ``days`` (never-used ones count from when they were made)."""
    cutoff = timezone.now() - timedelta(days=days)
    idle = (
        User.objects.filter(is_active=True)
        .exclude(last_login__gte=cutoff)
        .exclude(last_login__isnull=True, date_joined__gte=cutoff)
    )
    names = []
    for user in idle:
        user.is_active = False
        user.save(update_fields=["is_active"])
        user.end_sessions()
        audit(user=acting_user, action="update", obj=user, detail={"event": "deactivated_idle", "days": days})
        names.append(user.username)
    return names
