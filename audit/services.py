"""Audit packs: asking for one, building it (from the worker), and asking again after a failure."""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.events import record_event
from audit.models import AuditPack, PackScope, PackStatus
from audit.packs.build import PackData, chain_head, gather, sections
from governance.models import Project, User
from governance.pdf import render_pdf_with_pages
from governance.workflow import ServiceError

logger = logging.getLogger(__name__)

# A pack still "being built" with no progress for this long was cut off (a restart, a kill): it may be retried.
STALE_AFTER = datetime.timedelta(minutes=10)


def pack_request(
    *,
    actor: User,
    scope: str,
    purpose: str,
    project: Project | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
) -> AuditPack:
    if actor.organisation_id is None or not actor.reads_whole_organisation():
        raise ServiceError("Only the DPO, the SIRO and auditors of an organisation produce audit packs.")
    if scope == PackScope.PROJECT:
        if project is None:
            raise ValidationError({"project": "Choose the project the pack is about."})
        if project.organisation_id != actor.organisation_id:
            raise ValidationError({"project": "Choose a project of your own organisation."})
        period_from = period_to = None
    elif scope == PackScope.ORGANISATION:
        if period_from is None or period_to is None:
            raise ValidationError({"period_from": "Give the start and end of the period."})
        if period_to < period_from:
            raise ValidationError({"period_to": "The end of the period must be on or after its start."})
        project = None
    else:
        raise ValidationError({"scope": "Choose what the pack covers."})
    with transaction.atomic():
        pack = AuditPack.objects.create(
            organisation_id=actor.organisation_id,
            scope=scope,
            project=project,
            project_label=f"{project.reference} {project.name}" if project else "",
            period_from=period_from,
            period_to=period_to,
            purpose=purpose.strip(),
            requested_by=actor,
            sections=len(sections(scope)),
        )
        record_event("audit.pack_requested", actor=actor, record=pack)
        _enqueue(pack)
    return pack


def pack_retry(*, pack: AuditPack, actor: User) -> AuditPack:
    """Ask again for a pack that failed, or whose build was cut off."""
    with transaction.atomic():
        locked = AuditPack.objects.select_for_update().get(pk=pack.pk)
        stale = locked.status == PackStatus.RENDERING and (
            locked.heartbeat_at is None or timezone.now() - locked.heartbeat_at > STALE_AFTER
        )
        if locked.status != PackStatus.FAILED and not stale:
            raise ServiceError("This pack is not failed: there is nothing to retry.")
        locked.status, locked.progress, locked.stage, locked.error = PackStatus.QUEUED, 0, "", ""
        locked.save(update_fields=["status", "progress", "stage", "error"])
        record_event("audit.pack_retried", actor=actor, record=locked)
        _enqueue(locked)
    return locked


def _enqueue(pack: AuditPack) -> None:
    from audit.tasks import build_audit_pack

    transaction.on_commit(lambda: build_audit_pack.delay(pack.pk))


def pack_build(pack_id: int) -> bool:
    """Build the pack, once: a second delivery of the task finds it claimed or built and does nothing.
    Returns whether this call built it."""
    claimed = AuditPack.objects.filter(pk=pack_id, status=PackStatus.QUEUED).update(
        status=PackStatus.RENDERING,
        attempts=F("attempts") + 1,
        progress=0,
        stage="Starting",
        error="",
        heartbeat_at=timezone.now(),
    )
    if not claimed:
        return False
    pack = AuditPack.objects.select_related("organisation", "project", "requested_by").get(pk=pack_id)
    done = 0

    def progress(stage: str) -> None:
        nonlocal done
        AuditPack.objects.filter(pk=pack_id).update(progress=done, stage=stage, heartbeat_at=timezone.now())
        done += 1

    try:
        data = gather(pack, progress)
        progress("Typesetting the PDF")
        pdf, pages = _render(pack, data)
        pack.file.save(f"audit-pack-{pack.pk}.pdf", ContentFile(pdf), save=False)
    except Exception as error:
        logger.exception("Audit pack %s could not be built", pack_id)
        AuditPack.objects.filter(pk=pack_id).update(
            status=PackStatus.FAILED,
            error=f"The pack could not be built ({type(error).__name__}). Try again; if it fails again, "
            f"tell the service desk the pack number, {pack_id}.",
            heartbeat_at=timezone.now(),
        )
        return False
    AuditPack.objects.filter(pk=pack_id).update(
        status=PackStatus.READY,
        file=pack.file.name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        data_sha256=pack.data_sha256,
        chain_head=pack.chain_head,
        chain_seq=pack.chain_seq,
        pages=pages,
        progress=pack.sections,
        stage="",
        finished_at=timezone.now(),
    )
    record_event("audit.pack_built", record=pack, details={"pages": pages})
    return True


def _render(pack: AuditPack, data: PackData) -> tuple[bytes, int]:
    pack.chain_seq, pack.chain_head = chain_head()
    pack.data_sha256 = data.digest()
    context = {
        "pack": pack,
        "data": data,
        "sections": sections(pack.scope),
        "has_decisions": any(record.decisions for part in data.types for record in part.records),
        "generated_at": timezone.now(),
        "marking_suffix": f" · Audit pack {pack.pk}",
    }
    return render_pdf_with_pages("audit/pack_pdf.html", context)


def pack_downloaded(*, pack: AuditPack, actor: User) -> None:
    record_event("audit.pack_downloaded", actor=actor, record=pack)
