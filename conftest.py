"""Shared pytest fixtures: the personas every access test uses (alice, bob, charlie, dana)."""

import pytest


@pytest.fixture
def personas(db):
    from hearth.core.testing import make_personas

    return make_personas()
