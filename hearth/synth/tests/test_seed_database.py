"""``hearth seed`` into the database (the generated population through the models) and ``hearth seed --demo``."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from hearth.synth import FILES, Options, write_csv


def hud_models() -> dict[str, type]:
    return {model.HUD_FILE: model for model in apps.get_models() if getattr(model, "HUD_FILE", "")}


def test_the_generator_does_not_import_django() -> None:
    code = (
        "import sys, tempfile; from hearth.synth import Options, write_csv; "
        "write_csv(Options(clients=20), tempfile.mkdtemp()); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[3])


@pytest.mark.django_db
def test_loading_creates_the_generated_rows_and_they_pass_full_clean(tmp_path: Path) -> None:
    expected = write_csv(Options(clients=100, years=3, seed=5), tmp_path)
    call_command("seed", clients=100, years=3, seed=5, stdout=io.StringIO())

    models = hud_models()
    assert set(models) == set(FILES)
    for file in FILES:
        model = models[file]
        assert model.objects.count() == expected[file], file
        for record in model.objects.order_by("pk")[:12]:  # full_clean runs a query per check constraint
            record.full_clean()

    Client, Enrollment, Exit = models["Client.csv"], models["Enrollment.csv"], models["Exit.csv"]
    for enrollment in Enrollment.objects.select_related("client", "project")[:200]:
        assert enrollment.owner_org_id == enrollment.project.organization_id
    for exit_record in Exit.objects.select_related("enrollment")[:200]:
        assert exit_record.client_id == exit_record.enrollment.client_id
        assert exit_record.exit_date >= exit_record.enrollment.entry_date
        assert exit_record.owner_org_id == exit_record.enrollment.owner_org_id
    for client in Client.objects.all()[:50]:
        first = Enrollment.objects.filter(client=client).select_related("project").order_by("entry_date", "pk").first()
        assert first is not None and client.owner_org_id == first.project.organization_id
    assert not models["Organization.csv"].objects.filter(owner_org__isnull=True).exists()
    assert models["Export.csv"].objects.get().direction == "import"
    assert not Enrollment.objects.filter(export__isnull=True).exists()


@pytest.mark.django_db
def test_the_same_population_cannot_be_loaded_twice() -> None:
    call_command("seed", clients=30, seed=9, stdout=io.StringIO())
    with pytest.raises(CommandError, match="already"):
        call_command("seed", clients=30, seed=9, stdout=io.StringIO())


@pytest.mark.django_db
def test_demo_sets_up_the_logins_once() -> None:
    from hearth.accounts.models import Role, User
    from hearth.directory.models import CoC

    first = io.StringIO()
    call_command("seed", demo=True, stdout=first)
    clients = hud_models()["Client.csv"].objects.count()
    second = io.StringIO()
    call_command("seed", demo=True, stdout=second)

    assert clients == 300
    assert hud_models()["Client.csv"].objects.count() == clients
    from hearth.dedup.models import ClientKey  # search and duplicate matching find the demo's clients by name keys

    named = hud_models()["Client.csv"].objects.exclude(first_name="", last_name="").count()
    assert ClientKey.objects.values("client").distinct().count() == named > 0.9 * clients
    assert CoC.objects.filter(code="XX-500").count() == 1
    assert "already set up" in second.getvalue()
    for output in (first.getvalue(), second.getvalue()):
        assert "http://127.0.0.1:8000/" in output and "hearth-demo-2026" in output
    usernames = ("dana", "alice", "bob", "charlie", "erin", "rita")
    assert User.objects.filter(username__in=usernames).count() == len(usernames)
    for username in usernames:
        assert authenticate(username=username, password="hearth-demo-2026") is not None, username

    dana = User.objects.get(username="dana")
    assert dana.is_superuser and dana.is_staff and dana.has_role(Role.LEAD_ADMIN)
    roles = {u: User.objects.get(username=u).memberships.get() for u in usernames[1:]}
    assert roles["alice"].role == Role.CASEWORKER and roles["erin"].role == Role.AGENCY_ADMIN
    assert roles["rita"].role == Role.REPORTING and roles["rita"].organization.organization_name == "Demo HMIS Lead"
    agencies = {roles[u].organization_id for u in ("alice", "bob", "charlie")}
    assert len(agencies) == 3 and roles["erin"].organization_id == roles["alice"].organization_id
