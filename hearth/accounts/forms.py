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


QUIZ_MAX_ANSWERS = 6


class QuizQuestionForm(HearthForm):
    """A quiz question with up to six answers, each in English and Spanish, and which answer is right.

    The Spanish is optional: where it is blank, Spanish-speaking users see the English. Blank answer rows are
    dropped (the others keep their order)."""

    text = forms.CharField(label=_("Question (English)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    text_es = forms.CharField(
        label=_("Question (Spanish)"),
        widget=forms.Textarea(attrs={"rows": 2, "lang": "es"}),
        max_length=1000,
        required=False,
        help_text=_("Leave blank to show the English to Spanish-speaking users."),
    )
    correct = forms.TypedChoiceField(
        label=_("Right answer"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, QUIZ_MAX_ANSWERS + 1)],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the right answer.")},
    )

    def __init__(self, *args: Any, question: Any = None, **kwargs: Any):
        if question is not None and "initial" not in kwargs:
            initial: dict[str, Any] = {"text": question.text, "text_es": question.text_es,
                                       "correct": question.correct + 1}  # fmt: skip
            spanish = list(question.choices_es or [])
            for i, english in enumerate(question.choices[:QUIZ_MAX_ANSWERS], start=1):
                initial[f"answer_{i}"] = english
                initial[f"answer_{i}_es"] = spanish[i - 1] if i - 1 < len(spanish) else ""
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for i in range(1, QUIZ_MAX_ANSWERS + 1):
            self.fields[f"answer_{i}"] = forms.CharField(
                label=_("Answer %(n)s (English)") % {"n": i}, max_length=500, required=False,
                widget=forms.TextInput(attrs={"class": "usa-input"}),
            )  # fmt: skip
            self.fields[f"answer_{i}_es"] = forms.CharField(
                label=_("Answer %(n)s (Spanish)") % {"n": i}, max_length=500, required=False,
                widget=forms.TextInput(attrs={"class": "usa-input", "lang": "es"}),
            )  # fmt: skip

    def answer_rows(self) -> list[dict[str, Any]]:
        """Per answer slot: its number, English and Spanish fields, and whether it is marked right."""
        chosen = str(self["correct"].value() or "")
        return [
            {
                "number": i,
                "english": self[f"answer_{i}"],
                "spanish": self[f"answer_{i}_es"],
                "checked": chosen == str(i),
            }
            for i in range(1, QUIZ_MAX_ANSWERS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = []
        for i in range(1, QUIZ_MAX_ANSWERS + 1):
            english = (data.get(f"answer_{i}") or "").strip()
            spanish = (data.get(f"answer_{i}_es") or "").strip()
            if spanish and not english:
                self.add_error(f"answer_{i}", _("Write this answer in English too (the Spanish is optional)."))
            elif english:
                filled.append(i)
        if len(filled) < 2:
            for i in range(1, 3):
                if i not in filled and f"answer_{i}" not in self.errors:
                    self.add_error(f"answer_{i}", _("A question needs at least two answers."))
        correct = data.get("correct")
        if correct and correct not in filled:
            self.add_error("correct", _("The right answer must be one of the answers written above."))
        if not self.errors:
            data["answers"] = [
                ((data[f"answer_{i}"] or "").strip(), (data[f"answer_{i}_es"] or "").strip()) for i in filled
            ]
            data["correct_index"] = filled.index(correct)
        return data
