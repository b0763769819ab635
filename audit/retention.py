"""Audit packs fall under retention like any record (the pack's file goes with it; its events stay)."""

from __future__ import annotations

from retention.registry import DateSource, RecordType, register

register(
    RecordType(
        key="audit.auditpack",
        label="Audit packs (PDF files)",
        organisation="organisation_id",
        project="project_id",
        dates={
            "created": DateSource("when it was asked for", "requested_at"),
            "closed": DateSource("when it was built", "finished_at"),
        },
        describe=lambda pack: f"Audit pack {pack.pk}",
        owner=lambda pack: pack.requested_by,
        related=("requested_by",),
    )
)
