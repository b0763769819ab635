"""How the DPIA records are audited."""

from typing import Any

from audit.packs.registry import register_pack
from audit.registry import register
from dpia.questions import YesNo


def _screening_is_sensitive(screening: Any) -> bool:
    special = [item for item in screening.special_categories or [] if item != "none"]
    return bool(special) or screening.large_scale_sensitive == YesNo.YES


register("dpia.screening", project="project_id", sensitive=_screening_is_sensitive)
register("dpia.assessment", project="project_id")
register("dpia.remedialaction", organisation="screening__organisation_id", project="screening__project_id")
register(
    "dpia.dpocomment", organisation="version__screening__organisation_id", project="version__screening__project_id"
)
register("dpia.risk", organisation="assessment__organisation_id", project="assessment__project_id")
register("dpia.measure", organisation="risk__assessment__organisation_id", project="risk__assessment__project_id")
register("dpia.priorconsultation", organisation="assessment__organisation_id", project="assessment__project_id")
register_pack(
    "dpia.screening", "DPIA screenings", decisions={"status": {"decided", "conditional", "returned"}}, order=10
)
register_pack("dpia.assessment", "DPIA assessments (stage 2)", decisions={"status": {"signed_off"}}, order=20)
