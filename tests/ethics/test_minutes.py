"""The minutes as PDF in the seed's structure, the public version, and the advice letter."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ethics.models import AttendanceKind, MeetingStatus
from ethics.services import agenda_add_item, attendance_add, hearing_save_minutes, meeting_update
from tests.ethics.conftest import approved, decide, held, move, submit
from tests.pdf import pdf_pages, pdf_text


@pytest.fixture
def recorded(committee, personas):
    """A meeting with two papers, apologies, a staff guest and a confidential item, its minutes approved."""
    rasso = submit(committee, personas.analyst)
    iom = submit(committee, personas.analyst, reference="DAL_2018_0001_IOM_model", title="IOM model")
    meeting, (first, second) = held(committee, personas.secretary, [iom, rasso])
    secretary = personas.secretary
    attendance_add(meeting=meeting, actor=secretary, kind=AttendanceKind.APOLOGIES, name="Jonathan Jardine")
    attendance_add(meeting=meeting, actor=secretary, kind=AttendanceKind.APOLOGIES, name="DCC Louisa Rolfe")
    attendance_add(
        meeting=meeting,
        actor=secretary,
        kind=AttendanceKind.GUEST,
        name="Chief Inspector Jane Bailey",
        initials="JB",
        role="lead for offender management",
        is_staff=True,
    )
    first.refresh_from_db()
    hearing_save_minutes(
        hearing=first,
        actor=secretary,
        expected_version=first.version,
        presenters="DP and RE",
        overview="Chief Inspector Jane Bailey (JB) was present to answer questions.\nThe model prioritises offenders.",
        questions=[("Is reverse feedback being tried?", "Jane Bailey answered that 6k are managed.")],
        positive_comments="Thanks to the team.",
        option="E",
        vote="unanimous",
        advice="Ask the Lab for more information.",
    )
    decide(second, secretary, "C", conditions=("Results come back to the committee to discuss.",))
    agenda_add_item(
        meeting=meeting,
        actor=secretary,
        kind="event",
        title="The meeting was paused for lunch",
        time=datetime.time(12, 30),
    )
    agenda_add_item(meeting=meeting, actor=secretary, kind="item", title="Staffing of the Lab", confidential=True)
    agenda_add_item(meeting=meeting, actor=secretary, kind="item", title="Data Protection/GDPR training session")
    meeting.refresh_from_db()
    meeting = meeting_update(
        meeting=meeting, actor=secretary, expected_version=meeting.version, closed_at=datetime.time(15)
    )
    return approved(meeting, secretary), first, second


def minutes(client, user, meeting, version="full"):
    client.force_login(user)
    response = client.get(reverse("ethics:minutes_pdf", args=[meeting.pk, version]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_the_minutes_hold_each_paper_its_option_and_the_apologies(client, personas, recorded):
    meeting, iom, rasso = recorded
    text = pdf_text(minutes(client, personas.secretary, meeting))
    assert "Apologies were received from DCC Louisa Rolfe and Jonathan Jardine." in text
    assert "The Chair welcomed everyone to the" in text
    for reference in ("DAL_2018_0001_IOM_model", "DAL_2019_0001_RASSO_analysis"):
        assert reference in text
    assert "Is reverse feedback being tried? Jane Bailey answered that 6k are managed." in text
    assert "Committee advice and recommendations" in text
    assert "Option ‘E’: Not yet able to advise." in text and "Option ‘C’: Proceed with major amendments." in text
    assert "meaning: Not yet able to advise the Police and Crime Commissioner" in text
    assert "Results come back to the committee to discuss." in text
    assert "The meeting was paused for lunch at 12:30." in text
    assert "Data Protection/GDPR training session" in text and "Staffing of the Lab" in text
    assert text.index("DAL_2018_0001_IOM_model") < text.index("Committee advice and recommendations")
    assert "The meeting closed at 15:00." in text


def test_every_page_carries_the_marking(client, personas, recorded):
    meeting, _, _ = recorded
    pages = pdf_pages(minutes(client, personas.secretary, meeting))
    assert all(page.count("OFFICIAL-SENSITIVE") >= 2 for page in pages)


def test_the_public_version_names_staff_by_initials_and_leaves_out_confidential_items(client, personas, recorded):
    meeting, _, _ = recorded
    text = pdf_text(minutes(client, personas.secretary, meeting, "public"))
    assert "Jane Bailey" not in text
    assert "JB, lead for offender management" in text
    assert "JB was present to answer questions." in text and "JB answered that 6k are managed." in text
    assert "Staffing of the Lab" not in text
    assert "Data Protection/GDPR training session" in text
    assert "public version" in text


def test_draft_minutes_say_so(client, committee, personas, case):
    meeting, (hearing,) = held(committee, personas.secretary, [case])
    assert "DRAFT: not yet approved" in pdf_text(minutes(client, personas.secretary, meeting))


def test_an_amendment_is_listed_in_the_full_minutes(client, personas, recorded):
    meeting, iom, _ = recorded
    iom.refresh_from_db()
    hearing_save_minutes(
        hearing=iom,
        actor=personas.secretary,
        expected_version=iom.version,
        reason="Misheard at the meeting.",
        presenters="DP",
    )
    text = pdf_text(minutes(client, personas.secretary, meeting))
    assert "Amendments made after approval" in text and "Misheard at the meeting." in text
    assert "Amendments made after approval" not in pdf_text(minutes(client, personas.secretary, meeting, "public"))


def test_the_advice_letter(client, personas, recorded):
    _, _, rasso = recorded
    client.force_login(personas.analyst)
    response = client.get(reverse("ethics:advice_letter", args=[rasso.pk]))
    text = pdf_text(response.content)
    assert "To the Police and Crime Commissioner and Chief Constable" in text
    assert "Option ‘C’: Proceed with major amendments" in text
    assert "unanimously voted in favour of option ‘C’ under its Terms of Reference (version 1)" in text
    assert "Results come back to the committee to discuss." in text
    assert "DAL_2019_0001_RASSO_analysis" in text


def test_no_letter_before_an_option_is_chosen(client, committee, personas, case):
    _, (hearing,) = held(committee, personas.secretary, [case])
    client.force_login(personas.secretary)
    assert client.get(reverse("ethics:advice_letter", args=[hearing.pk])).status_code == 404


def test_published_minutes_are_public_to_everyone_signed_in(client, personas, recorded):
    meeting, _, _ = recorded
    client.force_login(personas.outsider)
    assert client.get(reverse("ethics:minutes_pdf", args=[meeting.pk, "public"])).status_code == 404
    meeting = move(meeting, personas.secretary, MeetingStatus.PUBLISHED)
    assert "Jane Bailey" not in pdf_text(minutes(client, personas.outsider, meeting, "public"))
    assert client.get(reverse("ethics:minutes_pdf", args=[meeting.pk, "full"])).status_code == 404
    assert client.get(reverse("ethics:minutes_pdf", args=[meeting.pk, "other"])).status_code == 404
