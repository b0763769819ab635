"""Object permissions on governed records, through django-guardian's direct foreign-key tables.

Every governed model has a ``<Model>UserObjectPermission`` and ``<Model>GroupObjectPermission``
table with a real foreign key to the record, so "which records may this user see" is one hashed
subquery in the list query rather than a generic-relation scan or ``has_perm`` in a loop.
Services grant and revoke these rows as the workflow moves; nothing else writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import BooleanField, Expression, F, Q, Subquery
from guardian.shortcuts import assign_perm, remove_perm
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

if TYPE_CHECKING:
    from governance.models import User


def _codename(model: type[models.Model], action: str) -> str:
    return f"{action}_{model._meta.model_name}"


def _permission_id(model: type[models.Model], action: str) -> Subquery:
    # Resolved by the database (an init plan run once per query), so no id is cached in Python
    # and a flushed test database cannot leave a stale id behind. App label, model and codename
    # name the row through the two unique indexes, with no sort (``Permission`` has a default order).
    return Subquery(
        Permission.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            codename=_codename(model, action),
        )
        .order_by()
        .values("pk")[:1]
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


def _permission_rows(user: User, model: type[models.Model], action: str) -> tuple[Any, Any]:
    """The ids of the records the user holds ``action`` on directly, and through a group."""
    permission = _permission_id(model, action)
    user_table, group_table = permission_tables(model)
    direct = user_table._default_manager.filter(user_id=user.pk, permission_id=permission)
    by_group = group_table._default_manager.filter(group_id__in=user.groups.values("pk"), permission_id=permission)
    return (
        direct.order_by().values_list("content_object_id", flat=True),
        by_group.order_by().values_list("content_object_id", flat=True),
    )


def has_object_permission_q(user: User, model: type[models.Model], action: str) -> Q:
    """A filter for the records of ``model`` on which ``user`` holds ``action`` directly or by group.

    Written as ``pk IN (the user's permission rows)``, not as a correlated ``EXISTS``: the subquery does
    not depend on the outer row, so PostgreSQL runs it once into a hash and probes it per record; joined
    by OR to "the user's own organisation", a correlated EXISTS was re-run for every record of the table.
    """
    direct, by_group = _permission_rows(user, model, action)
    return Q(pk__in=direct) | Q(pk__in=by_group)


class PermittedIds(Expression):
    """``pk IN (the ids the user holds the permission on, directly or by group)`` as a filter, written
    ``pk = ANY(ARRAY(...))`` on PostgreSQL.

    The array is computed once (an init plan) and, unlike a hashed ``IN`` subplan, is searched through
    the primary key index, so PostgreSQL can OR it with an indexed condition into a ``BitmapOr`` and read
    only the matching records instead of testing every row of the table. The subquery is fixed SQL over
    the permission tables' unique ``(user or group, permission, record)`` indexes, written here rather
    than built through the ORM on each call: building and compiling the same subqueries as querysets
    cost several milliseconds of Python per list query, more than the database spent answering it.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, model: type[models.Model], user_id: int, action: str, pk: Any = None) -> None:
        super().__init__()
        self.model, self.user_id, self.action = model, user_id, action
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        pk_sql, pk_params = compiler.compile(self.pk)
        ids_sql, ids_params = self._ids_sql(connection)
        if connection.vendor == "postgresql":
            return f"{pk_sql} = ANY(ARRAY({ids_sql}))", [*pk_params, *ids_params]
        return f"{pk_sql} IN ({ids_sql})", [*pk_params, *ids_params]

    def _ids_sql(self, connection: Any) -> tuple[str, list[Any]]:
        from django.contrib.contenttypes.models import ContentType

        from governance.models import User

        name = connection.ops.quote_name
        user_table, group_table = permission_tables(self.model)
        membership = User.groups.through._meta.db_table
        # Resolved by the database (an init plan), so no id is cached in Python and a flushed test
        # database cannot leave a stale one behind; the unique indexes on content types and
        # permissions find the row.
        permission = (
            f"(SELECT perm.id FROM {name(Permission._meta.db_table)} perm INNER JOIN "  # noqa: S608  # nosec B608 - model tables; values are parameters
            f"{name(ContentType._meta.db_table)} perm_type ON perm_type.id = perm.content_type_id "
            "WHERE perm_type.app_label = %s AND perm_type.model = %s AND perm.codename = %s)"
        )
        permission_params = [
            self.model._meta.app_label,
            self.model._meta.model_name,
            _codename(self.model, self.action),
        ]
        sql = (
            f"SELECT content_object_id FROM {name(user_table._meta.db_table)} "  # noqa: S608  # nosec B608 - model tables; values are parameters
            f"WHERE user_id = %s AND permission_id = {permission} "
            f"UNION SELECT content_object_id FROM {name(group_table._meta.db_table)} "
            f"WHERE group_id IN (SELECT group_id FROM {name(membership)} WHERE user_id = %s) "
            f"AND permission_id = {permission}"
        )
        return sql, [self.user_id, *permission_params, self.user_id, *permission_params]


def permitted_q(user: User, model: type[models.Model], action: str, *also: Q) -> Q:
    """A filter for the records of ``model`` on which ``user`` holds ``action`` (directly or by group), or
    that match any of the ``also`` conditions (say, "of the user's own organisation").

    Written as ``also OR pk = ANY(ARRAY(the user's permission rows, UNION their groups'))``: each side is
    an index scan (the ``also`` conditions through the table's own indexes, the permitted ids through
    the primary key) and PostgreSQL ORs the two bitmaps, so counting or paging a register touches only
    the records the user may see. An ``id IN (UNION of all three)`` hash-joined against a scan of the
    whole table; a plain ``IN`` subquery OR'ed with the rest made PostgreSQL test every row.
    """
    condition = Q()
    for extra in also:  # first: the cheap test, where PostgreSQL tests a row against both
        condition |= extra
    return condition | Q(PermittedIds(model, user.pk, action))


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
