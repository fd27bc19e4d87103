"""Client forms. They parse input only: the services validate the record (``full_clean()`` and HUD's rules)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.core.fields import HudFieldMixin
from hearth.core.forms import HearthForm, HearthModelForm
from hearth.directory.models import Organization

from . import selectors, services
from .models import Client

# What the SSN box shows for a stored SSN whose last four are not all known.
HIDDEN_SSN = "***-**-****"
# Formats a date of birth may be typed in (besides the browser's date picker, which sends ISO dates).
DOB_INPUT_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m%d%Y", "%m/%d/%y")


def race_choices() -> list[tuple[str, str]]:
    """3.04.1 categories, labelled as the model labels them."""
    return [(name, str(Client._meta.get_field(name).verbose_name)) for name in services.RACE_FIELDS]


class SearchForm(HearthForm):
    q = forms.CharField(
        label=_("Search for a client"),
        required=False,
        max_length=200,
        help_text=_(
            "Name, date of birth (e.g. 4/3/1990), last four digits of the SSN, or HMIS ID. Search before creating "
            "a client, so no one is entered twice."
        ),
    )


class ClientForm(HearthModelForm):
    """The universal identifying elements 3.01-3.07 and 4.21, with their data-quality fields."""

    race = forms.MultipleChoiceField(
        label=_("Race and ethnicity"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply (HUD 3.04.1)."),
    )
    ssn = forms.CharField(
        label=_("Social Security Number"),
        required=False,
        max_length=11,
        help_text=_(
            "9 digits, e.g. 123-45-6789. For a partial SSN, type the digits you know and x for the others (HUD 3.02.1)."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )
    dob = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=DOB_INPUT_FORMATS,
        help_text=_("HUD 3.03.1"),
        widget=forms.DateInput(),
    )
    owner_org = forms.ModelChoiceField(
        label=_("Owning agency"),
        queryset=Organization.objects.none(),
        help_text=_("The agency that records this client."),
    )

    class Meta:
        model = Client
        fields = [name for name in services.CLIENT_FIELDS if name not in services.RACE_FIELDS]
        help_texts = {
            "name_data_quality": _("HUD 3.01.5"),
            "ssn_data_quality": _("HUD 3.02.2"),
            "dob_data_quality": _("HUD 3.03.2"),
            "race_none": _("Only when no category is chosen (HUD 3.04.1)."),
            "additional_race_ethnicity": _("Optional, in the client's words (HUD 3.04.2)."),
            "sex": _("HUD 4.21"),
            "veteran_status": _(
                "For adults: has the client ever served on active duty in the armed forces? (HUD 3.07)"
            ),
        }

    def __init__(self, *args: Any, organizations: list[Organization] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["race"].choices = race_choices()
        if self.instance.pk:
            self.initial.setdefault(
                "race", [name for name in services.RACE_FIELDS if getattr(self.instance, name) == services.YES]
            )
        for name, field in self.fields.items():
            model_field = Client._meta.get_field(name) if name in services.CLIENT_FIELDS else None
            if isinstance(model_field, HudFieldMixin):
                field.error_messages["required"] = model_field.error_messages["blank"]
                if not field.help_text and model_field.hud_element:
                    field.help_text = _("HUD %(element)s") % {"element": model_field.hud_element}
            if isinstance(field, forms.TypedChoiceField):
                field.choices = [("", _("- Select -")), *[c for c in field.choices if c[0] != ""]]
        # 3.07 is for adults; the service says when it is missing for one.
        self.fields["veteran_status"].required = False
        # A stored SSN never goes into the page: the box shows it masked, and leaving the mask keeps the number.
        self.ssn_mask = ""
        if self.instance.pk and self.instance.ssn:
            self.ssn_mask = selectors.masked_ssn(self.instance.ssn) or HIDDEN_SSN
            self.initial["ssn"] = self.ssn_mask
            self.fields["ssn"].help_text = _(
                "Only the last four digits are shown. Leave them to keep the number, or type the full number to "
                "replace it (HUD 3.02.1)."
            )
        organizations = organizations or []
        if self.instance.pk or len(organizations) <= 1:
            del self.fields["owner_org"]
        else:
            self.fields["owner_org"].queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.ssn_mask and (data.get("ssn") or "").strip() == self.ssn_mask:
            data["ssn"] = self.instance.ssn  # unchanged
            return data
        ssn = services.normalize_ssn(data.get("ssn"))
        if ssn and not re.fullmatch(r"[0-9x]{1,9}", ssn):
            self.add_error("ssn", _("3.02 Social Security Number: use digits, and x for digits you do not know."))
        elif ssn and len(ssn) < 9 and data.get("ssn_data_quality") == services.PARTIAL:
            ssn = ssn.rjust(9, "x")  # the digits known are the last ones, as people usually give them
        data["ssn"] = ssn
        return data

    def _post_clean(self) -> None:
        """Parse only; the service validates the record."""

    def client_fields(self) -> dict[str, Any]:
        """The cleaned input as keyword arguments for ``client_create``/``client_update``."""
        data = self.cleaned_data
        values = {name: data.get(name) for name in self._meta.fields}
        for name in ("name_data_quality", "ssn_data_quality", "dob_data_quality", "race_none", "sex", "veteran_status"):
            values[name] = None if values[name] in ("", None) else int(values[name])
        chosen = set(data.get("race") or [])
        values.update({name: services.YES if name in chosen else services.NO for name in services.RACE_FIELDS})
        return values
