"""The dashboard's own panels and exceptions, over the records of the apps it was built with. An app
added later registers its own (see ``dashboard.registry``) rather than adding them here."""

from __future__ import annotations

from dashboard.registry import register_exception, register_panel


def register_builtin() -> None:
    from dashboard.sources import dpia, ethics, isa, retention

    for panel in (dpia.PANEL, isa.PANEL, ethics.PANEL, retention.PANEL):
        register_panel(panel)
    for order, figure in enumerate(
        (
            isa.GRANTS_WITHOUT_AGREEMENT,
            dpia.OVERDUE_REVIEWS,
            dpia.OVERDUE_ACTIONS,
            dpia.NO_CONSULTATION,
            retention.OVERDUE_CONFIRMATIONS,
            ethics.GRANTS_AGAINST_ADVICE,
        ),
        start=1,
    ):
        register_exception(figure, order=order * 10)
