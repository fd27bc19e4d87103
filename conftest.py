"""Shared pytest fixtures: the personas every access test uses (alice, bob, charlie, dana)."""

import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test users need no strong password hashing (it would dominate the tests' set-up time)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request as a Spanish user activates Spanish in this thread: put English back so no later test inherits it."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def personas(db):
    from hearth.core.testing import make_personas

    return make_personas()
