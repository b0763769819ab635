"""Named system actors: who the history says made a change when no person did (tasks, sweeps)."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from governance.models import User


def system_actor(name: str) -> User:
    """The actor called ``name`` (e.g. "retention sweep"), created the first time it acts."""
    actor, _ = User.objects.get_or_create(
        username="system." + name.lower().replace(" ", "-"),
        defaults={
            "first_name": "System:",
            "last_name": name,
            "is_system_actor": True,
            "is_active": False,
            "password": make_password(None),  # unusable: a system actor never signs in
        },
    )
    return actor
