from __future__ import annotations

from celery import shared_task

from audit.chain import seal
from audit.services import pack_build


@shared_task(name="audit.tasks.build_audit_pack", acks_late=True)
def build_audit_pack(pack_id: int) -> bool:
    """Build an audit pack; delivered twice, it builds once."""
    return pack_build(pack_id)


@shared_task(name="audit.tasks.seal_events")
def seal_events() -> int:
    """Every minute: seal any event a request committed but did not seal (the sealer after its commit failed)."""
    return seal()
