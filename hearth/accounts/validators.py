"""Password rules beyond Django's: a local list of breached passwords the CoC can extend."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_LIST = Path(__file__).resolve().parent / "data" / "breached_passwords.txt"


@lru_cache(maxsize=4)
def _load(path: str) -> frozenset[str]:
    with open(path, encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip() and not line.startswith("#"))


class BreachedPasswordValidator:
    """Refuse passwords found in breaches (``data/breached_passwords.txt`` or ``HEARTH_BREACHED_PASSWORDS_FILE``)."""

    def __init__(self, path: str | None = None):
        self.path = str(path or getattr(settings, "HEARTH_BREACHED_PASSWORDS_FILE", "") or DEFAULT_LIST)

    def validate(self, password: str, user: object = None) -> None:
        if password.strip().lower() in _load(self.path):
            raise ValidationError(_("This password has appeared in a data breach. Choose another."), code="breached")

    def get_help_text(self) -> str:
        return _("Your password cannot be one known from data breaches.")
