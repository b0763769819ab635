"""How the ethics committee's records are audited."""

from audit.packs.registry import register_pack
from audit.registry import register

register("ethics.committeemember", organisation="committee__organisation_id")
register("ethics.meeting", organisation="committee__organisation_id")
register("ethics.attendance", organisation="meeting__committee__organisation_id")
register("ethics.agendaitem", organisation="meeting__committee__organisation_id")
register("ethics.case", project="project_id")
for _child in ("casepaper", "hearing", "caseaction", "condition"):
    register(f"ethics.{_child}", organisation="case__organisation_id", project="case__project_id")
register("ethics.hearingquestion", organisation="hearing__case__organisation_id", project="hearing__case__project_id")
register_pack(
    "ethics.case", "Ethics committee cases", decisions={"status": {"advised", "conditions", "closed"}}, order=30
)
register_pack(
    "ethics.hearing",
    "Ethics committee hearings",
    project="case__project_id",
    organisation="case__organisation_id",
    decisions={"option": None},
    order=31,
)
