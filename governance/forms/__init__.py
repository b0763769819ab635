from governance.forms.dates import GovUKDateField, GovUKDateInput
from governance.forms.rendering import GovUKForm, GovUKModelForm

__all__ = ["GovUKDateField", "GovUKDateInput", "GovUKForm", "GovUKModelForm"]
