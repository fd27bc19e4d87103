"""The home page, the language switch and the `hearth` command."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from hearth.core.testing import PASSWORD

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_it_checks_access(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_home_shows_the_users_agencies_and_roles(client, personas):
    client.force_login(personas.alice)
    page = client.get(reverse("core:home")).content.decode()
    assert "Agency A: Caseworker" in page
    assert "Agency B" not in page


def test_login_page_logs_in(client, personas):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_language_switch_is_saved_on_the_user(client, personas):
    client.force_login(personas.alice)
    response = client.post(reverse("core:set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    personas.alice.refresh_from_db()
    assert personas.alice.language == "es"
    assert 'lang="es"' in client.get(reverse("core:home")).content.decode()


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(client, personas):
    client.force_login(personas.alice)
    response = client.post(reverse("core:set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    personas.alice.refresh_from_db()
    assert personas.alice.language == "en"


def test_language_switch_needs_post(client):
    assert client.get(reverse("core:set_language")).status_code == 405


def test_the_hearth_command_runs_django_commands():
    result = subprocess.run(
        [sys.executable, "-m", "hearth.cli", "check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
