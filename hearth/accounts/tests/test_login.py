"""Log-in: password policy, lockout, the second factor in the log-in flow, idle timeout, security headers."""

from datetime import timedelta

import pyotp
import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import LoginAttempt, Role, SecurityPolicy, TOTPDevice
from hearth.core.testing import PASSWORD, make_user, persona_totp_code

LOGIN = "/accounts/login/"


def post_login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def is_logged_in(client):
    return client.get("/").status_code == 200


def test_argon2_is_the_first_password_hasher():
    import config.settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize(
    "password",
    ["short-1A!", "password1234", "Welcome2026!", "hmispassword", "alice-smith-2026", "123456789012345"],
)
def test_the_password_policy_refuses_weak_passwords(db, password):
    from hearth.accounts.models import User

    user = User(username="alice-smith", first_name="Alice", last_name="Smith")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_the_password_policy_accepts_a_long_uncommon_passphrase(db):
    validate_password("violet tractor mirrors autumn")


def test_a_caseworker_logs_in_with_the_password_alone(client, personas):
    response = post_login(client, "alice")
    assert response.status_code == 302 and response.url == reverse("core:home")
    assert is_logged_in(client)


def test_an_administrator_is_not_logged_in_until_the_second_step(client, personas):
    response = post_login(client, "dana")
    assert response.url == reverse("accounts:login_verify")
    assert not is_logged_in(client)
    response = client.post(reverse("accounts:login_verify"), {"code": "000000"})
    assert "not right" in response.content.decode()
    assert not is_logged_in(client)
    response = client.post(reverse("accounts:login_verify"), {"code": persona_totp_code("dana")})
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_totp_code_cannot_be_used_twice(client, personas):
    post_login(client, "dana")
    code = persona_totp_code("dana")
    client.post(reverse("accounts:login_verify"), {"code": code})
    client.logout()
    post_login(client, "dana")
    response = client.post(reverse("accounts:login_verify"), {"code": code})
    assert response.status_code == 200 and not is_logged_in(client)


def test_an_agency_admin_without_an_authenticator_sets_one_up_while_logging_in(client, personas):
    erin = make_user("erin", personas.agency_a, Role.AGENCY_ADMIN)
    TOTPDevice.objects.filter(user=erin).delete()
    response = post_login(client, "erin")
    assert response.url == reverse("accounts:login_enroll")
    page = client.get(reverse("accounts:login_enroll"))
    assert "<svg" in page.content.decode()
    assert not is_logged_in(client)
    secret = client.session["hearth_login_pending"]["secret"]
    response = client.post(reverse("accounts:login_enroll"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=erin).secret == secret
    assert is_logged_in(client)


def test_the_coc_can_require_a_second_factor_for_everyone(client, personas):
    SecurityPolicy.objects.update_or_create(pk=1, defaults={"mfa_for_all_users": True})
    response = post_login(client, "alice")
    assert response.url == reverse("accounts:login_enroll")
    assert not is_logged_in(client)


def test_the_second_step_goes_stale(client, personas):
    post_login(client, "dana")
    session = client.session
    session["hearth_login_pending"]["at"] -= 3600
    session.save()
    response = client.post(reverse("accounts:login_verify"), {"code": persona_totp_code("dana")})
    assert response.url == reverse("accounts:login")
    assert not is_logged_in(client)


def test_repeated_failures_lock_the_username_with_a_clear_message(client, personas, settings):
    settings.HEARTH_LOCKOUT_ATTEMPTS = 3
    for _ in range(3):
        post_login(client, "alice", "wrong-password")
    response = post_login(client, "alice")  # the right password, but locked
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert not is_logged_in(client)
    assert post_login(client, "bob").status_code == 302  # others are not locked out


def test_repeated_failures_from_one_address_lock_it(client, personas, settings):
    settings.HEARTH_LOCKOUT_ADDRESS_ATTEMPTS = 4
    for name in ("x1", "x2", "x3", "x4"):
        post_login(client, name, "wrong", REMOTE_ADDR="203.0.113.9")
    assert post_login(client, "bob", REMOTE_ADDR="203.0.113.9").status_code == 429
    assert post_login(client, "bob", REMOTE_ADDR="203.0.113.10").status_code == 302


def test_the_lockout_ends_after_its_window(client, personas, settings):
    settings.HEARTH_LOCKOUT_ATTEMPTS = 2
    settings.HEARTH_LOCKOUT_WINDOW_MINUTES = 10
    for _ in range(2):
        post_login(client, "alice", "wrong-password")
    assert post_login(client, "alice").status_code == 429
    LoginAttempt.objects.update(at=timezone.now() - timedelta(minutes=11))
    assert post_login(client, "alice").status_code == 302


def test_wrong_second_factor_codes_count_towards_the_lockout(client, personas, settings):
    settings.HEARTH_LOCKOUT_ATTEMPTS = 2
    post_login(client, "dana")
    for _ in range(2):
        client.post(reverse("accounts:login_verify"), {"code": "000000"})
    response = client.post(reverse("accounts:login_verify"), {"code": persona_totp_code("dana")})
    assert "Too many failed attempts" in response.content.decode()
    assert not is_logged_in(client)


def test_an_open_redirect_after_login_is_refused(client, personas):
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD, "next": "https://evil.example/"})
    assert response.url == reverse("core:home")


def test_the_session_ends_after_the_idle_timeout(client, personas, settings):
    assert settings.SESSION_COOKIE_AGE == settings.HEARTH_IDLE_TIMEOUT_MINUTES * 60 == 30 * 60
    client.force_login(personas.alice)
    assert is_logged_in(client)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/").status_code == 302


def test_activity_keeps_the_session_alive_with_one_write_a_minute(client, personas, settings):
    from hearth.accounts.middleware import SESSION_TOUCHED

    client.force_login(personas.alice)
    client.get("/")
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.update(expire_date=soon)
    client.get("/")  # touched less than a minute ago: the session row is not written again
    assert Session.objects.get().expire_date == soon
    session = client.session
    session[SESSION_TOUCHED] -= settings.HEARTH_SESSION_TOUCH_SECONDS + 1  # as if the last write was a minute ago
    session.save()
    Session.objects.update(expire_date=soon)
    client.get("/")  # activity after a minute: the expiry moves to a full idle timeout from now
    expiry = Session.objects.get().expire_date
    assert expiry > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_security_headers_are_sent(client, personas):
    response = client.get(LOGIN)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "style-src 'self' 'sha256-" in csp and "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # plain http: no HSTS, no secure-only cookies


def test_hsts_and_secure_cookies_when_served_over_tls(client, personas, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = True
    response = post_login(client, "alice", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies["sessionid"]["secure"]
    assert response.cookies["sessionid"]["httponly"]


def test_tls_settings_follow_the_environment(monkeypatch):
    import importlib

    import config.settings as project_settings

    monkeypatch.setenv("HEARTH_TLS", "1")
    reloaded = importlib.reload(project_settings)
    try:
        assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE
        assert reloaded.SECURE_HSTS_SECONDS >= 31536000
    finally:
        monkeypatch.delenv("HEARTH_TLS")
        importlib.reload(project_settings)
    assert not project_settings.SESSION_COOKIE_SECURE


def test_logged_in_pages_are_not_cached(client, personas):
    client.force_login(personas.alice)
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable(client, personas):
    client.force_login(personas.alice)
    assert "Cache-Control" not in client.get("/static/hearth/hearth.css").headers
