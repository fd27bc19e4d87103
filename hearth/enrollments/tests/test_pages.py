"""Pages of a stay: every view checks access (charlie never sees alice's agency's stays) and keeps input on error."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import RequestFactory

from .test_services import make_client, make_enrollment

pytestmark = pytest.mark.django_db


def render_panel(user, client) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = engines["django"].from_string('{% include "enrollments/_client_panel.html" %}')
    return template.render({"client": client}, request)


def test_client_panel_lists_only_visible_stays(personas):
    client = make_client(personas.agency_a)
    make_enrollment(client, personas.project_a)
    make_enrollment(client, personas.project_b, household_id="elsewhere")
    html = render_panel(personas.alice, client)
    assert personas.project_a.project_name in html
    assert personas.project_b.project_name not in html
    everything = render_panel(personas.dana, client)
    assert personas.project_b.project_name in everything


def test_client_panel_shows_notes_of_visible_stays_only(personas):
    from datetime import date as day

    from hearth.enrollments import services as stay_services

    client = make_client(personas.agency_a)
    ours = make_enrollment(client, personas.project_a)
    theirs = make_enrollment(client, personas.project_b, household_id="elsewhere")
    stay_services.case_note_add(enrollment=ours, acting_user=personas.alice, note_date=day(2026, 2, 1), text="Ours")
    stay_services.case_note_add(enrollment=theirs, acting_user=personas.bob, note_date=day(2026, 2, 1), text="Theirs")
    html = render_panel(personas.alice, client)
    assert "panel-notes" in html and "Ours" in html and "Theirs" not in html


def test_client_panel_shows_nothing_to_a_stranger(personas):
    client = make_client(personas.agency_a)
    make_enrollment(client, personas.project_a)
    html = render_panel(personas.charlie, client)
    assert personas.project_a.project_name not in html


# --- pages -----------------------------------------------------------------------------------------------------

from datetime import date  # noqa: E402

from django.urls import reverse  # noqa: E402

from hearth.core.testing import make_project  # noqa: E402
from hearth.enrollments import services  # noqa: E402
from hearth.enrollments.models import Enrollment, Exit, IncomeBenefits, Service  # noqa: E402

from .test_services import adult_start_answers  # noqa: E402


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def stay(personas):
    return make_enrollment(make_client(personas.agency_a), personas.project_a, entry=date(2026, 1, 5))


def test_client_panel_links_to_start(personas):
    client = make_client(personas.agency_a)
    html = render_panel(personas.alice, client)
    assert f"{reverse('enrollments:start')}?client={client.pk}" in html


def enrollment_urls(stay, file_id=None):
    urls = [
        reverse("enrollments:detail", args=[stay.pk]),
        reverse("enrollments:assess", args=[stay.pk, "annual"]),
        reverse("enrollments:assess", args=[stay.pk, "update"]),
        reverse("enrollments:exit", args=[stay.pk]),
        reverse("enrollments:edit_stage", args=[stay.pk, "start"]),
        reverse("enrollments:contact_add", args=[stay.pk]),
        f"{reverse('enrollments:start')}?client={stay.client_id}",
    ]
    if file_id:
        urls.append(reverse("enrollments:file_download", args=[file_id]))
    return urls


def test_it_checks_access(client, personas, stay, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.HEARTH_FILES_DIR = str(tmp_path)
    record = services.client_file_add(
        enrollment=stay, acting_user=personas.alice, upload=SimpleUploadedFile("a.txt", b"secret")
    )
    urls = enrollment_urls(stay, record.pk) + [
        reverse("enrollments:project_dq", args=[personas.project_a.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302, url  # anonymous: to the log-in page
    login(client, personas.charlie)
    for url in urls:
        assert client.get(url).status_code == 404, url
    missing = client.get(reverse("enrollments:detail", args=[999999]))
    assert missing.status_code == 404
    posts = [
        reverse("enrollments:note_add", args=[stay.pk]),
        reverse("enrollments:exit", args=[stay.pk]),
        reverse("enrollments:move_in", args=[stay.pk]),
    ]
    for url in posts:
        assert client.post(url, {"note_date": "2026-02-01", "text": "x"}).status_code == 404, url
    assert not stay.case_notes.exists()
    client.logout()
    for user in (personas.alice, personas.dana):
        login(client, user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (user, url)
        assert client.get(reverse("enrollments:file_download", args=[record.pk])).getvalue() == b"secret"


def test_bed_nights_page_checks_access(client, personas):
    shelter = make_project(personas.agency_a, "Night Shelter", project_type=1)
    url = reverse("enrollments:bed_nights", args=[shelter.pk])
    assert client.get(url).status_code == 302
    login(client, personas.charlie)
    assert client.get(url).status_code == 404
    login(client, personas.alice)
    assert client.get(url).status_code == 200
    not_nbn = reverse("enrollments:bed_nights", args=[personas.project_a.pk])
    assert client.get(not_nbn).status_code == 404


def test_bed_nights_check_in_a_whole_shelter(client, personas):
    shelter = make_project(personas.agency_a, "Night Shelter", project_type=1)
    stays = [
        make_enrollment(make_client(personas.agency_a, f"G{i}", "Guest"), shelter, entry=date(2026, 1, 1))
        for i in range(100)
    ]
    login(client, personas.alice)
    url = reverse("enrollments:bed_nights", args=[shelter.pk])
    response = client.post(url, {"night": "2026-02-03", "all": "1"})
    assert response.status_code == 302
    assert Service.objects.alive().filter(record_type=200, date_provided=date(2026, 2, 3)).count() == 100
    page = client.get(url, {"night": "2026-02-03"}).content.decode()
    assert page.count(" checked>") == 100
    client.post(url, {"night": "2026-02-03", "enrollment": [s.pk for s in stays[:60]]})
    assert Service.objects.alive().filter(record_type=200, date_provided=date(2026, 2, 3)).count() == 60


def start_url(*clients):
    return reverse("enrollments:start") + "?" + "&".join(f"client={c.pk}" for c in clients)


def test_start_flow_keeps_input_on_error_and_saves_all(client, personas):
    mother = make_client(personas.agency_a, "Maria", "Reyes", date(1988, 5, 1))
    child = make_client(personas.agency_a, "Lucia", "Reyes", date(2016, 9, 9))
    login(client, personas.alice)
    page = client.get(start_url(mother, child))
    assert page.status_code == 200 and "Lucia" in page.content.decode()
    step1 = {
        "step": "household",
        "client": [mother.pk, child.pk],
        "project": personas.project_a.pk,
        "entry_date": "2026-03-02",
        f"rel_{mother.pk}": "1",
        f"rel_{child.pk}": "1",
    }
    two_heads = client.post(reverse("enrollments:start"), step1)
    assert "3.15" in two_heads.content.decode()
    step1[f"rel_{child.pk}"] = "2"
    step2 = client.post(reverse("enrollments:start"), step1)
    html = step2.content.decode()
    assert "m0-enrollment__living_situation" in html and "m1-enrollment__living_situation" not in html
    data = {**step1, "step": "data"}
    answers = adult_start_answers()
    for key, value in answers.items():
        data[f"m0-{key}"] = value.isoformat() if hasattr(value, "isoformat") else value
    data["m0-enrollment__length_of_stay"] = ""  # forgotten: 3.917.2
    data["m1-enrollment__disabling_condition"] = "0"
    response = client.post(reverse("enrollments:start"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "3.917: Length of stay is required" in html
    assert 'value="2025-01-01"' in html  # the date homeless began is kept
    assert not Enrollment.objects.exists()
    data["m0-enrollment__length_of_stay"] = "4"
    response = client.post(reverse("enrollments:start"), data)
    assert response.status_code == 302
    stays = Enrollment.objects.order_by("relationship_to_hoh")
    assert [s.client for s in stays] == [mother, child] and stays[0].household_id == stays[1].household_id
    assert response["Location"] == reverse("enrollments:detail", args=[stays[0].pk])


def test_exit_page_exits_everyone_by_default(client, personas):
    from .test_services import Member

    adults = [make_client(personas.agency_a, n, "Reyes") for n in ("Ana", "Luis")]
    stays = services.household_enroll(
        project=personas.project_a,
        members=[Member(adults[0], 1, adult_start_answers()), Member(adults[1], 3, adult_start_answers())],
        entry_date=date(2026, 3, 2),
        acting_user=personas.alice,
    )
    login(client, personas.alice)
    url = reverse("enrollments:exit", args=[stays[0].pk])
    form = client.get(url).content.decode()
    assert form.count('name="member"') == 2 and form.count("checked") >= 2
    data = {"exit_date": "2026-05-01", "member": [s.pk for s in stays]}
    data[f"m{stays[0].pk}-exit__destination"] = "410"
    response = client.post(url, data)
    assert f"m{stays[1].pk}-exit__destination" in response.content.decode()  # 3.12 missing for the second
    assert not Exit.objects.exists()
    data[f"m{stays[1].pk}-exit__destination"] = "410"
    assert client.post(url, data).status_code == 302
    assert Exit.objects.count() == 2


def test_annual_assessment_page_and_flag(client, personas):
    from .test_services import Member, add_funder, esg_answers

    add_funder(personas.project_a, 8)
    adult = make_client(personas.agency_a, "Ana", "Reyes")
    today = date.today()
    entry = date(today.year - 1, today.month, 1) if today.month != 2 else date(today.year - 1, 2, 1)
    (stay,) = services.household_enroll(
        project=personas.project_a,
        members=[Member(adult, 1, adult_start_answers(**esg_answers(), enrollment__date_to_street_essh=entry))],
        entry_date=entry,
        acting_user=personas.alice,
    )
    login(client, personas.alice)
    detail = client.get(reverse("enrollments:detail", args=[stay.pk])).content.decode()
    assert 'data-state="due"' in detail
    url = reverse("enrollments:assess", args=[stay.pk, "annual"])
    data = {"information_date": today.isoformat(), "member": [stay.pk]}
    data[f"m{stay.pk}-income__income_from_any_source"] = "1"
    response = client.post(url, data)
    assert "4.02" in response.content.decode() and not IncomeBenefits.objects.filter(data_collection_stage=5).exists()
    data[f"m{stay.pk}-income__income_from_any_source"] = "0"
    data[f"m{stay.pk}-income__benefits_from_any_source"] = "0"
    data[f"m{stay.pk}-income__insurance_from_any_source"] = "0"
    assert client.post(url, data).status_code == 302
    assert IncomeBenefits.objects.filter(data_collection_stage=5).count() == 1
    detail = client.get(reverse("enrollments:detail", args=[stay.pk])).content.decode()
    assert 'data-state="upcoming"' in detail


def test_data_quality_lists_missing_and_fix_clears_it(client, personas, stay):
    login(client, personas.alice)
    detail = client.get(reverse("enrollments:detail", args=[stay.pk])).content.decode()
    assert "3.917" in detail and "missing-list" in detail
    dq = client.get(reverse("enrollments:project_dq", args=[personas.project_a.pk])).content.decode()
    assert "3.917" in dq and reverse("enrollments:edit_stage", args=[stay.pk, "start"]) in dq
    data = {f"m0-{k}": (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in adult_start_answers().items()}
    response = client.post(reverse("enrollments:edit_stage", args=[stay.pk, "start"]), data)
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.living_situation == 116
    detail = client.get(reverse("enrollments:detail", args=[stay.pk])).content.decode()
    assert "missing-none" in detail


def test_notes_files_move_in_and_services(client, personas, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.HEARTH_FILES_DIR = str(tmp_path)
    rrh = make_enrollment(make_client(personas.agency_b), personas.project_b, entry=date(2026, 1, 5))
    login(client, personas.bob)
    client.post(reverse("enrollments:note_add", args=[rrh.pk]), {"note_date": "2026-02-01", "text": "Lease signed"})
    assert rrh.case_notes.get().text == "Lease signed"
    upload = SimpleUploadedFile("lease.pdf", b"%PDF", content_type="application/pdf")
    client.post(reverse("enrollments:file_add", args=[rrh.pk]), {"upload": upload, "description": "Lease"})
    assert rrh.files.count() == 1 and not list(tmp_path.glob("**/lease.pdf"))  # stored under a random name
    bad = client.post(reverse("enrollments:move_in", args=[rrh.pk]), {"move_in_date": "2025-12-01"})
    assert "3.20" in bad.content.decode() and 'value="2025-12-01"' in bad.content.decode()
    assert client.post(reverse("enrollments:move_in", args=[rrh.pk]), {"move_in_date": "2026-02-01"}).status_code == 302
    rrh.refresh_from_db()
    assert rrh.move_in_date == date(2026, 2, 1)
    # No funder needing services: the page does not exist for this project.
    assert client.get(reverse("enrollments:service_add", args=[rrh.pk])).status_code == 404


def test_projects_page_lists_only_the_agency_projects(client, personas, stay):
    url = reverse("enrollments:projects")
    assert client.get(url).status_code == 302
    login(client, personas.charlie)
    html = client.get(url).content.decode()
    assert personas.project_a.project_name not in html
    login(client, personas.alice)
    html = client.get(url).content.decode()
    assert personas.project_a.project_name in html and personas.project_b.project_name not in html
    assert reverse("enrollments:project_dq", args=[personas.project_a.pk]) in html
