import pytest


@pytest.fixture(autouse=True)
def jobs_run_inline(settings):
    """Jobs run inline in tests unless a test says otherwise."""
    settings.HEARTH_JOBS_MODE = "sync"
