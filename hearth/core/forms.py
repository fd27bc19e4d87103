"""Form helpers shared by every app: USWDS classes on widgets, so templates stay plain."""

from __future__ import annotations

from typing import Any

from django import forms

_WIDGET_CLASSES = {
    forms.Select: "usa-select",
    forms.SelectMultiple: "usa-select",
    forms.Textarea: "usa-textarea",
    forms.CheckboxInput: "usa-checkbox__input",
    forms.ClearableFileInput: "usa-file-input",
}


class UswdsFormMixin:
    """Give each widget the USWDS class for its kind, and date inputs the browser's date picker."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            css = next((c for kind, c in _WIDGET_CLASSES.items() if isinstance(widget, kind)), "usa-input")
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class HearthModelForm(UswdsFormMixin, forms.ModelForm):
    pass


class HearthForm(UswdsFormMixin, forms.Form):
    pass
