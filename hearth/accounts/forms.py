from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from hearth.core.forms import HearthForm


class CodeForm(HearthForm):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        help_text=_("Six digits. A new code appears every 30 seconds."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class StaffGrantForm(HearthForm):
    organization = forms.ChoiceField(label=_("Agency"))
    role = forms.ChoiceField(label=_("Role"))
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("An existing user gets the role in addition to their others; a new name creates an account."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args: Any, organizations: list[tuple[int, str]], roles: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organizations
        self.fields["role"].choices = roles


class AgreementForm(HearthForm):
    agree = forms.BooleanField(label=_("I have read the user agreement and will follow it."))
    signature = forms.CharField(label=_("Type your full name as your signature"), max_length=150)
