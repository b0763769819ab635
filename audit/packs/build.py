"""Building an audit pack: gather the records in scope, their current state, full history and decisions
(with the state each record was in when it was decided), the events log and disposal records; hash the
data; render the PDF. Progress is saved after each section so the page can show it, and survives a
reload or a worker restart.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import formats, timezone

from audit.chain import head, seal
from audit.models import AuditEvent, AuditPack, PackScope
from audit.packs.registry import PackType, pack_types
from governance.history import HistoryEntry, StateField, history_entries, snapshot
from governance.models import User


@dataclass
class Decision:
    when: datetime.datetime
    who: str
    what: str  # e.g. "Status: Decided"
    reason: str
    state: list[StateField]


@dataclass
class RecordPart:
    key: str  # "dpia.screening:12"
    title: str  # the record, as it names itself
    state: list[StateField]
    history: list[HistoryEntry] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


@dataclass
class TypePart:
    title: str
    records: list[RecordPart]


@dataclass
class EventLine:
    seq: int | None
    when: datetime.datetime
    who: str
    action: str
    record: str
    justification: str


@dataclass
class DisposalLine:
    when: datetime.datetime
    record: str
    label: str
    method: str
    authority: str
    sha256: str


@dataclass
class PackData:
    types: list[TypePart] = field(default_factory=list)
    events: list[EventLine] = field(default_factory=list)
    disposals: list[DisposalLine] = field(default_factory=list)
    figures_html: str = ""  # the dashboard's figures and charts, for an organisation's pack

    def digest(self) -> str:
        """SHA-256 over the pack's data (not its typesetting), shown on the verification page."""
        body: dict[str, Any] = {
            "types": [asdict(t) for t in self.types],
            "events": [asdict(e) for e in self.events],
            "disposals": [asdict(d) for d in self.disposals],
            "figures": self.figures_html,
        }
        encoded = json.dumps(body, sort_keys=True, default=_plain, separators=(",", ":"))
        return hashlib.sha256(encoded.encode()).hexdigest()


def _plain(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return str(value)


class Scope:
    """Which records, events and disposals a pack covers."""

    def __init__(self, pack: AuditPack) -> None:
        self.pack = pack
        if pack.scope == PackScope.ORGANISATION:
            assert pack.period_from is not None and pack.period_to is not None
            tz = timezone.get_current_timezone()
            self.start = datetime.datetime.combine(pack.period_from, datetime.time.min, tz)
            self.end = datetime.datetime.combine(pack.period_to + datetime.timedelta(days=1), datetime.time.min, tz)

    def records(self, pack_type: PackType) -> models.QuerySet[Any]:
        model = pack_type.model
        if self.pack.scope == PackScope.PROJECT:
            if pack_type.project is None or self.pack.project_id is None:
                return model._default_manager.none()
            wanted = model._default_manager.filter(**{pack_type.project: self.pack.project_id})
        else:
            history = model.history.model  # type: ignore[attr-defined]
            touched = history.objects.filter(history_date__gte=self.start, history_date__lt=self.end)
            wanted = model._default_manager.filter(
                **{pack_type.organisation: self.pack.organisation_id},
                pk__in=touched.values(model._meta.pk.attname),
            )
        # A lookup through a to-many relation (an agreement's grants) repeats rows; this lists each once.
        return model._default_manager.filter(pk__in=wanted.values("pk")).order_by("pk")

    def events(self, records: dict[str, set[str]]) -> models.QuerySet[AuditEvent]:
        if self.pack.scope == PackScope.PROJECT:
            where = Q(project_id=self.pack.project_id)
            for record_type, ids in records.items():
                where |= Q(record_type=record_type, record_id__in=sorted(ids))
            return AuditEvent.objects.filter(where).order_by("id")
        return AuditEvent.objects.filter(
            organisation_id=self.pack.organisation_id, occurred_at__gte=self.start, occurred_at__lt=self.end
        ).order_by("id")

    def disposals(self, event_records: set[tuple[str, str]]) -> models.QuerySet[Any]:
        from retention.models import DisposalRecord

        records = DisposalRecord.objects.select_related("schedule").order_by("disposed_at", "pk")
        if self.pack.scope == PackScope.PROJECT:
            where = Q(pk__in=[])
            for record_type, record_id in event_records:
                if record_id.isdigit():
                    where |= Q(record_type=record_type, record_id=int(record_id))
            return records.filter(where)
        return records.filter(
            organisation_id=self.pack.organisation_id, disposed_at__gte=self.start, disposed_at__lt=self.end
        )


def _decisions(pack_type: PackType, obj: models.Model) -> list[Decision]:
    rows = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))  # type: ignore[attr-defined]
    decisions = []
    before = None
    for row in rows:
        name = pack_type.decision_in(before, row)
        if name is not None:
            model_field: Any = pack_type.model._meta.get_field(name)
            value = getattr(row, name)
            shown = dict(model_field.flatchoices).get(value, value) if model_field.choices else value
            decisions.append(
                Decision(
                    when=row.history_date,
                    who=str(row.history_user) if row.history_user else "Unknown",
                    what=f"{str(model_field.verbose_name).capitalize()}: {shown}",
                    reason=row.history_change_reason or "",
                    state=snapshot(pack_type.model, row),
                )
            )
        before = row
    return decisions


def _people(ids: set[int]) -> dict[int, str]:
    return {user.pk: str(user) for user in User.objects.filter(pk__in=ids)}


Progress = Callable[[str], None]


def gather(pack: AuditPack, progress: Progress) -> PackData:
    """Collect the pack's data section by section, calling ``progress`` as each section starts."""
    scope = Scope(pack)
    data = PackData()
    progress("Finding the records and their current state")
    found: list[tuple[PackType, list[models.Model]]] = []
    in_scope: dict[str, set[str]] = {}
    for pack_type in pack_types():
        records = list(scope.records(pack_type))
        found.append((pack_type, records))
        in_scope[pack_type.key] = {str(obj.pk) for obj in records}
        parts = [RecordPart(f"{pack_type.key}:{obj.pk}", str(obj), snapshot(pack_type.model, obj)) for obj in records]
        data.types.append(TypePart(pack_type.title, parts))

    progress("Reading each record's history")
    for (_, records), part in zip(found, data.types, strict=True):
        for obj, record_part in zip(records, part.records, strict=True):
            record_part.history = history_entries(obj)

    progress("Finding the decisions and the state of each record when it was made")
    for (pack_type, records), part in zip(found, data.types, strict=True):
        for obj, record_part in zip(records, part.records, strict=True):
            record_part.decisions = _decisions(pack_type, obj)

    progress("Copying the events log")
    seal()
    events = list(scope.events(in_scope).values())
    names = _people({e["actor_id"] for e in events if e["actor_id"] is not None})
    data.events = [
        EventLine(
            seq=e["seq"],
            when=e["occurred_at"],
            who=names.get(e["actor_id"], f"user {e['actor_id']}") if e["actor_id"] is not None else "—",
            action=e["action"],
            record=f"{e['record_type']} {e['record_id']}".strip(),
            justification=e["justification"],
        )
        for e in events
    ]

    progress("Listing the disposal records")
    event_records = {(e["record_type"], e["record_id"]) for e in events if e["record_type"]}
    data.disposals = [
        DisposalLine(
            when=d.disposed_at,
            record=f"{d.record_type} {d.record_id}",
            label=d.label,
            method=d.get_method_display(),
            authority=d.authority,
            sha256=d.sha256,
        )
        for d in scope.disposals(event_records)
    ]

    if pack.scope == PackScope.ORGANISATION:
        progress("Drawing the dashboard's figures")
        data.figures_html = _figures(pack)
    return data


def _figures(pack: AuditPack) -> str:
    """The SIRO dashboard for the pack's organisation and period, as the person who asked sees it."""
    from dashboard.figures import build

    assert pack.period_from is not None and pack.period_to is not None
    dashboard = build(pack.requested_by, pack.organisation, pack.period_from, pack.period_to)
    return render_to_string("dashboard/includes/figures.html", {"dashboard": dashboard, "plain": True})


def sections(scope: str) -> dict[str, str]:
    """The sections, in order, for the contents page and the progress bar."""
    titles = {
        "records": "The records in scope and their current state",
        "history": "History of each record",
        "decisions": "Decisions, with the state of the record when each was made",
        "events": "Events log",
        "disposals": "Disposal records",
    }
    if scope == PackScope.ORGANISATION:
        titles["figures"] = "Dashboard figures for the period"
    titles["verification"] = "Verification"
    return titles


def when(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y, H:i")


def chain_head() -> tuple[int, str]:
    seal()
    return head()
