from __future__ import annotations

from celery import shared_task

from audit.chain import queued_sealing_started, seal
from audit.services import pack_build


@shared_task(name="audit.tasks.build_audit_pack", acks_late=True)
def build_audit_pack(pack_id: int) -> bool:
    """Build an audit pack; delivered twice, it builds once."""
    return pack_build(pack_id)


@shared_task(name="audit.tasks.seal_events")
def seal_events() -> int:
    """Seal the events committed and not yet sealed: queued after a commit that wrote events, and every
    minute from beat (for any a lost task left). Delivered twice, the second finds nothing to seal."""
    queued_sealing_started()
    return seal()
