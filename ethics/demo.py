"""Demo data for the ethics committee: the West Midlands committee, its members and terms of reference,
the seed's second formal meeting recorded in full (with the first meeting, where the IOM model was
first heard), and a third meeting planned to hear the Priorities paper again.

Everything is made through the services, as the secretary would, so statuses, history and the
prerequisite checks are what real use would leave.
"""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dpia.models import Screening
from ethics import demo_minutes as seed
from ethics.models import (
    AttendanceKind,
    Case,
    CaseAction,
    CasePaper,
    Committee,
    Hearing,
    ItemKind,
    Meeting,
    MeetingStatus,
)
from ethics.services import (
    ActionLine,
    ConditionLine,
    action_complete,
    agenda_add_case,
    agenda_add_item,
    attendance_add,
    case_submit,
    committee_create,
    hearing_save_minutes,
    meeting_change_status,
    meeting_create,
    meeting_update,
    member_add,
    paper_add,
)
from governance.models import Organisation, Project, User

COMMITTEE = "West Midlands Police and Crime Commissioner and Chief Constable's Ethics Committee"

MEMBERS = [
    # (name, role, account username or None)
    ("Professor Elizabeth Hart", "chair", None),
    ("Amir Malik", "independent", "member"),
    ("Dr Priya Sharma", "independent", None),
    ("Gareth Lloyd", "independent", None),
    ("Peter Fussey", "independent", None),
    ("Claire Paterson-Young", "independent", None),
    ("Jonathan Jardine", "other", None),
    ("DCC Louisa Rolfe", "other", None),
]

CASES = [
    # (key, reference, title, kind, project name, summary)
    (
        "iom",
        "DAL_2018_0001_IOM_model",
        "Integrated Offender Management (IOM) model",
        "predictive",
        "Integrated Offender Management (IOM) model",
        "A model scoring the harm of individuals' offending to help offender managers prioritise high and medium "
        "risk offenders and find early intervention opportunities.",
    ),
    (
        "rasso",
        "DAL_2019_0001_RASSO_analysis",
        "Sexual offences analysis",
        "explanatory",
        "RASSO analysis",
        "An explanatory model of rape and serious sexual offence investigations, to find which elements raise or "
        "lower the probability of a charge and so improve outcomes for victims.",
    ),
    (
        "priorities",
        "DAL_2018_0002_Priorities",
        "Priorities",
        "exploratory",
        "Priorities",
        "An exploratory study of emergency calls, dispatch and arrival times and officer injuries, to reduce "
        "response times without increasing the risk to officers.",
    ),
    (
        "disproportionality",
        "DAL_2019_0003_Disproportionality",
        "Disproportionality",
        "descriptive",
        "Disproportionality",
        "A descriptive analysis of crime, stop and search, use of force and custody data to find "
        "disproportionality in the force's practices.",
    ),
    (
        "youth",
        "DAL_2019_0004_Youth and MSV",
        "Youth and most serious violence",
        "explanatory",
        "Youth and most serious violence",
        "An explanatory model of the factors that may lead young people under 25 to commit the most serious violence.",
    ),
]


def paper_pdf(title: str, text: str) -> bytes:
    """A small, valid one-page PDF holding a paper's title and summary."""

    def escape(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    words, lines, line = text.encode("latin-1", "replace").decode("latin-1").split(), [], ""
    for word in words:
        if len(line) + len(word) > 85:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    lines.append(line)
    body = "BT /F1 16 Tf 56 780 Td (" + escape(title) + ") Tj /F1 11 Tf 0 -30 Td 14 TL"
    body += "".join(f" ({escape(text_line)}) '" for text_line in lines) + " ET"
    stream = body.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _record(hearing: Hearing, actor: User, minutes: dict[str, Any], due_on: datetime.date | None) -> Hearing:
    hearing.refresh_from_db()
    return hearing_save_minutes(
        hearing=hearing,
        actor=actor,
        expected_version=hearing.version,
        questions=minutes["questions"],
        actions=[ActionLine(None, text, owner, due_on) for text, owner in minutes["actions"]],
        conditions=[ConditionLine(None, text) for text in minutes.get("conditions", [])],
        heading=minutes["heading"],
        presenters=minutes["presenters"],
        overview=minutes["overview"],
        positive_comments=minutes["positive_comments"],
        questions_to_address=minutes["questions_to_address"],
        recommendations=minutes["recommendations"],
        option=minutes["option"],
        vote="unanimous",
        advice=minutes["advice"],
    )


def _move(meeting: Meeting, actor: User, *statuses: MeetingStatus) -> Meeting:
    for status in statuses:
        meeting = meeting_change_status(meeting=meeting, actor=actor, status=status, expected_version=meeting.version)
    return meeting


def _approve_and_publish(meeting: Meeting, actor: User, approved_on: datetime.date) -> Meeting:
    meeting = _move(
        meeting, actor, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_APPROVED, MeetingStatus.PUBLISHED
    )
    at = timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(10)))
    Meeting.objects.filter(pk=meeting.pk).update(minutes_approved_at=at, published_at=at)
    return meeting


def _attend(meeting: Meeting, actor: User, members: dict[str, Any], present: list[str], apologies: list[str]) -> None:
    for name in present:
        attendance_add(meeting=meeting, actor=actor, kind=AttendanceKind.PRESENT, member=members[name])
    for name in apologies:
        attendance_add(meeting=meeting, actor=actor, kind=AttendanceKind.APOLOGIES, member=members[name])
    for initials in ("DP", "RE"):
        attendance_add(
            meeting=meeting,
            actor=actor,
            kind=AttendanceKind.GUEST,
            name=initials,
            initials=initials,
            role="Data Analytics Lab, presenting the papers",
            is_staff=True,
        )


def load(stdout: TextIO) -> None:
    if Committee.objects.exists():
        stdout.write("Ethics committee: already loaded.\n")
        return
    people = {person.username: person for person in User.objects.filter(organisation__isnull=False)}
    secretary, analyst = people["secretary"], people["analyst"]
    wmp = Organisation.objects.get(short_code="WMP")
    projects = {p.name: p for p in Project.objects.filter(organisation=wmp)}
    today = timezone.localdate()
    first_day, second_day, third_day = (
        today - datetime.timedelta(days=260),
        today - datetime.timedelta(days=170),
        today + datetime.timedelta(days=24),
    )

    committee = committee_create(
        actor=secretary,
        name=COMMITTEE,
        description="Advises the Police and Crime Commissioner and Chief Constable on proposals from the force's "
        "Data Analytics Lab. It meets about quarterly and publishes its papers and minutes. It advises; it does "
        "not decide.",
        terms_from=first_day - datetime.timedelta(days=60),
    )
    members = {
        name: member_add(
            committee=committee,
            actor=secretary,
            name=name,
            role=role,
            starts_on=first_day - datetime.timedelta(days=60),
            person=people[username] if username else None,
        )
        for name, role, username in MEMBERS
    }
    chair = members["Professor Elizabeth Hart"]

    cases: dict[str, Case] = {}
    for key, reference, title, kind, project_name, summary in CASES:
        project = projects[project_name]
        case = case_submit(
            actor=analyst,
            committee=committee,
            project=project,
            reference=reference,
            title=title,
            kind=kind,
            team="Data Analytics Lab",
            summary=summary,
            screening=Screening.objects.filter(project=project).order_by("pk").first(),
        )
        paper_add(
            case=case,
            actor=analyst,
            upload=SimpleUploadedFile(f"{reference}.pdf", paper_pdf(title, summary), "application/pdf"),
        )
        submitted = (
            first_day - datetime.timedelta(days=21) if key == "iom" else second_day - datetime.timedelta(days=28)
        )
        at = timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(9)))
        Case.objects.filter(pk=case.pk).update(created_at=at)
        CasePaper.objects.filter(case=case).update(uploaded_at=at)
        cases[key] = case

    # The first formal meeting: the IOM model heard, more context needed.
    first = meeting_create(
        actor=secretary,
        committee=committee,
        date=first_day,
        start_time=datetime.time(10),
        place="Lloyd House, Birmingham",
        chair=chair,
    )
    _attend(first, secretary, members, [name for name, _, _ in MEMBERS], [])
    hearing = agenda_add_case(meeting=first, case=cases["iom"], actor=secretary)
    first = _move(first, secretary, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    _record(hearing, secretary, seed.IOM_FIRST, first_day + datetime.timedelta(days=60))
    first = meeting_update(meeting=first, actor=secretary, expected_version=first.version, closed_at=datetime.time(13))
    _approve_and_publish(first, secretary, first_day + datetime.timedelta(days=21))

    # The second formal meeting, as the seed minutes record it.
    second = meeting_create(
        actor=secretary,
        committee=committee,
        date=second_day,
        start_time=datetime.time(10),
        place="Lloyd House, Birmingham",
        chair=chair,
    )
    apologies = ["Jonathan Jardine", "DCC Louisa Rolfe", "Peter Fussey", "Claire Paterson-Young"]
    present = [name for name, _, _ in MEMBERS if name not in apologies]
    _attend(second, secretary, members, present, apologies)
    attendance_add(
        meeting=second,
        actor=secretary,
        kind=AttendanceKind.GUEST,
        name="Chief Inspector Jane Bailey",
        initials="JB",
        role="the West Midlands Police lead for offender management, present to answer questions on the IOM model",
        is_staff=True,
    )
    order = [("iom", seed.IOM), ("rasso", seed.RASSO), ("priorities", seed.PRIORITIES)]
    order += [("disproportionality", seed.DISPROPORTIONALITY), ("youth", seed.YOUTH)]
    hearings = {key: agenda_add_case(meeting=second, case=cases[key], actor=secretary) for key, _ in order}
    for kind, title, time, description in [
        (ItemKind.EVENT, "The meeting was paused for lunch", datetime.time(12, 30), ""),
        (ItemKind.EVENT, "The meeting was paused for a break", None, ""),
        (
            ItemKind.ITEM,
            "Data Protection/GDPR training session",
            None,
            "Outlining generally how WMP store and protect data in compliance with Data Protection laws.",
        ),
    ]:
        agenda_add_item(meeting=second, actor=secretary, kind=kind, title=title, time=time, description=description)
    second = _move(second, secretary, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    for key, minutes in order:
        _record(hearings[key], secretary, minutes, second_day + datetime.timedelta(days=60))
    second = meeting_update(
        meeting=second,
        actor=secretary,
        expected_version=second.version,
        welcome=seed.WELCOME,
        general_comments=seed.GENERAL_COMMENTS,
        closed_at=datetime.time(15),
    )
    _approve_and_publish(second, secretary, second_day + datetime.timedelta(days=28))
    for action in CaseAction.objects.filter(hearing__meeting=first):
        action_complete(
            action=action,
            actor=secretary,
            note="Chief Inspector Jane Bailey attended the second formal meeting to answer the committee's questions.",
        )
    action_complete(
        action=CaseAction.objects.get(hearing=hearings["disproportionality"], owner="RE"),
        actor=secretary,
        note="RE discussed it with the Chief Constable; the results will be published with the force's fairness "
        "report.",
    )
    CaseAction.objects.filter(done_at__isnull=False).update(
        done_at=timezone.make_aware(
            datetime.datetime.combine(second_day + datetime.timedelta(days=35), datetime.time(9))
        )
    )

    # The third formal meeting, planned: the Priorities paper heard again with the information asked for.
    third = meeting_create(
        actor=secretary,
        committee=committee,
        date=third_day,
        start_time=datetime.time(10),
        place="Lloyd House, Birmingham",
        chair=chair,
    )
    agenda_add_case(meeting=third, case=cases["priorities"], actor=secretary)
    agenda_add_item(
        meeting=third,
        actor=secretary,
        kind=ItemKind.EVENT,
        title="The meeting will pause for lunch",
        time=datetime.time(12, 30),
    )
    stdout.write(
        f"Ethics committee: {Meeting.objects.count()} meetings, {Case.objects.count()} cases, "
        f"{Hearing.objects.count()} hearings.\n"
    )
