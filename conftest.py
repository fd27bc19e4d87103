"""Shared pytest fixtures: the personas every access test uses (alice, bob, charlie, dana)."""

import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test users need no strong password hashing (it would dominate the tests' set-up time)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db):
    from hearth.core.testing import make_personas

    return make_personas()
