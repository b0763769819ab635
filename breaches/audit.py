"""How the breach register is audited. A breach record describes the data involved rather than holding it,
so viewing one is not a consultation of sensitive data (DPA 2018 s.62); its changes are all events."""

from audit.packs.registry import register_pack
from audit.registry import register

register("breaches.breach")
register("breaches.containmentaction", organisation="breach__organisation_id")
register_pack(
    "breaches.breach",
    "Personal data breaches",
    project=None,
    decisions={"status": {"reported_to_ico", "not_reportable", "closed"}},
    order=70,
)
