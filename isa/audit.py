"""How the sharing records are audited."""

from typing import Any

from audit.packs.registry import register_pack
from audit.registry import register
from audit.sensitivity import any_sensitive


def _agreement_is_sensitive(agreement: Any) -> bool:
    if agreement.sensitive_conditions.strip() or agreement.criminal_offence_conditions.strip():
        return True
    return any_sensitive(_datasets(id__in=agreement.covered_datasets.values("dataset_id")))


def _request_is_sensitive(request: Any) -> bool:
    return any_sensitive(_datasets(id__in=request.lines.values("dataset_id")))


def _datasets(**where: Any) -> Any:
    from governance.models import Dataset

    return Dataset.objects.filter(**where).only("special_categories", "personal_data_categories")


register("isa.agreement", sensitive=_agreement_is_sensitive)
register("isa.agreementparty", organisation="agreement__organisation_id")
register("isa.agreementdataset", organisation="agreement__organisation_id")
register("isa.agreementattachment", organisation="agreement__organisation_id")
register("isa.accessrequest", project="project_id", sensitive=_request_is_sensitive)
register("isa.requesteddataset", organisation="request__organisation_id", project="request__project_id")
register("isa.approval", organisation="line__request__organisation_id", project="line__request__project_id")
register("isa.accessgrant", organisation="request__organisation_id", project="request__project_id")
register_pack(
    "isa.agreement",
    "Information sharing agreements",
    project="grants__request__project_id",
    decisions={"status": {"active", "terminated"}},
    order=40,
)
register_pack("isa.accessrequest", "Access requests", decisions={"status": {"approved", "refused"}}, order=50)
register_pack(
    "isa.accessgrant",
    "Access grants",
    project="request__project_id",
    organisation="request__organisation_id",
    decisions={"status": {"revoked", "suspended", "active"}},
    order=60,
)
