"""Disposing of one record: deleting it with everything that hangs off it (dependent rows, permission rows,
stored files and every history row of each), or blanking named fields in it and in its history; and
the SHA-256 of the record as it last stood, for its tombstone.

Each function runs inside the caller's transaction. Files are not removed here: their names are
queued in ``PendingFileDeletion`` in the same transaction, and removed by ``remove_pending_files``
once it has committed, so that a crash at any moment leaves neither a file without its record nor
a record without its file.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import default_storage
from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

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
    text = serializers.serialize("json", ordered, sort_keys=True) if ordered else "[]"
    return hashlib.sha256(text.encode()).hexdigest()


def _collect(obj: models.Model) -> dict[type[models.Model], list[models.Model]]:
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        blockers = sorted({f"{o._meta.verbose_name} {o}" for o in error.args[1]})[:3]
        raise DisposalBlocked(f"Kept records still refer to it: {'; '.join(blockers)}.") from error
    found: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for model, instances in collector.data.items():
        found[model].extend(instances)
    for queryset in collector.fast_deletes:
        found[queryset.model].extend(queryset)
    return found


def delete_record(obj: models.Model) -> Disposed:
    """Delete ``obj`` and everything that goes with it, and every history row of each."""
    rows = _collect(obj)
    instances = [instance for group in rows.values() for instance in group]
    digest = snapshot_sha256(instances)
    files = [
        getattr(instance, field.attname)
        for instance in instances
        for field in instance._meta.concrete_fields
        if isinstance(field, models.FileField) and getattr(instance, field.attname)
    ]
    # Deleting clears the instances' keys: note them first.
    keys = {model: [instance.pk for instance in group] for model, group in rows.items()}
    obj.delete()
    history_rows = 0
    for model, pks in keys.items():
        history = _history_model(model)
        if history is not None:
            history_rows += history.objects.filter(**{f"{model._meta.pk.attname}__in": pks}).delete()[0]
        if not _has_direct_permission_tables(model):
            # Permissions given through guardian's generic tables (direct tables go with the record).
            content_type = ContentType.objects.get_for_model(model)
            for generic in _generic_permission_models():
                generic.objects.filter(content_type=content_type, object_pk__in=[str(pk) for pk in pks]).delete()
    PendingFileDeletion.objects.bulk_create(PendingFileDeletion(storage_name=str(name)) for name in files)
    detail = {
        "rows": {
            model._meta.label: len(group) for model, group in sorted(rows.items(), key=lambda i: i[0]._meta.label)
        },
        "history_rows": history_rows,
        "files": len(files),
    }
    return Disposed(digest, detail)


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
