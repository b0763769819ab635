"""Training records fall under retention (e.g. kept for a number of years after they lapse)."""

from __future__ import annotations

from retention.registry import DateSource, RecordType, register

register(
    RecordType(
        key="training.trainingrecord",
        label="Training records",
        organisation="organisation_id",
        dates={
            "created": DateSource("when it was recorded", "created_at"),
            "expires_on": DateSource("when it stopped counting", "expires_on"),
        },
        fixed_dates=("expires_on",),
        describe=lambda record: f"Training record {record.pk}",
        owner=lambda record: None,
    )
)
