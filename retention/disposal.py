"""Disposing of one record: deleting it with everything that hangs off it (dependent rows, permission rows,
stored files and every history row of each), or blanking named fields in it and in its history; and
the SHA-256 of the record as it last stood, for its tombstone.

Each function runs inside the caller's transaction. Files are not removed here: their names are
queued in ``PendingFileDeletion`` in the same transaction, and removed by ``remove_pending_files``
once it has committed, so that a crash at any moment leaves neither a file without its record nor
a record without its file.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.sql import DeleteQuery
from django.utils.encoding import is_protected_type

from retention.models import PendingFileDeletion


class DisposalBlocked(Exception):
    """The record cannot be deleted while another record that is kept still refers to it."""


@dataclass(frozen=True)
class Disposed:
    sha256: str
    detail: dict[str, Any]


def _history_model(model: type[models.Model]) -> Any:
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None) if manager is not None else None


def snapshot_sha256(instances: Iterable[models.Model]) -> str:
    """A digest of the rows as they stand: serialised in a fixed order, so the same rows give the same
    digest wherever and whenever it is computed."""
    ordered = sorted(instances, key=lambda obj: (obj._meta.label_lower, str(obj.pk)))
    # Byte for byte what ``serializers.serialize("json", ordered, sort_keys=True)`` writes, in one call to
    # the C JSON encoder (Django's JSON serialiser encodes object by object in pure Python).
    text = json.dumps([_as_python(obj) for obj in ordered], cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def _serialised_fields(model: type[models.Model]) -> tuple[tuple[str, str, Any], ...] | None:
    """The fields Django's serialiser writes for the model, each as (name, attribute, the field where it needs
    its own methods; None where reading the attribute is all ``value_from_object`` and ``value_to_string``
    do), or None where the serialiser would also read many-to-many relations (left to it)."""
    concrete = model._meta.concrete_model
    assert concrete is not None
    fields: list[Any] = list(concrete._meta.local_fields)
    if any(getattr(field, "serialize", True) for field in concrete._meta.local_many_to_many):
        return None
    plain = (models.Field.value_from_object, models.Field.value_to_string)
    return tuple(
        (
            field.name,
            field.attname,
            None if (type(field).value_from_object, type(field).value_to_string) == plain else field,
        )
        for field in fields
        if field.serialize
    )


def _field_value(obj: models.Model, field: Any) -> Any:
    value = field.value_from_object(obj)
    return value if is_protected_type(value) else field.value_to_string(obj)


def _as_python(obj: models.Model) -> dict[str, Any]:
    """What ``serializers.serialize("python", [obj])[0]`` gives, without the serialiser's per-field calls."""
    fields = _serialised_fields(type(obj))
    if fields is None:
        return cast(dict[str, Any], serializers.serialize("python", [obj])[0])
    values: dict[str, Any] = {}
    state = obj.__dict__
    for name, attname, field in fields:
        if field is not None:
            values[name] = _field_value(obj, field)
            continue
        # Field.value_from_object is the attribute; Field.value_to_string is str() of it.
        value = state[attname] if attname in state else getattr(obj, attname)
        values[name] = value if is_protected_type(value) else str(value)
    return {"model": str(obj._meta), "pk": _field_value(obj, obj._meta.pk), "fields": values}


def _collect(objs: list[models.Model]) -> Collector:
    collector = Collector(using=router.db_for_write(type(objs[0])), origin=objs[0] if len(objs) == 1 else None)
    try:
        collector.collect(objs)
    except (ProtectedError, RestrictedError) as error:
        blockers = sorted({f"{o._meta.verbose_name} {o}" for o in error.args[1]})[:3]
        raise DisposalBlocked(f"Kept records still refer to it: {'; '.join(blockers)}.") from error
    return collector


def _full_rows(collector: Collector) -> dict[type[models.Model], list[models.Model]]:
    """Every row the collector would delete, with all its columns: one query per model (the collector reads
    only the columns deletion needs, and serialising a half-read row would read the rest a field at a time).
    Rows already read in full (the records the sweep loaded) are used as they are."""
    keys: dict[type[models.Model], set[Any]] = defaultdict(set)
    full: dict[type[models.Model], list[models.Model]] = {}
    for model, instances in collector.data.items():
        if not any(instance.get_deferred_fields() for instance in instances):
            full[model] = list(instances)
            continue
        keys[model].update(instance.pk for instance in instances)
    for queryset in collector.fast_deletes:
        keys[queryset.model].update(queryset.values_list("pk", flat=True))
    read = {
        model: list(model._base_manager.using(collector.using).filter(pk__in=pks)) for model, pks in keys.items() if pks
    }
    for model, instances in full.items():
        read.setdefault(model, []).extend(instances)
    return read


def _owners(
    origins: list[models.Model], rows: dict[type[models.Model], list[models.Model]]
) -> dict[Any, list[models.Model]]:
    """Each origin's rows: itself and the rows that reach it through foreign keys among the collected rows
    (the path the cascade took). A row that reaches no origin is refused, so nothing is left unaccounted."""
    origin_model = type(origins[0])
    origin_pks = {origin.pk for origin in origins}
    collected = {model: {row.pk for row in group} for model, group in rows.items()}
    parents: dict[tuple[type[models.Model], Any], tuple[type[models.Model], Any] | None] = {}
    for model, group in rows.items():
        links: list[tuple[str, Any]] = [
            (field.attname, cast(Any, field.related_model)._meta.concrete_model)
            for field in model._meta.concrete_fields
            if field.is_relation and field.many_to_one and field.related_model is not None
        ]
        for row in group:
            parent = None
            if not (model is origin_model and row.pk in origin_pks):
                for attname, target in links:
                    value = getattr(row, attname)
                    if value is not None and value in collected.get(target, ()):
                        parent = (target, value)
                        break
            parents[(model, row.pk)] = parent

    def root(node: tuple[type[models.Model], Any]) -> Any:
        seen = set()
        while parents.get(node) is not None:
            if node in seen:
                break
            seen.add(node)
            node = parents[node]  # type: ignore[assignment]
        if node[0] is not origin_model or node[1] not in origin_pks:
            raise DisposalBlocked(f"A {node[0]._meta.verbose_name} to delete belongs to none of the records.")
        return node[1]

    owned: dict[Any, list[models.Model]] = {pk: [] for pk in origin_pks}
    for model, group in rows.items():
        for row in group:
            owned[root((model, row.pk))].append(row)
    return owned


def _delete_collected(collector: Collector) -> None:
    """What ``Collector.delete`` does, set by set, without a signal per row: the history rows simple-history
    would write for each deleted row are deleted with the rest, and the disposal's own audit event and
    tombstone record it."""
    using = collector.using
    collector.sort()
    with transaction.atomic(using=using, savepoint=False):
        for queryset in collector.fast_deletes:
            queryset._raw_delete(using=using)
        for (field, value), batches in collector.field_updates.items():
            for batch in batches:
                if isinstance(batch, models.QuerySet) and batch._result_cache is None:
                    batch.update(**{field.name: value})
                else:
                    rows: list[Any] = list(cast(Iterable[Any], batch))
                    if rows:
                        type(rows[0])._base_manager.using(using).filter(pk__in=[o.pk for o in rows]).update(
                            **{field.name: value}
                        )
        for model, instances in collector.data.items():  # sorted by the collector: dependents first
            DeleteQuery(model).delete_batch(sorted(instance.pk for instance in instances), using)


def delete_records(objs: list[models.Model]) -> dict[Any, Disposed]:
    """Delete the records (all of one model) and everything that goes with each, and every history row of
    each, in a statement per table; for each record, the digest and counts of what went with it. If any one
    of them cannot go (a kept record refers to it), none is deleted and ``DisposalBlocked`` says why."""
    if not objs:
        return {}
    collector = _collect(objs)
    rows = _full_rows(collector)
    owned = _owners(objs, rows)
    history_counts: dict[tuple[type[models.Model], Any], int] = {}
    for model, group in rows.items():
        history = _history_model(model)
        if history is not None:
            attname = model._meta.pk.attname
            counted = history.objects.filter(**{f"{attname}__in": [row.pk for row in group]}).values_list(attname)
            for pk, count in counted.annotate(n=models.Count("pk")).order_by().values_list(attname, "n"):
                history_counts[(model, pk)] = count
    _delete_collected(collector)
    files: list[str] = []
    generic_rows = Q()  # permissions given through guardian's generic tables (direct tables go with the record)
    generic_types = []
    for model, group in rows.items():
        pks = [row.pk for row in group]
        history = _history_model(model)
        if history is not None:
            history.objects.filter(**{f"{model._meta.pk.attname}__in": pks})._raw_delete(collector.using)
        if not _has_direct_permission_tables(model):
            content_type = ContentType.objects.get_for_model(model)
            generic_types.append(content_type)
            generic_rows |= Q(content_type=content_type, object_pk__in=[str(pk) for pk in pks])
    for generic in _generic_permission_models() if generic_types else []:
        # One statement for every model of the page, and none where no row of these kinds is given that way
        # (the product's own records have direct tables: an index lookup says so).
        if generic.objects.filter(content_type__in=generic_types).exists():
            generic.objects.filter(generic_rows).delete()
    disposed: dict[Any, Disposed] = {}
    for pk, group in owned.items():
        names = [
            str(getattr(row, field.attname))
            for row in group
            for field in row._meta.concrete_fields
            if isinstance(field, models.FileField) and getattr(row, field.attname)
        ]
        files.extend(names)
        by_model: dict[str, int] = defaultdict(int)
        for row in group:
            by_model[row._meta.label] += 1
        detail = {
            "rows": dict(sorted(by_model.items())),
            "history_rows": sum(history_counts.get((type(row), row.pk), 0) for row in group),
            "files": len(names),
        }
        disposed[pk] = Disposed(snapshot_sha256(group), detail)
    PendingFileDeletion.objects.bulk_create(PendingFileDeletion(storage_name=name) for name in files)
    return disposed


def delete_record(obj: models.Model) -> Disposed:
    """Delete ``obj`` and everything that goes with it, and every history row of each."""
    return delete_records([obj])[obj.pk]


def _has_direct_permission_tables(model: type[models.Model]) -> bool:
    from governance.permissions import permission_tables

    try:
        permission_tables(model)
    except LookupError:
        return False
    return True


def _generic_permission_models() -> list[Any]:
    from guardian.models import GroupObjectPermission, UserObjectPermission

    return [UserObjectPermission, GroupObjectPermission]


def anonymise_record(obj: models.Model, fields: Iterable[str]) -> Disposed:
    """Blank ``fields`` in the record and in every history row of it."""
    model = type(obj)
    blank: dict[str, Any] = {}
    for name in fields:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        blank[name] = None if field.null else ("" if isinstance(field, models.CharField | models.TextField) else [])
    model._base_manager.filter(pk=obj.pk).update(**blank)
    history = _history_model(model)
    history_rows = 0
    if history is not None:
        history_rows = history.objects.filter(**{model._meta.pk.attname: obj.pk}).update(**blank)
    final = model._base_manager.get(pk=obj.pk)
    return Disposed(snapshot_sha256([final]), {"fields": sorted(blank), "history_rows": history_rows})


def remove_pending_files(limit: int = 500) -> int:
    """Remove stored files whose records have gone (and whose disposal has committed)."""
    removed = 0
    for pending in PendingFileDeletion.objects.order_by("pk")[:limit]:
        if default_storage.exists(pending.storage_name):
            default_storage.delete(pending.storage_name)
        pending.delete()
        removed += 1
    return removed
