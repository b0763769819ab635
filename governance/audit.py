"""How the core records are audited."""

from audit.packs.registry import register_pack
from audit.registry import register
from audit.sensitivity import dataset_is_sensitive

register("governance.dataset", sensitive=dataset_is_sensitive)
register("governance.project", project="pk")
register("governance.organisation", organisation="pk")
register_pack("governance.project", "The project", project="pk", decisions={"status": None}, order=0)
