"""Reports in a real browser: the HMIS lead runs an APR, reads a table, opens a count's clients, downloads the zip."""

from __future__ import annotations

import re
import zipfile

import pytest
from django.core.management import call_command

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_lead_runs_an_apr_opens_a_cell_and_downloads_the_zip(page, personas, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.HEARTH_JOBS_MODE = "sync"  # the run finishes inside the request; the job page then links to it
    call_command("seed", clients=40, years=2, seed=7, verbosity=0)

    log_in(page, "dana")
    page.goto("/reports/")
    assert_accessible(page)
    page.select_option("#id_report", "apr")
    page.fill("#id_start", "2025-10-01")
    page.fill("#id_end", "2026-09-30")
    # In sync mode the whole APR runs inside this request: give it time on a loaded machine.
    page.get_by_role("button", name="Run the report").click(timeout=180_000)
    page.wait_for_url(re.compile(r"/jobs/\d+/$"), timeout=180_000)
    page.get_by_role("link", name="See the result").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))

    q5a = page.locator("table[data-table='Q5a']")
    assert q5a.is_visible()
    first_count = q5a.locator("a[data-cell='B1']")
    total = int(first_count.inner_text())
    assert total > 0
    assert_accessible(page)

    first_count.click()
    page.wait_for_url(re.compile(r"/reports/\d+/Q5a/B1/$"))
    assert page.locator("#cell-total").inner_text().startswith(str(total))
    rows = page.locator("#cell-clients tbody tr")
    assert rows.count() == min(total, 50)
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("^Back to")).click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the Sage zip").click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert re.fullmatch(r"apr-sage-20251001-20260930-run\d+\.zip", download.suggested_filename)
    with zipfile.ZipFile(target) as zf:
        names = set(zf.namelist())
    assert {"Q4a.csv", "Q5a.csv", "Q6a.csv", "Q7a.csv", "Q23c.csv"} <= names
