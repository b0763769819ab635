"""Reading a learning system's export of completions (CSV): which rows can be recorded, which cannot and
why. Nothing is written here; ``services.training_import`` records the rows, all or none."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Q

from governance.models import User
from training.models import TrainingRecord

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# Column names learning systems use, lower-cased, for each thing we need.
HEADINGS = {
    "person": ("email", "e-mail", "email address", "e-mail address", "username", "user", "user name", "login"),
    "course": ("course", "course name", "course title", "module", "learning item"),
    "completed_on": ("completed on", "completion date", "date completed", "completed", "completion"),
    "expires_on": ("expires on", "expiry date", "expiry", "expires", "valid until"),
    "evidence": ("evidence", "certificate", "certificate number", "record id", "completion id"),
}
REQUIRED = ("person", "course", "completed_on")
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y")


class ImportError_(ValueError):
    """The file as a whole cannot be read (not the rows in it)."""


@dataclass
class Row:
    line: int
    person_text: str
    course: str
    completed_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    evidence: str = ""
    person: User | None = None
    problems: list[str] = field(default_factory=list)
    duplicate: bool = False  # already recorded: skipped, not refused

    @property
    def accepted(self) -> bool:
        return not self.problems and not self.duplicate


@dataclass
class Reading:
    rows: list[Row]

    @property
    def accepted(self) -> list[Row]:
        return [row for row in self.rows if row.accepted]

    @property
    def refused(self) -> list[Row]:
        return [row for row in self.rows if row.problems]

    @property
    def duplicates(self) -> list[Row]:
        return [row for row in self.rows if row.duplicate and not row.problems]


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _date(text: str) -> datetime.date | None:
    text = text.strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _columns(header: list[str]) -> dict[str, int]:
    names = [name.strip().lower() for name in header]
    found = {}
    for key, aliases in HEADINGS.items():
        for index, name in enumerate(names):
            if name in aliases:
                found[key] = index
                break
    missing = [key for key in REQUIRED if key not in found]
    if missing:
        wanted = {
            "person": "an e-mail address or username",
            "course": "the course",
            "completed_on": "the completion date",
        }
        raise ImportError_(
            "The file's first row must name the columns. Missing: "
            + ", ".join(wanted[key] for key in missing)
            + " (for example “Email”, “Course”, “Completion date”)."
        )
    return found


def read(content: bytes, organisation_id: int, today: datetime.date) -> Reading:
    if len(content) > MAX_BYTES:
        raise ImportError_("The file is larger than 2 MB. Split it into smaller files.")
    try:
        table = list(csv.reader(io.StringIO(_decode(content))))
    except csv.Error as error:  # a stray carriage return or NUL byte: not a CSV file we can read
        raise ImportError_("The file cannot be read as CSV. Save it from the spreadsheet as “CSV UTF-8”.") from error
    if not table or not any(cell.strip() for cell in table[0]):
        raise ImportError_("The file is empty.")
    columns = _columns(table[0])
    body = [(number, cells) for number, cells in enumerate(table[1:], start=2) if any(c.strip() for c in cells)]
    if not body:
        raise ImportError_("The file has a header row but no completions.")
    if len(body) > MAX_ROWS:
        raise ImportError_(f"The file has more than {MAX_ROWS} rows. Split it into smaller files.")

    def cell(cells: list[str], key: str) -> str:
        index = columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    rows = [
        Row(number, cell(cells, "person"), cell(cells, "course")[:200], evidence=cell(cells, "evidence")[:300])
        for number, cells in body
    ]
    keys = {row.person_text.lower() for row in rows if row.person_text}
    people: dict[str, User] = {}
    staff = User.objects.filter(organisation_id=organisation_id, is_system_actor=False)
    for person in staff.filter(Q(email__in=keys) | Q(username__in=keys)) if keys else []:
        people.setdefault(person.username.lower(), person)
        if person.email:
            people.setdefault(person.email.lower(), person)

    for row, (_, cells) in zip(rows, body, strict=True):
        if not row.person_text:
            row.problems.append("No e-mail address or username.")
        else:
            row.person = people.get(row.person_text.lower())
            if row.person is None:
                row.problems.append(
                    f"Nobody in your organisation has the e-mail address or username “{row.person_text}”."
                )
        if not row.course:
            row.problems.append("No course.")
        completed = cell(cells, "completed_on")
        row.completed_on = _date(completed)
        if row.completed_on is None:
            row.problems.append(f"The completion date “{completed}” is not a date (use day/month/year).")
        elif row.completed_on > today:
            row.problems.append("The completion date is in the future.")
        expires = cell(cells, "expires_on")
        if expires:
            row.expires_on = _date(expires)
            if row.expires_on is None:
                row.problems.append(f"The expiry date “{expires}” is not a date (use day/month/year).")
            elif row.completed_on and row.expires_on <= row.completed_on:
                row.problems.append("The expiry date is not after the completion date.")
    _mark_duplicates(rows)
    return Reading(rows)


def _mark_duplicates(rows: list[Row]) -> None:
    """Completions already recorded, or listed twice in the file, are skipped rather than refused, so the
    same export can be imported again safely."""
    candidates = [row for row in rows if row.person and row.completed_on and row.course]
    existing = set(
        TrainingRecord.objects.filter(
            person__in={row.person for row in candidates if row.person},
            completed_on__in={row.completed_on for row in candidates},
        ).values_list("person_id", "course", "completed_on")
    )
    seen: set[tuple[int, str, datetime.date]] = set()
    for row in candidates:
        assert row.person is not None and row.completed_on is not None
        key = (row.person.pk, row.course, row.completed_on)
        if key in existing or key in seen:
            row.duplicate = True
        seen.add(key)
