"""How the retention records are audited."""

from audit.registry import register

register("retention.datasetretention", organisation="dataset__organisation_id")
register("retention.legalhold", project="project_id")
