import pytest


@pytest.fixture(autouse=True)
def jobs_inline_and_uploads_in_tmp(settings, tmp_path):
    """Import jobs run inline in tests, and uploads wait in the test's own folder."""
    settings.HEARTH_JOBS_MODE = "sync"
    settings.VAR_DIR = tmp_path / "var"
