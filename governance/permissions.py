"""Object permissions on governed records, through django-guardian's direct foreign-key tables.

Every governed model has a ``<Model>UserObjectPermission`` and ``<Model>GroupObjectPermission``
table with a real foreign key to the record, so "which records may this user see" is one indexed
``EXISTS`` in the list query rather than a generic-relation scan or ``has_perm`` in a loop.
Services grant and revoke these rows as the workflow moves; nothing else writes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from guardian.shortcuts import assign_perm, remove_perm
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

if TYPE_CHECKING:
    from governance.models import User


def _codename(model: type[models.Model], action: str) -> str:
    return f"{action}_{model._meta.model_name}"


def _permission_id(model: type[models.Model], action: str) -> Subquery:
    # Resolved by the database (an init plan run once per query), so no id is cached in Python
    # and a flushed test database cannot leave a stale id behind.
    return Subquery(
        Permission.objects.filter(
            content_type__app_label=model._meta.app_label, codename=_codename(model, action)
        ).values("pk")[:1]
    )


@cache
def permission_tables(model: type[models.Model]) -> tuple[type[models.Model], type[models.Model]]:
    """The direct foreign-key user and group permission tables of a governed model (fixed for the life
    of the process, so found once rather than through content types on every query)."""
    user_table = get_user_obj_perms_model(model)  # type: ignore[arg-type]
    group_table = get_group_obj_perms_model(model)  # type: ignore[arg-type]
    for table in (user_table, group_table):
        if table._meta.app_label == "guardian":  # guardian's generic table: no direct key declared
            raise LookupError(f"{model.__name__} has no direct foreign-key permission tables.")
    return user_table, group_table


def has_object_permission_q(user: User, model: type[models.Model], action: str) -> Q:
    """A filter for the records of ``model`` on which ``user`` holds ``action`` directly or by group."""
    permission = _permission_id(model, action)
    user_table, group_table = permission_tables(model)
    direct = Exists(
        user_table._default_manager.filter(content_object=OuterRef("pk"), user_id=user.pk, permission_id=permission)
    )
    by_group = Exists(
        group_table._default_manager.filter(
            content_object=OuterRef("pk"),
            group_id__in=user.groups.values("pk"),
            permission_id=permission,
        )
    )
    return Q(direct) | Q(by_group)


def holds_object_permission(user: User, obj: models.Model, action: str) -> bool:
    """Whether ``user`` holds ``action`` on this one record (two indexed lookups at most)."""
    if not user.is_active:
        return False
    model = type(obj)
    return model._default_manager.filter(has_object_permission_q(user, model, action), pk=obj.pk).exists()


def grant(user: User, obj: models.Model, actions: Iterable[str]) -> None:
    for action in actions:
        assign_perm(_codename(type(obj), action), user, obj)


def revoke(user: User, obj: models.Model, actions: Iterable[str]) -> None:
    for action in actions:
        remove_perm(_codename(type(obj), action), user, obj)


def holders(obj: models.Model, action: str) -> models.QuerySet:
    """The users who hold ``action`` on ``obj`` directly (for "who has access" lists)."""
    from governance.models import User

    user_table, _ = permission_tables(type(obj))
    return User.objects.filter(
        pk__in=user_table._default_manager.filter(
            content_object=obj, permission__codename=_codename(type(obj), action)
        ).values("user_id")
    )
