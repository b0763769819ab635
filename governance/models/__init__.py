from governance.models.datasets import (
    DATASET_WORKFLOW,
    Dataset,
    DatasetGroupObjectPermission,
    DatasetStatus,
    DatasetUserObjectPermission,
)
from governance.models.documents import UploadedDocument
from governance.models.organisations import (
    Forum,
    ForumKind,
    ForumMembership,
    Organisation,
    OrganisationKind,
    ReferenceCounter,
    SentNotice,
)
from governance.models.projects import (
    PROJECT_WORKFLOW,
    Project,
    ProjectGroupObjectPermission,
    ProjectStatus,
    ProjectUserObjectPermission,
)
from governance.models.submissions import FormSubmission, SubmissionState
from governance.models.users import User

__all__ = [
    "DATASET_WORKFLOW",
    "PROJECT_WORKFLOW",
    "Dataset",
    "DatasetGroupObjectPermission",
    "DatasetStatus",
    "DatasetUserObjectPermission",
    "FormSubmission",
    "Forum",
    "ForumKind",
    "ForumMembership",
    "Organisation",
    "OrganisationKind",
    "Project",
    "ProjectGroupObjectPermission",
    "ProjectStatus",
    "ProjectUserObjectPermission",
    "UploadedDocument",
    "ReferenceCounter",
    "SentNotice",
    "SubmissionState",
    "User",
]
