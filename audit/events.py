"""Writing audit events.

Every change to a governed record already writes a django-simple-history row (services save through
``save_with_history``; the admin through simple-history's admin), so one receiver on the history
signal gives every service action its event, in the same transaction, whatever app it lives in. The
event is named for the service that made the change (the outermost ``<app>.services`` function on the
stack, e.g. ``dpia.screening_submit``), or for the kind of change where no service made it.

Events that change no record (a consultation of a sensitive record, a pack downloaded, a sign-in)
are written with ``record_event``.
"""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from audit.chain import seal_after_commit
from audit.models import AuditEvent
from audit.registry import audited
from governance.bulk import insert

HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Services that only help others: the event is named for the service that called them.
_HELPER_MODULES = ("governance.services.common",)


def record_event(
    action: str,
    *,
    actor: Any = None,
    record: models.Model | None = None,
    record_type: str = "",
    record_id: str = "",
    organisation_id: int | None = None,
    project_id: int | None = None,
    details: dict[str, Any] | None = None,
    justification: str = "",
) -> AuditEvent:
    """Append an event about ``record`` (or the record named by type and id, if it is gone); it is sealed
    into the chain when the transaction commits."""
    if record is not None:
        entry = audited(record)
        record_type, record_id = record._meta.label_lower, str(record.pk)
        organisation_id = organisation_id if organisation_id is not None else entry.organisation_of(record)
        project_id = project_id if project_id is not None else entry.project_of(record)
    event = AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor_id=getattr(actor, "pk", actor),
        action=action,
        record_type=record_type,
        record_id=record_id,
        organisation_id=organisation_id,
        project_id=project_id,
        details=details or {},
        justification=justification,
    )
    seal_after_commit()
    return event


def record_events(action: str, *, actor: Any = None, events: list[dict[str, Any]]) -> list[AuditEvent]:
    """Append many events of one action at once (each a dict of ``record_type``, ``record_id``,
    ``organisation_id``, ``project_id`` and ``details``), in one insert; sealed as ``record_event``'s are."""
    now = timezone.now()
    created = insert(
        [AuditEvent(occurred_at=now, actor_id=getattr(actor, "pk", actor), action=action, **event) for event in events]
    )
    if created:
        seal_after_commit()
    return created


def calling_service() -> str | None:
    """The outermost service function on the stack, as ``<app>.<function>``."""
    found = None
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if (module.endswith(".services") or ".services." in module) and module not in _HELPER_MODULES:
            name = frame.f_code.co_name
            if not name.startswith("_"):
                found = f"{module.split('.')[0]}.{name}"
        frame = frame.f_back
    return found


def _changes(history_instance: Any) -> dict[str, Any]:
    """Which fields changed (names only) and, for a record with a status, the move."""
    details: dict[str, Any] = {}
    status = getattr(history_instance, "status", None)
    if history_instance.history_type != "~":
        if status is not None:
            details["status"] = [None, status]
        return details
    previous = history_instance.prev_record
    if previous is None:
        return details
    delta = history_instance.diff_against(previous, excluded_fields=["version", "updated_at"])
    details["fields"] = sorted(change.field for change in delta.changes)
    if status is not None and previous.status != status:
        details["status"] = [previous.status, status]
    return details


def _on_history(sender: Any, instance: models.Model, history_instance: Any, **kwargs: Any) -> None:
    kind = HISTORY_ACTIONS.get(history_instance.history_type, "changed")
    action = calling_service() or f"{instance._meta.label_lower}.{kind}"
    details = _changes(history_instance)
    details["change"] = kind
    record_event(action, actor=history_instance.history_user_id, record=instance, details=details)


def _on_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event("accounts.signed_in", actor=user, organisation_id=user.organisation_id)


def _on_sign_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event("accounts.signed_out", actor=user, organisation_id=user.organisation_id)


def _on_sign_in_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    # The username tried is personal data (and often a mistyped password): it is not recorded.
    record_event("accounts.sign_in_failed")


def connect() -> None:
    post_create_historical_record.connect(_on_history, dispatch_uid="audit.history")
    user_logged_in.connect(_on_sign_in, dispatch_uid="audit.signed_in")
    user_logged_out.connect(_on_sign_out, dispatch_uid="audit.signed_out")
    user_login_failed.connect(_on_sign_in_failed, dispatch_uid="audit.sign_in_failed")
