"""Agency-managed users, the training gate, the user's security page, idle-account deactivation."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hearth.accounts import services
from hearth.accounts.models import Clearance, Membership, QuizQuestion, Role, SecurityPolicy, User
from hearth.clients.access import visible_clients
from hearth.core.testing import clear_for_client_data, expire_clearance, make_client_record, make_user


@pytest.fixture
def world(personas):
    rep = make_user("rita", personas.agency_a, Role.AGENCY_ADMIN)
    client_a = make_client_record(personas.agency_a)
    return personas, rep, client_a


def test_it_checks_access(client, world):
    p, rep, _ = world
    staff_pages = [reverse("accounts:staff"), reverse("accounts:staff_add"), reverse("accounts:access_overview")]
    own_pages = [reverse("accounts:security"), reverse("accounts:quiz"), reverse("accounts:agreement")]
    for url in staff_pages + own_pages:
        assert client.get(url).status_code == 302  # anonymous: to the log-in page
    client.force_login(p.alice)
    for url in staff_pages:
        assert client.get(url).status_code == 403
    for url in own_pages:
        assert client.get(url).status_code == 200
    for user in (rep, p.dana):
        client.force_login(user)
        for url in staff_pages:
            assert client.get(url).status_code == 200


def test_an_agency_rep_adds_a_new_user_who_gets_a_one_time_link(client, world):
    p, rep, _ = world
    client.force_login(rep)
    response = client.post(
        reverse("accounts:staff_add"),
        {"organization": p.agency_a.pk, "role": Role.CASEWORKER, "username": "nina", "first_name": "Nina"},
    )
    assert response.status_code == 200
    nina = User.objects.get(username="nina")
    assert not nina.has_usable_password()
    assert nina.has_role(Role.CASEWORKER, organization_id=p.agency_a.pk)
    link = services.set_password_link(nina)
    assert link.split("/")[-3] in response.content.decode()
    client.logout()
    page = client.get(link, follow=True)
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "violet tractor mirrors", "new_password2": "violet tractor mirrors"},
    )
    assert response.status_code == 302
    nina.refresh_from_db()
    assert nina.check_password("violet tractor mirrors")


def test_an_agency_rep_cannot_grant_roles_elsewhere_or_the_lead_role(client, world):
    p, rep, _ = world
    client.force_login(rep)
    for data in (
        {"organization": p.agency_b.pk, "role": Role.CASEWORKER, "username": "x"},
        {"organization": p.agency_a.pk, "role": Role.LEAD_ADMIN, "username": "x"},
    ):
        response = client.post(reverse("accounts:staff_add"), data)
        assert (
            response.status_code == 200
            and "errorlist" in response.content.decode()
            or "usa-error" in (response.content.decode())
        )
    assert not User.objects.filter(username="x").exists()
    with pytest.raises(PermissionError):
        services.membership_grant(acting_user=rep, organization=p.agency_b, role=Role.CASEWORKER, username="y")


def test_the_lead_approves_access_when_the_coc_requires_it(client, world):
    p, rep, _ = world
    SecurityPolicy.objects.update_or_create(pk=1, defaults={"lead_approves_access": True})
    user, membership, _created = services.membership_grant(
        acting_user=rep, organization=p.agency_a, role=Role.CASEWORKER, username="omar"
    )
    assert membership.pending_approval and not user.has_role(Role.CASEWORKER)
    client.force_login(rep)
    assert client.post(reverse("accounts:staff_approve", args=[membership.pk])).status_code == 404
    client.force_login(p.dana)
    assert "omar" in client.get(reverse("accounts:staff")).content.decode()
    client.post(reverse("accounts:staff_approve", args=[membership.pk]))
    assert user.has_role(Role.CASEWORKER, organization_id=p.agency_a.pk)


def test_removing_access_ends_the_users_sessions_at_once(client, world):
    p, rep, client_a = world
    client.force_login(p.alice)
    assert client.get("/").status_code == 200
    from django.test import Client

    rep_browser = Client()
    rep_browser.force_login(rep)
    membership = Membership.objects.get(user=p.alice, is_active=True)
    assert rep_browser.post(reverse("accounts:staff_remove", args=[membership.pk])).status_code == 302
    assert client.get("/").status_code == 302  # the next request is logged out
    p.alice.refresh_from_db()
    assert not p.alice.is_active
    assert not visible_clients(p.alice).exists()


def test_an_agency_rep_cannot_remove_another_agencys_staff(client, world):
    p, rep, _ = world
    client.force_login(rep)
    bob_membership = Membership.objects.get(user=p.bob)
    assert client.post(reverse("accounts:staff_remove", args=[bob_membership.pk])).status_code == 404
    assert Membership.objects.get(pk=bob_membership.pk).is_active


def test_the_access_overview_says_who_sees_what(client, world):
    p, rep, _ = world
    expire_clearance(p.alice)
    client.force_login(rep)
    page = client.get(reverse("accounts:access_overview")).content.decode()
    assert "alice" in page and "rita" in page and "bob" not in page
    assert "missing or expired" in page


def test_the_training_gate_hides_client_data_until_all_three_steps(client, world):
    p, rep, client_a = world
    nina = make_user("nina", p.agency_a, Role.CASEWORKER, cleared=False)
    assert not visible_clients(nina).exists()
    services.clearance_record_training(user=nina, acting_user=rep)
    assert not visible_clients(nina).exists()
    assert services.clearance_record_quiz(user=nina, score=90)
    assert not visible_clients(nina).exists()
    services.clearance_sign_agreement(user=nina, signature="Nina")
    assert list(visible_clients(nina)) == [client_a]


def test_a_clearance_expires_after_a_year(world):
    p, _, client_a = world
    expire_clearance(p.alice)
    assert not visible_clients(p.alice).exists()
    clear_for_client_data(p.alice, on=timezone.localdate() - timedelta(days=364))
    assert visible_clients(p.alice).exists()


def test_the_quiz_needs_ninety_percent(client, world):
    p, _, _ = world
    nina = make_user("nina", p.agency_a, Role.CASEWORKER, cleared=False)
    services.quiz_seed_defaults()
    questions = list(QuizQuestion.objects.filter(is_active=True))
    assert len(questions) >= 10
    client.force_login(nina)
    right = {f"q{q.pk}": q.correct for q in questions}
    one_wrong = dict(right)
    one_wrong[f"q{questions[0].pk}"] = (questions[0].correct + 1) % len(questions[0].choices)
    two_wrong = dict(one_wrong)
    two_wrong[f"q{questions[1].pk}"] = (questions[1].correct + 1) % len(questions[1].choices)
    response = client.post(reverse("accounts:quiz"), two_wrong)
    assert response.status_code == 200 and "80%" in response.content.decode()
    assert not Clearance.objects.filter(user=nina, quiz_passed_on__isnull=False).exists()
    response = client.post(reverse("accounts:quiz"), one_wrong)
    assert response.status_code == 302
    assert Clearance.objects.get(user=nina).quiz_score == 90


def test_signing_the_user_agreement(client, world):
    p, _, _ = world
    nina = make_user("nina", p.agency_a, Role.CASEWORKER, cleared=False)
    client.force_login(nina)
    assert client.post(reverse("accounts:agreement"), {"signature": "Nina"}).status_code == 200  # box not ticked
    assert client.post(reverse("accounts:agreement"), {"signature": "Nina N", "agree": "on"}).status_code == 302
    assert Clearance.objects.get(user=nina).agreement_signature == "Nina N"


def test_a_rep_records_training(client, world):
    p, rep, _ = world
    nina = make_user("nina", p.agency_a, Role.CASEWORKER, cleared=False)
    client.force_login(rep)
    client.post(reverse("accounts:staff_training", args=[nina.pk]))
    assert Clearance.objects.get(user=nina).training_completed_on == timezone.localdate()
    assert client.post(reverse("accounts:staff_training", args=[p.bob.pk])).status_code == 404


def test_a_reminder_shows_when_renewal_is_due_within_30_days(client, world):
    p, _, _ = world
    clear_for_client_data(p.alice, on=timezone.localdate() - timedelta(days=350))
    client.force_login(p.alice)
    assert "must be renewed by" in client.get("/").content.decode()
    clear_for_client_data(p.bob)
    client.force_login(p.bob)
    assert "must be renewed" not in client.get("/").content.decode()


def test_the_security_page_changes_the_password_and_ends_other_sessions(client, world):
    p, _, _ = world
    from django.test import Client

    other = Client()
    other.force_login(p.alice)
    client.force_login(p.alice)
    response = client.post(
        reverse("accounts:security"),
        {
            "old_password": "correct-horse-battery-staple",
            "new_password1": "amber lantern quietly",
            "new_password2": "amber lantern quietly",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302


def test_idle_accounts_are_deactivated(world):
    p, _, _ = world
    User.objects.filter(pk=p.bob.pk).update(last_login=timezone.now() - timedelta(days=91))
    User.objects.filter(pk=p.charlie.pk).update(last_login=timezone.now() - timedelta(days=10))
    User.objects.filter(pk=p.alice.pk).update(date_joined=timezone.now() - timedelta(days=200), last_login=None)
    call_command("deactivate_idle_users")
    assert set(User.objects.filter(is_active=False).values_list("username", flat=True)) == {"bob", "alice"}
    call_command("deactivate_idle_users", days=5)
    assert not User.objects.get(pk=p.charlie.pk).is_active
