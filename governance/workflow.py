"""Explicit transition tables for workflow states, and the errors services raise.

Every record with a status declares which moves are allowed. A move not in the table is an
``IllegalTransition`` with a message a person can read, never a silent no-op.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Generic, TypeVar

from django.db import models

S = TypeVar("S", bound=models.TextChoices)


class ServiceError(Exception):
    """A request a service refuses; the message is shown to the person who asked."""


class IllegalTransition(ServiceError):
    pass


class EditConflict(ServiceError):
    """Someone else saved the record after this person opened it."""

    def __init__(self, message: str, *, current_version: int, changed_fields: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.current_version = current_version
        self.changed_fields = tuple(changed_fields)


class Workflow(Generic[S]):
    def __init__(self, name: str, states: type[S], transitions: Mapping[S, Iterable[S]]) -> None:
        self.name = name
        self.states = states
        self.transitions: dict[S, frozenset[S]] = {state: frozenset(targets) for state, targets in transitions.items()}

    def allowed_from(self, state: str) -> list[S]:
        """The states reachable from ``state``, in the order the choices declare them."""
        targets = self.transitions.get(self.states(state), frozenset())
        return [choice for choice in self.states if choice in targets]

    def can_move(self, state: str, target: str) -> bool:
        return self.states(target) in self.allowed_from(state)

    def check(self, state: str, target: str) -> None:
        if not self.can_move(state, target):
            current, wanted = self.states(state), self.states(target)
            raise IllegalTransition(
                f"A {self.name} that is {current.label.lower()} cannot be made {wanted.label.lower()}."
            )
