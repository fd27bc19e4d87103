"""Forms of a stay. Data-collection forms are built from the collection rules and the model fields' HUD metadata."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth import standards
from hearth.core.forms import HearthForm

from . import collection as rules
from . import services
from .collection import Collection, Question
from .models import CurrentLivingSituation


def _code_choices(list_id: str, blank: str | None = None) -> list[tuple[Any, Any]]:
    choices: list[tuple[Any, Any]] = list(standards.display_choices(list_id))
    return ([("", blank)] if blank is not None else []) + choices


def question_formfield(question: Question) -> forms.Field:
    """A form field for one question, from its model field (CodeField -> select of its HUD list, dates, money...)."""
    model_field = question.model_field()
    field = model_field.formfield()
    field.required = False
    field.label = services.question_label(question)
    element = getattr(model_field, "hud_element", None) or question.element
    field.help_text = _("HUD %(element)s") % {"element": element}
    if isinstance(field, forms.TypedChoiceField):
        field.choices = [("", _("Choose an answer"))] + [c for c in field.choices if c[0] not in ("", None)]
    return field


class StageForm(HearthForm):
    """One household member's answers for one stage (project start, update, annual assessment, exit)."""

    def __init__(self, *args: Any, collection: Collection, title: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.collection = collection
        self.title = title
        for question in collection.questions:
            self.fields[question.key] = question_formfield(question)
        for question in collection.questions:
            widget = self.fields[question.key].widget
            if question.when:
                clauses = [[[key, sorted(values, key=str)] for key, values in clause] for clause in question.when]
                widget.attrs["data-when"] = json.dumps(clauses)
            if question.required and not question.when:
                # Always asked: marked required, with HUD's plain-language message instead of Django's.
                self.fields[question.key].required = True
                self.fields[question.key].error_messages["required"] = services.missing_message(question)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for key, message in services.check_answers(self.collection, data).items():
            if key not in self.errors:
                self.add_error(key, message)
        return data

    def groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(element, its name, bound fields) in HUD's order, for fieldsets."""
        return [
            (element, rules.element_name(element), [self[q.key] for q in questions])
            for element, questions in self.collection.by_element()
        ]

    def answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class HouseholdForm(HearthForm):
    """Step 1 of a project start: the project, the date, and each member's relationship to the head (3.15)."""

    project = forms.ModelChoiceField(queryset=None, label=_("Project"), empty_label=_("Choose a project"))
    entry_date = forms.DateField(label=_("Project start date"), help_text=_("HUD 3.10"), widget=forms.DateInput)

    def __init__(self, *args: Any, projects: Any, clients: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: f"{p.project_name} ({p.get_project_type_display()})"
        self.clients = clients
        for index, client in enumerate(clients):
            self.fields[f"rel_{client.pk}"] = forms.TypedChoiceField(
                label=_("Relationship of %(name)s to the head of household") % {"name": client},
                choices=_code_choices("3.15.1", blank=str(_("Choose a relationship"))),
                coerce=int,
                help_text=_("HUD 3.15"),
                initial=1 if index == 0 else None,
            )
        self.order_fields(["project", "entry_date"])

    def clean_entry_date(self) -> date:
        day = self.cleaned_data["entry_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("3.10: The project start date cannot be in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        relationships = [data.get(f"rel_{c.pk}") for c in self.clients]
        if all(r is not None for r in relationships) and relationships.count(1) != 1:
            self.add_error(
                None,
                _("3.15: A household needs exactly one head of household (relationship 'Self'); this one has %(n)s.")
                % {"n": relationships.count(1)},
            )
        return data

    def member_fields(self) -> list[tuple[Any, forms.BoundField]]:
        return [(client, self[f"rel_{client.pk}"]) for client in self.clients]


class AssessmentDateForm(HearthForm):
    information_date = forms.DateField(label=_("Information date"), help_text=_("HUD 5.03"), widget=forms.DateInput)


class ExitForm(HearthForm):
    exit_date = forms.DateField(label=_("Exit date"), help_text=_("HUD 3.11"), widget=forms.DateInput)


class MoveInForm(HearthForm):
    move_in_date = forms.DateField(label=_("Housing move-in date"), help_text=_("HUD 3.20"), widget=forms.DateInput)


class ServiceDetailsForm(HearthForm):
    """One service of one kind (RecordType): its date, TypeProvided from that kind's HUD list, and its details.

    The details (V2 sub-type and "other" text, V3/W2 amounts and dates, P2 outcome, ...) come from
    ``collection.service_questions``; fields are named after Services.csv's fields.
    """

    date_provided = forms.DateField(label=_("Date provided"), widget=forms.DateInput)

    def __init__(self, *args: Any, record_type: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.record_type = record_type
        self.collection = rules.service_questions(record_type)
        for question in self.collection.questions:
            field = question_formfield(question)
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput()
            if question.required and not question.when:
                field.required = True
                field.error_messages["required"] = services.missing_message(question)
            if question.when:
                clauses = [
                    [[key.removeprefix("service__"), sorted(values, key=str)] for key, values in clause]
                    for clause in question.when
                ]
                field.widget.attrs["data-when"] = json.dumps(clauses)
            self.fields[question.field] = field
        type_list = next(
            (
                r["list"]
                for r in standards.conditional_rules("Services.csv", "TypeProvided")
                if f"= {record_type} " in r["rule"]
            ),
            None,
        )
        type_field = self.fields["type_provided"]
        type_field.required = True
        type_field.help_text = _("HUD %(element)s") % {"element": type_list or self.collection.elements[0]}
        type_field.choices = [("", _("Choose an answer")), *_code_choices(type_list)] if type_list else []
        if "sub_type_provided" in self.fields:
            groups: list[tuple[Any, Any]] = [("", _("Choose an answer"))]
            for rule in standards.conditional_rules("Services.csv", "SubTypeProvided"):
                if f"= {record_type} " in rule["rule"]:
                    type_code = int(rule["rule"].split("TypeProvided = ")[-1].split()[0])
                    groups.append((standards.display_label(str(type_list), type_code), _code_choices(rule["list"])))
            self.fields["sub_type_provided"].choices = groups
        self.order_fields(["date_provided", "type_provided"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        answers = {f"service__{name}": value for name, value in data.items()}
        for key, message in services.check_answers(self.collection, answers).items():
            name = key.removeprefix("service__")
            if name not in self.errors:
                self.add_error(name, message)
        return data


class HeadOfHouseholdForm(HearthForm):
    """3.15 for every member of a household: who is the head ("Self") and how the others are related to them."""

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[str(member.pk)] = forms.TypedChoiceField(
                label=_("Relationship of %(name)s to the head of household") % {"name": member.client},
                choices=_code_choices("3.15.1", blank=str(_("Choose a relationship"))),
                coerce=int,
                required=False,
                help_text=_("HUD 3.15"),
                initial=member.relationship_to_hoh,
            )

    def relationships(self) -> dict[int, int | None]:
        return {m.pk: self.cleaned_data.get(str(m.pk)) for m in self.members}

    def rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(member, self[str(member.pk)]) for member in self.members]


class CurrentLivingSituationForm(HearthForm):
    information_date = forms.DateField(label=_("Date of contact"), help_text=_("HUD 4.12.1"), widget=forms.DateInput)
    current_living_situation = forms.TypedChoiceField(label=_("Current living situation"), coerce=int)
    location_details = forms.CharField(label=_("Location details"), max_length=250, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = CurrentLivingSituation._meta.get_field("current_living_situation")
        self.fields["current_living_situation"].choices = [("", _("Choose an answer")), *field.choices]
        self.fields["current_living_situation"].help_text = _("HUD 4.12.2")


class CaseNoteForm(HearthForm):
    note_date = forms.DateField(label=_("Date"), widget=forms.DateInput)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


class FileForm(HearthForm):
    upload = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class BedNightForm(HearthForm):
    night = forms.DateField(label=_("Night of"), help_text=_("HUD 4.14"), widget=forms.DateInput)


__all__ = [
    "AssessmentDateForm",
    "BedNightForm",
    "CaseNoteForm",
    "CurrentLivingSituationForm",
    "ExitForm",
    "FileForm",
    "HeadOfHouseholdForm",
    "HouseholdForm",
    "MoveInForm",
    "ServiceDetailsForm",
    "StageForm",
]
