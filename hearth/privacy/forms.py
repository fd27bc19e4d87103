from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import SecurityPolicy
from hearth.core.forms import HearthForm, HearthModelForm
from hearth.directory.models import Organization

from .models import Consent, SharingPolicy


class ConsentForm(HearthModelForm):
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies (when sharing with named agencies)"),
        queryset=Organization.objects.none(),
        required=False,
    )

    class Meta:
        model = Consent
        fields = ["signed_on", "expires_on", "scope", "agencies", "method", "typed_signature", "document"]
        widgets = {"signed_on": forms.DateInput(), "expires_on": forms.DateInput(), "scope": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Organization.objects.alive().order_by("organization_name")
        self.fields["scope"].widget.attrs.pop("class", None)


class RevokeForm(HearthForm):
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class PolicyForm(HearthForm):
    sharing_model = forms.ChoiceField(label=_("Sharing model"), choices=SharingPolicy.Model.choices)
    mfa_for_all_users = forms.BooleanField(
        label=SecurityPolicy._meta.get_field("mfa_for_all_users").verbose_name, required=False
    )
    lead_approves_access = forms.BooleanField(
        label=SecurityPolicy._meta.get_field("lead_approves_access").verbose_name, required=False
    )


class RestrictionForm(HearthForm):
    confidential = forms.BooleanField(label=_("Confidential: keep this record within our agency"), required=False)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=200, required=False)
