"""What every service does the same way: save with the actor in the history, refuse stale edits,
and keep the people named on a record in step with their object permissions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction

from governance.models import User
from governance.permissions import grant, revoke
from governance.roles import Role
from governance.workflow import EditConflict, ServiceError, Workflow

M = TypeVar("M", bound=models.Model)


def save_with_history(obj: models.Model, actor: User, reason: str | None = None) -> None:
    """Save ``obj`` so its history row names ``actor`` (a person, or a system actor in tasks)."""
    obj._history_user = actor  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()


def require_organisation(actor: User) -> Any:
    if actor.organisation_id is None:
        raise ServiceError("Your account is not linked to an organisation, so you cannot create records.")
    return actor.organisation


def require_members(organisation_id: int, **people: User | None) -> None:
    """Refuse people from another organisation in roles that must be held inside it."""
    errors = {
        field: "Choose someone in your own organisation."
        for field, person in people.items()
        if person is not None and person.organisation_id != organisation_id
    }
    if errors:
        raise ValidationError(errors)


def require_role(role: Role, **people: User | None) -> None:
    errors = {
        field: f"Choose someone who holds the {role.label.lower()} role."
        for field, person in people.items()
        if person is not None and not person.has_role(role)
    }
    if errors:
        raise ValidationError(errors)


def locked_for_update(model: type[M], pk: int, expected_version: int) -> M:
    """Lock the record and check nobody saved it since ``expected_version`` was read."""
    obj = model._default_manager.select_for_update().get(pk=pk)
    current = obj.version  # type: ignore[attr-defined]
    if current != expected_version:
        raise edit_conflict(obj, expected_version)
    return obj


def change_status(
    model: type[M],
    workflow: Workflow[Any],
    *,
    pk: int,
    actor: User,
    status: str,
    reason: str,
    expected_version: int,
    also: Callable[[M], None] | None = None,
) -> M:
    """Move a record along its workflow, recording why; ``also`` sets fields that go with the move."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the status is changing."})
    with transaction.atomic():
        locked = locked_for_update(model, pk, expected_version)
        workflow.check(locked.status, status)  # type: ignore[attr-defined]
        locked.status = status  # type: ignore[attr-defined]
        if also is not None:
            also(locked)
        locked.version += 1  # type: ignore[attr-defined]
        save_with_history(locked, actor, reason.strip())
    return locked


def edit_conflict(obj: models.Model, expected_version: int) -> EditConflict:
    history = obj.history  # type: ignore[attr-defined]
    seen = history.filter(version=expected_version).order_by("-history_date", "-history_id").first()
    latest = history.order_by("-history_date", "-history_id").select_related("history_user").first()
    changed: list[str] = []
    if seen is not None and latest is not None:
        delta = latest.diff_against(seen, excluded_fields=["version"])
        changed = [
            str(cast("models.Field[Any, Any]", obj._meta.get_field(change.field)).verbose_name)
            for change in delta.changes
        ]
    who = str(latest.history_user) if latest is not None and latest.history_user else "Someone"
    what = f" ({', '.join(changed)})" if changed else ""
    return EditConflict(
        f"{who} changed this record{what} while you were editing it. Your changes have not been saved "
        "yet: check them against the current record below, then save again.",
        current_version=obj.version,  # type: ignore[attr-defined]
        changed_fields=changed,
    )


def sync_people_permissions(
    obj: models.Model, before: Iterable[User | None], after: Iterable[User | None], actions: Iterable[str]
) -> None:
    """Give the people now named on ``obj`` their rights, and take them from those no longer named."""
    actions = tuple(actions)
    old = {person.pk: person for person in before if person is not None}
    new = {person.pk: person for person in after if person is not None}
    for pk in old.keys() - new.keys():
        revoke(old[pk], obj, actions)
    for pk in new.keys() - old.keys():
        grant(new[pk], obj, actions)
