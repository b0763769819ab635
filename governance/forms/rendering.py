"""Django forms rendered as GOV.UK Design System components.

``{{ form }}`` gives labels, hints, error messages and inputs in GOV.UK markup; the page's error
summary (``includes/error_summary.html``) links to each field. Forms opt in by subclassing
``GovUKForm`` or ``GovUKModelForm``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.utils.functional import cached_property
from django.utils.html import format_html

from governance.submissions import FIELD_NAME, new_key, sent_key

# Widgets whose parts sit in a fieldset; the error summary links to their first part.
GROUPED_WIDGETS = {"radioselect", "checkboxselectmultiple", "govukdate"}

_WIDGET_CLASSES = (
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.FileInput, "govuk-file-upload"),
    (Input, "govuk-input"),
)


class GovUKFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


class GovUKBoundField(BoundField):
    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the field, or the first of its parts."""
        return f"{self.auto_id}_0" if self.widget_type in GROUPED_WIDGETS else self.auto_id

    @property
    def is_grouped(self) -> bool:
        return self.widget_type in GROUPED_WIDGETS

    @property
    def is_nested(self) -> bool:
        """Asked inside another question's answer (a GOV.UK conditional reveal), not on its own."""
        return self.name in getattr(self.form, "nested_field_names", set())

    @property
    def options(self) -> list[dict[str, Any]]:
        """The radio or checkbox options, each with the questions it reveals and whether it excludes
        the others (a checkbox "None")."""
        reveals = getattr(self.form, "conditional_reveals", {}).get(self.name, {})
        exclusive = getattr(self.form, "exclusive_options", {}).get(self.name)
        options = []
        for subwidget in self.subwidgets:
            value = str(subwidget.data["value"])
            nested = [self.form[name] for name in reveals.get(value, [])]
            options.append(
                {
                    "widget": subwidget,
                    "id": subwidget.data["attrs"]["id"],
                    "nested": nested,
                    "conditional_id": f"conditional-{subwidget.data['attrs']['id']}" if nested else "",
                    "exclusive": value == exclusive,
                }
            )
        return options

    @property
    def described_by(self) -> str:
        ids = []
        if self.help_text:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def date_part_inputs(self) -> list[tuple[str, str, int]]:
        """Day, month and year as typed (or as stored), with their labels and input widths."""
        value = self.value()
        if isinstance(value, list | tuple):
            parts = [str(part or "") for part in value][:3] + [""] * (3 - len(value))
        elif value:
            parts = [str(value.day), str(value.month), str(value.year)]
        else:
            parts = ["", "", ""]
        return list(zip(parts, ("Day", "Month", "Year"), (2, 2, 4), strict=True))

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        attrs.pop("aria-describedby", None)
        for widget_class, css in _WIDGET_CLASSES:
            if isinstance(widget, widget_class) and not isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                # The widget's own classes (e.g. a GOV.UK width such as govuk-input--width-4) are kept.
                extra = " ".join(dict.fromkeys(f"{widget.attrs.get('class', '')} {attrs.get('class', '')}".split()))
                error = f" {css}--error" if self.errors else ""
                attrs["class"] = f"{css}{error} {extra}".strip()
                break
        if self.described_by and not self.is_grouped:
            attrs["aria-describedby"] = self.described_by
        return attrs


def _in_sentence(label: str) -> str:
    """The label as it reads inside a sentence: "Project Proposal Name" → "project proposal name",
    keeping acronyms ("ICO registration number") and question numbers ("2.6 How many…")."""
    words = label.rstrip("?:").strip().split(" ")
    title_case = all(word[:1].isupper() for word in words if word[:1].isalpha())

    def keep(word: str) -> bool:
        return (word.isupper() and len(word) > 1) or any(ch.isdigit() for ch in word)

    return " ".join(
        word if keep(word) or (index > 0 and not title_case) else word[:1].lower() + word[1:]
        for index, word in enumerate(words)
    )


def _required_message(field: forms.Field, label: str) -> str:
    if isinstance(field.widget, forms.RadioSelect | forms.Select | forms.CheckboxSelectMultiple):
        return f"Select {label}"
    return f"Enter {label}"


class GovUKFormMixin:
    """GOV.UK rendering, messages that name the field, and no browser-native validation bubbles
    (GOV.UK pages validate on the server and show an error summary instead).

    ``{{ form }}`` also renders the form's one-time submission key (``governance.submissions``), so that a
    form sent twice is acted on once. Forms sent by GET (filters) set ``one_time_key = False``: a GET
    changes nothing, and the key would only clutter the address."""

    bound_field_class: type[BoundField] | None = GovUKBoundField
    use_required_attribute = False
    one_time_key = True
    fields: dict[str, forms.Field]
    data: Any
    is_bound: bool
    prefix: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = _in_sentence(str(field.label or ""))
            if field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = _required_message(field, label)

    @cached_property
    def submission_key(self) -> str:
        """The key this form was sent with (so a form shown again with errors keeps it), or a new one."""
        return (sent_key(self.data) if self.is_bound else None) or new_key()

    @property
    def submission_key_input(self) -> str:
        """The hidden input carrying the key; nothing for a form sent by GET, or one inside a formset (the
        page's main form carries the key for the whole page)."""
        if not self.one_time_key or self.prefix:
            return ""
        return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, self.submission_key)


class GovUKForm(GovUKFormMixin, forms.Form):
    pass


class GovUKModelForm(GovUKFormMixin, forms.ModelForm):
    pass
