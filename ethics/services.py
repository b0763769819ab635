"""State changes of the ethics committee's records: terms of reference, cases and papers, meetings and
their agendas, the minutes of each hearing, the option chosen, conditions and actions."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ethics.models import (
    CASE_WORKFLOW,
    DEFAULT_OPTIONS,
    LETTERS,
    MEETING_WORKFLOW,
    MINUTES_LOCKED,
    MINUTES_OPEN,
    AdviceOption,
    AgendaItem,
    Attendance,
    Case,
    CaseAction,
    CasePaper,
    CaseStatus,
    Committee,
    CommitteeMember,
    Condition,
    Hearing,
    HearingQuestion,
    ItemKind,
    Meeting,
    MeetingStatus,
    MinutesAmendment,
    TermsOfReference,
)
from governance.models import Project, User
from governance.permissions import grant
from governance.services.common import locked_for_update, save_with_history
from governance.uploads import store
from governance.workflow import IllegalTransition, ServiceError

# The case status each option leaves it in.
OUTCOME = {
    "A": CaseStatus.ADVISED,
    "B": CaseStatus.ADVISED,
    "C": CaseStatus.CONDITIONS,
    "D": CaseStatus.ADVISED,
    "E": CaseStatus.MORE_INFORMATION,
}
# Advice under which a project may not go ahead: its access grants are suspended at once.
STOPPING = ("D", "E")


# Terms of reference ----------------------------------------------------------------------------


def terms_revise(
    *,
    committee: Committee,
    actor: User,
    effective_from: datetime.date,
    options: dict[str, tuple[str, str]],
    note: str = "",
) -> TermsOfReference:
    """A new version of the terms of reference with all five options; earlier versions, and the
    decisions made under them, keep their words."""
    if set(options) != set(LETTERS):
        raise ValidationError("Give every option, A to E.")
    empty = [letter for letter, (label, text) in options.items() if not label.strip() or not text.strip()]
    if empty:
        raise ValidationError(f"Give a label and the full text of option {', '.join(sorted(empty))}.")
    with transaction.atomic():
        Committee.objects.select_for_update().get(pk=committee.pk)
        latest = committee.terms.aggregate(v=Max("version"))["v"] or 0
        terms = TermsOfReference.objects.create(
            committee=committee, version=latest + 1, effective_from=effective_from, note=note, created_by=actor
        )
        AdviceOption.objects.bulk_create(
            AdviceOption(terms=terms, letter=letter, label=label.strip(), text=text.strip())
            for letter, (label, text) in sorted(options.items())
        )
    return terms


def committee_create(
    *, actor: User, name: str, advises: str = "", description: str = "", terms_from: datetime.date | None = None
) -> Committee:
    """A new committee with version 1 of its terms of reference: the default options, in force from
    ``terms_from`` (today unless given)."""
    if actor.organisation is None:
        raise ServiceError("Your account is not linked to an organisation.")
    with transaction.atomic():
        committee = Committee(name=name, organisation=actor.organisation, description=description)
        if advises:
            committee.advises = advises
        save_with_history(committee, actor, "Set up")
        terms_revise(
            committee=committee,
            actor=actor,
            effective_from=terms_from or timezone.localdate(),
            options=dict(DEFAULT_OPTIONS),
            note="The default options.",
        )
    return committee


def member_add(
    *,
    committee: Committee,
    actor: User,
    name: str,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    person: User | None = None,
) -> CommitteeMember:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The tenure must end after it starts"})
    name = name.strip() or (person.get_full_name() if person else "")
    if not name:
        raise ValidationError({"name": "Enter the member's name"})
    if person is not None and committee.members.filter(person=person, ends_on__isnull=True).exists():
        raise ValidationError({"person": f"{person} is already a serving member"})
    member = CommitteeMember(
        committee=committee, person=person, name=name, role=role, starts_on=starts_on, ends_on=ends_on
    )
    save_with_history(member, actor, "Joined the committee")
    return member


def member_end_tenure(*, member: CommitteeMember, actor: User, ends_on: datetime.date) -> CommitteeMember:
    """End a member's tenure. They keep reading the meetings held while they served, and no others."""
    if ends_on < member.starts_on:
        raise ValidationError({"ends_on": "The tenure must end after it starts"})
    member.ends_on = ends_on
    save_with_history(member, actor, f"Tenure ends {ends_on:%d %B %Y}")
    return member


# Cases -----------------------------------------------------------------------------------------


def case_submit(
    *,
    actor: User,
    committee: Committee,
    project: Project,
    reference: str,
    title: str,
    kind: str,
    team: str,
    summary: str,
    screening: Any = None,
) -> Case:
    if Case.objects.filter(reference=reference).exists():
        raise ValidationError({"reference": "A paper with this reference has already been submitted"})
    if screening is not None and screening.project_id != project.pk:
        raise ValidationError({"screening": "Choose a screening of this project"})
    with transaction.atomic():
        case = Case(
            reference=reference,
            title=title,
            committee=committee,
            kind=kind,
            team=team,
            organisation=project.organisation,
            project=project,
            screening=screening,
            summary=summary,
            submitted_by=actor,
        )
        save_with_history(case, actor, "Submitted to the committee")
        for person in {actor, project.lead}:
            grant(person, case, ("view", "change"))
    return case


def paper_add(*, case: Case, actor: User, upload: UploadedFile) -> CasePaper:
    paper = CasePaper(case=case)
    store(paper, upload, actor)
    return paper


def _move_case(case: Case, actor: User, status: str, reason: str) -> None:
    CASE_WORKFLOW.check(case.status, status)
    case.status = status
    case.closed_at = timezone.now() if status in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN) else None
    case.version += 1
    save_with_history(case, actor, reason)


def case_withdraw(*, case: Case, actor: User, reason: str, expected_version: int) -> Case:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is withdrawn"})
    with transaction.atomic():
        locked = locked_for_update(Case, case.pk, expected_version)
        _move_case(locked, actor, CaseStatus.WITHDRAWN, f"Withdrawn: {reason.strip()}")
    return locked


def case_close(*, case: Case, actor: User, reason: str, expected_version: int) -> Case:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is closed"})
    with transaction.atomic():
        locked = locked_for_update(Case, case.pk, expected_version)
        if locked.status == CaseStatus.CONDITIONS and locked.conditions.filter(met_at__isnull=True).exists():
            raise ValidationError("Every condition must be met before the case is closed.")
        _move_case(locked, actor, CaseStatus.CLOSED, f"Closed: {reason.strip()}")
    return locked


# Meetings and agendas --------------------------------------------------------------------------


def meeting_create(
    *,
    actor: User,
    committee: Committee,
    date: datetime.date,
    start_time: datetime.time,
    place: str,
    chair: Any = None,
    number: int | None = None,
    title: str = "",
) -> Meeting:
    with transaction.atomic():
        Committee.objects.select_for_update().get(pk=committee.pk)
        if number is None:
            number = (committee.meetings.aggregate(n=Max("number"))["n"] or 0) + 1
        elif committee.meetings.filter(number=number).exists():
            raise ValidationError({"number": f"The committee already has a meeting numbered {number}"})
        meeting = Meeting(
            committee=committee, number=number, title=title, date=date, start_time=start_time, place=place, chair=chair
        )
        save_with_history(meeting, actor, "Planned")
    return meeting


def meeting_update(*, meeting: Meeting, actor: User, expected_version: int, reason: str = "", **fields: Any) -> Meeting:
    """Change a meeting's details; once its minutes are approved, each change is an amendment."""
    allowed = {"title", "date", "start_time", "place", "chair", "welcome", "general_comments", "closed_at"}
    if set(fields) - allowed:
        raise ServiceError(f"Not details of a meeting: {', '.join(sorted(set(fields) - allowed))}.")
    with transaction.atomic():
        locked = locked_for_update(Meeting, meeting.pk, expected_version)
        if locked.minutes_locked:
            return _amend(locked, None, actor, fields, reason)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.version += 1
        save_with_history(locked, actor)
    return locked


def attendance_add(
    *,
    meeting: Meeting,
    actor: User,
    kind: str,
    member: Any = None,
    name: str = "",
    initials: str = "",
    role: str = "",
    is_staff: bool = False,
) -> Attendance:
    if meeting.minutes_locked:
        raise IllegalTransition("The minutes are approved; attendance is corrected by amendment.")
    name = name.strip() or (member.name if member else "")
    if not name:
        raise ValidationError({"name": "Enter the person's name, or choose a member"})
    entry = Attendance(
        meeting=meeting,
        member=member,
        name=name,
        initials=initials.strip(),
        kind=kind,
        role=role.strip(),
        is_staff=is_staff,
    )
    save_with_history(entry, actor)
    return entry


def attendance_remove(*, entry: Attendance, actor: User) -> None:
    if entry.meeting.minutes_locked:
        raise IllegalTransition("The minutes are approved; attendance is corrected by amendment.")
    entry._history_user = actor  # type: ignore[attr-defined]
    entry.delete()


def _next_order(meeting: Meeting) -> int:
    return (meeting.agenda.aggregate(n=Max("order"))["n"] or 0) + 1


def agenda_add_case(*, meeting: Meeting, case: Case, actor: User) -> Hearing:
    """Put a case on the agenda: a hearing of it at this meeting."""
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED):
        raise IllegalTransition("Cases are added to an agenda before the meeting is held.")
    if case.committee_id != meeting.committee_id:
        raise ValidationError("That case is for another committee.")
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if Hearing.objects.filter(case=locked, meeting=meeting).exists():
            raise ValidationError(f"{locked.reference} is already on this agenda.")
        _move_case(locked, actor, CaseStatus.SCHEDULED, f"Scheduled for {meeting}")
        hearing = Hearing(case=locked, meeting=meeting, heading=f"Explanation of the ‘{locked.reference}’ paper")
        save_with_history(hearing, actor)
        save_with_history(
            AgendaItem(meeting=meeting, order=_next_order(meeting), kind=ItemKind.CASE, hearing=hearing), actor
        )
    return hearing


def agenda_add_item(
    *,
    meeting: Meeting,
    actor: User,
    kind: str,
    title: str,
    description: str = "",
    time: datetime.time | None = None,
    confidential: bool = False,
) -> AgendaItem:
    if kind not in (ItemKind.ITEM, ItemKind.EVENT):
        raise ValidationError({"kind": "Choose other business or an event"})
    if not title.strip():
        raise ValidationError({"title": "Enter what the item is"})
    if meeting.minutes_locked:
        raise IllegalTransition("The minutes are approved; correct them by amendment.")
    item = AgendaItem(
        meeting=meeting,
        order=_next_order(meeting),
        kind=kind,
        title=title.strip(),
        description=description,
        time=time,
        confidential=confidential,
    )
    save_with_history(item, actor)
    return item


def agenda_remove(*, item: AgendaItem, actor: User) -> None:
    meeting = item.meeting
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED):
        raise IllegalTransition("The agenda is fixed once the meeting has been held.")
    with transaction.atomic():
        if item.hearing is not None:
            case = Case.objects.select_for_update().get(pk=item.hearing.case_id)
            _move_case(case, actor, CaseStatus.SUBMITTED, f"Taken off the agenda of {meeting}")
            hearing = item.hearing
            item._history_user = actor  # type: ignore[attr-defined]
            item.delete()
            hearing._history_user = actor  # type: ignore[attr-defined]
            hearing.delete()
        else:
            item._history_user = actor  # type: ignore[attr-defined]
            item.delete()


def agenda_move(*, item: AgendaItem, actor: User, up: bool) -> None:
    siblings = list(item.meeting.agenda.order_by("order", "pk"))
    index = siblings.index(item)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    with transaction.atomic():
        for order, entry in enumerate(siblings, start=1):
            if entry.order != order:
                entry.order = order
                save_with_history(entry, actor)


def meeting_change_status(*, meeting: Meeting, actor: User, status: str, expected_version: int) -> Meeting:
    with transaction.atomic():
        locked = locked_for_update(Meeting, meeting.pk, expected_version)
        MEETING_WORKFLOW.check(locked.status, status)
        hearings = list(locked.hearings.select_related("case__project"))
        if status == MeetingStatus.AGENDA_PUBLISHED and not locked.agenda.exists():
            raise ValidationError("Add at least one item to the agenda before publishing it.")
        if status == MeetingStatus.HELD:
            for hearing in hearings:
                case = Case.objects.select_for_update().get(pk=hearing.case_id)
                _move_case(case, actor, CaseStatus.HEARD, f"Heard at {locked}")
        if status == MeetingStatus.MINUTES_DRAFTED:
            undecided = [h.case.reference for h in hearings if not h.option]
            if undecided:
                raise ValidationError(f"Record the option chosen for {', '.join(undecided)} first.")
            # The options are settled once the draft is complete (not at each click while it is written).
            for hearing in hearings:
                _stop_access(hearing, actor)
        if status == MeetingStatus.MINUTES_APPROVED:
            locked.minutes_approved_at = timezone.now()
            locked.minutes_approved_by = actor
        if status == MeetingStatus.PUBLISHED:
            locked.published_at = timezone.now()
        locked.status = status
        locked.version += 1
        save_with_history(locked, actor, MeetingStatus(status).label)
    return locked


# Minutes of a hearing --------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionLine:
    id: int | None
    text: str
    owner: str = ""
    due_on: datetime.date | None = None


@dataclass(frozen=True)
class ConditionLine:
    id: int | None
    text: str


MINUTE_FIELDS = (
    "heading",
    "presenters",
    "overview",
    "positive_comments",
    "questions_to_address",
    "recommendations",
    "option",
    "vote",
    "votes_for",
    "votes_against",
    "abstentions",
    "advice",
)


def _check_vote(fields: dict[str, Any]) -> None:
    if fields.get("option") and not fields.get("vote"):
        raise ValidationError({"vote": "Select how the committee voted"})
    if fields.get("vote") == "counted" and fields.get("votes_for") is None:
        raise ValidationError({"votes_for": "Enter the number of votes for"})


def hearing_save_minutes(
    *,
    hearing: Hearing,
    actor: User,
    expected_version: int,
    questions: Sequence[tuple[str, str]] = (),
    actions: Sequence[ActionLine] = (),
    conditions: Sequence[ConditionLine] = (),
    reason: str = "",
    **fields: Any,
) -> Hearing:
    """Save the minutes of a hearing as they are written. While the meeting's minutes are open this is a
    draft; once approved, every change is recorded as an amendment with its reason."""
    unknown = set(fields) - set(MINUTE_FIELDS)
    if unknown:
        raise ServiceError(f"Not parts of the minutes: {', '.join(sorted(unknown))}.")
    option = fields.get("option", "")
    if option and option not in LETTERS:
        raise ValidationError({"option": "Select option A, B, C, D or E"})
    _check_vote(fields)
    with transaction.atomic():
        locked = locked_for_update(Hearing, hearing.pk, expected_version)
        meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
        if meeting.status not in (*MINUTES_OPEN, *MINUTES_LOCKED):
            raise IllegalTransition("Minutes are written once the meeting has been held.")
        # Approved minutes keep their conditions (they are followed on the case page, not rewritten).
        has_condition = (
            locked.conditions.exists() if meeting.minutes_locked else any(c.text.strip() for c in conditions)
        )
        if option == "C" and not has_condition:
            raise ValidationError({"option": "Option C needs at least one condition"})
        if meeting.minutes_locked:
            if not reason.strip():
                raise ValidationError({"reason": "The minutes are approved: say why they are being corrected"})
            return _amend(meeting, locked, actor, fields, reason, questions=questions)
        previous_option = locked.option
        for name, value in fields.items():
            setattr(locked, name, value)
        _apply_decision(locked, meeting, previous_option, actor)
        locked.version += 1
        save_with_history(locked, actor)
        _replace_questions(locked, questions, actor)
        # The record each line became, in the order given (None for a blank line), so that a page saving
        # as it goes can name the new actions and conditions in its next save.
        locked.line_ids = {
            "actions": _sync_actions(locked, actions, actor),
            "conditions": _sync_conditions(locked, conditions, actor),
        }
    return locked


def _apply_decision(hearing: Hearing, meeting: Meeting, previous_option: str, actor: User) -> None:
    """Record the terms the option was chosen under, move the case, and stop access when the advice is
    D or E."""
    if hearing.option == previous_option:
        return
    case = Case.objects.select_for_update().get(pk=hearing.case_id)
    if not hearing.option:
        hearing.terms = None
        hearing.decided_at = None
        return
    hearing.terms = meeting.committee.terms_on(meeting.date)
    if hearing.terms is None:
        raise ValidationError("The committee had no terms of reference in force on the day of the meeting.")
    hearing.decided_at = timezone.now()
    target = OUTCOME[hearing.option]
    if case.status == CaseStatus.HEARD:
        _move_case(case, actor, target, f"Option {hearing.option} at {meeting}")
    elif case.status in OUTCOME.values() and case.hearings.order_by("-meeting__date").first() == hearing:
        # The draft minutes are being corrected: the case follows the corrected option.
        case.status = target
        case.version += 1
        save_with_history(case, actor, f"Option corrected to {hearing.option} in the draft minutes")


def _stop_access(hearing: Hearing, actor: User) -> None:
    """Advice D or E: the project may not go ahead, so its access grants are suspended."""
    if hearing.option in STOPPING:
        from isa.services.grants import grants_suspend_for_project

        grants_suspend_for_project(
            project=hearing.case.project,
            actor=actor,
            reason=f"The ethics committee's advice on {hearing.case.reference} is option {hearing.option}.",
        )


def _replace_questions(hearing: Hearing, questions: Sequence[tuple[str, str]], actor: User) -> None:
    """Make the hearing's questions these, touching only those that changed (the minutes are saved as they
    are written, so most saves change one question or none)."""
    wanted = [(q.strip(), a.strip()) for q, a in questions if q.strip()]
    existing = list(hearing.questions.all())
    for order, (question, answer) in enumerate(wanted, start=1):
        record = existing[order - 1] if order <= len(existing) else HearingQuestion(hearing=hearing)
        if record.pk is None or (record.order, record.question, record.answer) != (order, question, answer):
            record.order, record.question, record.answer = order, question, answer
            save_with_history(record, actor)
    for extra in existing[len(wanted) :]:
        extra._history_user = actor  # type: ignore[attr-defined]
        extra.delete()


def _sync_actions(hearing: Hearing, lines: Sequence[ActionLine], actor: User) -> list[int | None]:
    keep: list[int | None] = []
    for line in lines:
        if not line.text.strip():
            keep.append(None)
            continue
        action = hearing.actions.filter(pk=line.id).first() if line.id else None
        action = action or CaseAction(case_id=hearing.case_id, hearing=hearing)
        wanted = (line.text.strip(), line.owner.strip(), line.due_on)
        if action.pk is None or (action.text, action.owner, action.due_on) != wanted:
            action.text, action.owner, action.due_on = wanted
            save_with_history(action, actor)
        keep.append(action.pk)
    hearing.actions.exclude(pk__in=[pk for pk in keep if pk]).filter(done_at__isnull=True).delete()
    return keep


def _sync_conditions(hearing: Hearing, lines: Sequence[ConditionLine], actor: User) -> list[int | None]:
    keep: list[int | None] = []
    for line in lines:
        if not line.text.strip():
            keep.append(None)
            continue
        condition = hearing.conditions.filter(pk=line.id).first() if line.id else None
        condition = condition or Condition(case_id=hearing.case_id, hearing=hearing)
        if condition.pk is None or condition.text != line.text.strip():
            condition.text = line.text.strip()
            save_with_history(condition, actor)
        keep.append(condition.pk)
    hearing.conditions.exclude(pk__in=[pk for pk in keep if pk]).filter(met_at__isnull=True).delete()
    return keep


def _amend(
    meeting: Meeting,
    hearing: Hearing | None,
    actor: User,
    fields: dict[str, Any],
    reason: str,
    questions: Sequence[tuple[str, str]] = (),
) -> Any:
    """Apply corrections to approved minutes, each recorded with its before, after and reason."""
    record: Any = hearing if hearing is not None else meeting
    if not reason.strip():
        raise ValidationError({"reason": "The minutes are approved: say why they are being corrected"})
    previous_option = getattr(record, "option", "")
    changed = False
    for name, value in fields.items():
        before = getattr(record, name)
        if (before or "") == (value or ""):
            continue
        MinutesAmendment.objects.create(
            meeting=meeting,
            hearing=hearing,
            field=str(record._meta.get_field(name).verbose_name),
            before=str(before or ""),
            after=str(value or ""),
            reason=reason.strip(),
            made_by=actor,
        )
        setattr(record, name, value)
        changed = True
    if hearing is not None:
        old = [(q.question, q.answer) for q in hearing.questions.all()]
        new = [(q.strip(), a.strip()) for q, a in questions if q.strip()]
        if questions and old != new:
            MinutesAmendment.objects.create(
                meeting=meeting,
                hearing=hearing,
                field="Questions and answers",
                before="\n".join(f"{q} — {a}" for q, a in old),
                after="\n".join(f"{q} — {a}" for q, a in new),
                reason=reason.strip(),
                made_by=actor,
            )
            _replace_questions(hearing, questions, actor)
            changed = True
        if changed:
            _apply_decision(hearing, meeting, previous_option, actor)
            if hearing.option != previous_option:
                _stop_access(hearing, actor)
    if changed:
        record.version += 1
        save_with_history(record, actor, f"Amended: {reason.strip()}")
    return record


# Following up ----------------------------------------------------------------------------------


def action_complete(*, action: CaseAction, actor: User, note: str) -> CaseAction:
    if not note.strip():
        raise ValidationError({"note": "Say how the action was done"})
    with transaction.atomic():
        locked = CaseAction.objects.select_for_update().get(pk=action.pk)
        if locked.done_at is not None:
            raise IllegalTransition("This action is already done.")
        locked.done_at, locked.done_by, locked.done_note = timezone.now(), actor, note.strip()
        save_with_history(locked, actor, "Done")
    return locked


def condition_meet(*, condition: Condition, actor: User, note: str, hearing: Hearing | None = None) -> Condition:
    """Mark a condition of option C met, at a later hearing or by the secretary with a note."""
    if not note.strip():
        raise ValidationError({"note": "Say how the condition was met"})
    if hearing is not None and hearing.case_id != condition.case_id:
        raise ValidationError({"hearing": "Choose a hearing of the same case"})
    with transaction.atomic():
        locked = Condition.objects.select_for_update().get(pk=condition.pk)
        if locked.met_at is not None:
            raise IllegalTransition("This condition is already met.")
        locked.met_at, locked.met_by, locked.met_note, locked.met_at_hearing = (
            timezone.now(),
            actor,
            note.strip(),
            hearing,
        )
        save_with_history(locked, actor, "Met")
    return locked


def latest_advice(project: Project) -> Hearing | None:
    """The project's most recent hearing that chose an option (the ethics prerequisite reads it)."""
    return (
        Hearing.objects.filter(case__project=project)
        .exclude(option="")
        .exclude(case__status=CaseStatus.WITHDRAWN)
        .select_related("case", "meeting", "terms")
        .order_by("-meeting__date", "-decided_at", "-pk")
        .first()
    )
