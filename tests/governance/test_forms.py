from __future__ import annotations

import datetime
from typing import cast

import pytest
from django import forms

from governance.forms import GovUKDateField, GovUKForm
from governance.forms.rendering import GovUKBoundField


class ExampleForm(GovUKForm):
    commence = GovUKDateField(label="Date on which processing will commence", help_text="For example, 18 11 2019")
    volume = forms.ChoiceField(
        label="How many individuals will the processing affect?",
        choices=[("a", "Fewer than 100"), ("b", "More than 100")],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label="Project Proposal Name")


def _data(day="18", month="11", year="2019", **extra):
    return {
        "commence_0": day,
        "commence_1": month,
        "commence_2": year,
        "volume": "a",
        "name": "NDAS",
        **extra,
    }


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter date on which processing will commence"),
        ("18", "", "2019", "Date on which processing will commence must include a month"),
        ("", "", "2019", "Date on which processing will commence must include a day and month"),
        ("31", "2", "2019", "Date on which processing will commence must be a real date"),
        ("x", "2", "2019", "Date on which processing will commence must be a real date"),
        ("1", "2147483648", "2019", "Date on which processing will commence must be a real date"),  # overflow
        ("1", "2", "19", "Date on which processing will commence must include a year with 4 numbers"),
    ],
)
def test_date_errors_say_what_is_wrong(day, month, year, message):
    form = ExampleForm(_data(day, month, year))
    assert not form.is_valid()
    assert form.errors["commence"] == [message]


def test_a_whole_date_is_read():
    form = ExampleForm(_data())
    assert form.is_valid()
    assert form.cleaned_data["commence"] == datetime.date(2019, 11, 18)


def test_the_date_input_keeps_what_was_typed_and_links_errors_to_the_day():
    form = ExampleForm(_data(month=""))
    form.is_valid()
    html = str(form)
    assert 'name="commence_0" type="text" inputmode="numeric" value="18"' in html
    assert 'aria-describedby="id_commence-hint id_commence-error"' in html
    assert cast(GovUKBoundField, form["commence"]).anchor == "id_commence_0"


def test_radios_and_labels_render_as_govuk_components():
    html = str(ExampleForm())
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How many individuals will the '
        "processing affect?</legend>" in html
    )
    assert 'class="govuk-radios__input" id="id_volume_0"' in html
    assert '<label class="govuk-label govuk-label--s" for="id_name">Project Proposal Name</label>' in html
    assert "required" not in html  # GOV.UK pages validate on the server, not with browser bubbles


def test_required_messages_name_the_question():
    form = ExampleForm({})
    form.is_valid()
    assert form.errors["name"] == ["Enter project proposal name"]
    assert form.errors["volume"] == ["Select how many individuals will the processing affect"]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Project name", "project name"),
        ("ICO registration number", "ICO registration number"),
        ("Data Protection Officer", "data protection officer"),
        ("Information asset owner", "information asset owner"),
    ],
)
def test_labels_read_naturally_inside_messages(label, expected):
    class One(GovUKForm):
        field = forms.CharField(label=label)

    form = One({})
    form.is_valid()
    assert form.errors["field"] == [f"Enter {expected}"]


def test_a_fields_own_width_class_is_kept_beside_the_govuk_class():
    class Sized(GovUKForm):
        years = forms.IntegerField(label="Period", widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}))

    html = str(Sized()["years"])
    assert 'class="govuk-input govuk-input--width-4"' in html
    assert 'class="govuk-input govuk-input--error govuk-input--width-4"' in str(Sized({"years": "x"})["years"])
