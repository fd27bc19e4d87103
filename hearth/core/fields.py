"""Model fields that carry their HUD element and validate with messages naming the field and the HUD rule.

The HUD metadata (element number, code list) is not part of a field's database shape, so ``deconstruct`` leaves it out:
migrations stay small and code lists come from ``hearth.standards`` only.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth import standards

_HUD_KWARGS = ("hud_element", "hud_list", "hud_codes", "hud_pattern")


class HudFieldMixin:
    """Adds ``hud_element`` and a plain-language name to the messages Django gives for null, blank and length."""

    def __init__(self, *args: Any, hud_element: str | None = None, hud_pattern: str | None = None, **kwargs: Any):
        self.hud_element = hud_element
        self.hud_pattern = hud_pattern
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]

    def contribute_to_class(self, cls: type[models.Model], name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)  # type: ignore[misc]
        # Messages need the field's name, known only now.
        required = _("%(field)s is required (HUD %(element)s).") % self._names()
        self.error_messages = {**self.error_messages, "null": required, "blank": required}  # type: ignore[has-type]
        if self.hud_pattern:
            self.validators.append(  # type: ignore[attr-defined]
                RegexValidator(
                    re.compile(self.hud_pattern),
                    message=_("%(field)s does not match HUD's format %(pattern)s (HUD %(element)s).")
                    % {**self._names(), "pattern": self.hud_pattern},
                )
            )

    def _names(self) -> dict[str, str]:
        return {"field": self.hud_label(), "element": self.hud_element or "HMIS CSV"}

    def hud_label(self) -> str:
        name = self.verbose_name or self.name or ""  # type: ignore[attr-defined]
        return str(name)[:1].upper() + str(name)[1:]

    def deconstruct(self) -> tuple[Any, ...]:
        name, path, args, kwargs = super().deconstruct()  # type: ignore[misc]
        for key in _HUD_KWARGS:
            kwargs.pop(key, None)
        return name, path, args, kwargs


class CodedMixin(HudFieldMixin):
    """A value coded by a HUD list (``hud_list="3.12.1"``), optionally restricted to a subset (``hud_codes``)."""

    def __init__(
        self, *args: Any, hud_list: str | None = None, hud_codes: tuple[Any, ...] | None = None, **kwargs: Any
    ):
        self.hud_list = hud_list
        self.hud_codes = tuple(hud_codes) if hud_codes else None
        if hud_list:
            # Labels translated lazily into the user's language; CSV and reports use codes (and HUD's English labels).
            kwargs["choices"] = standards.display_choices(hud_list, only=self.hud_codes)
        elif self.hud_codes:
            kwargs["choices"] = [(c, str(c)) for c in self.hud_codes]
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[Any, ...]:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        if value not in (None, "") and self.choices is not None and value not in self.valid_codes():  # type: ignore[attr-defined]
            list_name = standards.code_list(self.hud_list).name if self.hud_list else ""
            raise ValidationError(
                _("%(field)s: %(value)s is not a valid code (HUD %(element)s, list %(list)s %(list_name)s).")
                % {**self._names(), "value": value, "list": self.hud_list or "", "list_name": list_name},
                code="invalid_choice",
            )
        super().validate(value, model_instance)  # type: ignore[misc]

    def valid_codes(self) -> tuple[Any, ...]:
        return tuple(code for code, _label in self.flatchoices)  # type: ignore[attr-defined]


class CodeField(CodedMixin, models.IntegerField):
    """An integer coded by a HUD list."""


class StringCodeField(CodedMixin, models.CharField):
    """A string coded by a HUD list (VAMC station numbers)."""


class HudCharField(HudFieldMixin, models.CharField):
    pass


class HudTextField(HudFieldMixin, models.TextField):
    pass


class HudIntegerField(HudFieldMixin, models.IntegerField):
    pass


class HudDateField(HudFieldMixin, models.DateField):
    pass


class HudDateTimeField(HudFieldMixin, models.DateTimeField):
    pass


class HudMoneyField(HudFieldMixin, models.DecimalField):
    """HUD money (``M``, or ``M+`` for amounts that may not be negative): dollars and cents."""

    def __init__(self, *args: Any, non_negative: bool = False, **kwargs: Any):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        self.non_negative = non_negative
        super().__init__(*args, **kwargs)

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        if self.non_negative and value is not None and value < 0:
            raise ValidationError(
                _("%(field)s may not be negative (HUD %(element)s).") % self._names(), code="negative"
            )

    def deconstruct(self) -> tuple[Any, ...]:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("non_negative", None)
        return name, path, args, kwargs
