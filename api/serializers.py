"""What the API shows of each record: the register fields and workflow state, ids for links."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from dpia.models import Screening
from ethics.models import Case
from governance.models import Dataset, Organisation, Project
from isa.models import AccessGrant, AccessRequest, Agreement, AgreementDataset, AgreementParty
from retention.models import DisposalRecord


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_code", "kind", "ico_registration_number"]


class ProjectSerializer(serializers.ModelSerializer[Project]):
    datasets: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "reference",
            "name",
            "organisation",
            "status",
            "lead",
            "information_asset_owner",
            "purpose",
            "start_date",
            "end_date",
            "datasets",
            "created_at",
        ]


class DatasetSerializer(serializers.ModelSerializer[Dataset]):
    class Meta:
        model = Dataset
        fields = [
            "id",
            "reference",
            "name",
            "description",
            "organisation",
            "information_asset_owner",
            "source_system",
            "personal_data_categories",
            "special_categories",
            "data_subject_categories",
            "volume_band",
            "protective_marking",
            "status",
        ]


class PartySerializer(serializers.ModelSerializer[AgreementParty]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["organisation", "organisation_name", "role", "signed_at", "signed_version"]


class CoveredDatasetSerializer(serializers.ModelSerializer[AgreementDataset]):
    dataset_reference = serializers.CharField(source="dataset.reference", read_only=True)

    class Meta:
        model = AgreementDataset
        fields = ["dataset", "dataset_reference", "provider", "recipient"]


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    parties = PartySerializer(many=True, read_only=True)
    datasets = CoveredDatasetSerializer(source="covered_datasets", many=True, read_only=True)
    version_label = serializers.CharField(read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "reference",
            "title",
            "organisation",
            "status",
            "version_label",
            "purpose",
            "lawful_basis",
            "start_date",
            "review_date",
            "end_date",
            "parties",
            "datasets",
        ]


class ScreeningSerializer(serializers.ModelSerializer[Screening]):
    class Meta:
        model = Screening
        fields = [
            "id",
            "reference",
            "organisation",
            "project",
            "status",
            "outcome",
            "submitted_on",
            "due_on",
            "decided_on",
        ]


class ScreeningDetailSerializer(ScreeningSerializer):
    answers = serializers.SerializerMethodField(
        help_text="The stage-1 answers. For a screening with special category or criminal offence data they are "
        "given only with a `reason` for looking (logged, DPA 2018 s.62); otherwise null."
    )
    answers_withheld = serializers.SerializerMethodField(help_text="Why the answers are null, if they are.")

    class Meta(ScreeningSerializer.Meta):
        fields = [*ScreeningSerializer.Meta.fields, "answers", "answers_withheld"]

    def get_answers(self, screening: Screening) -> dict[str, Any] | None:
        return self.context.get("answers")

    def get_answers_withheld(self, screening: Screening) -> str:
        return str(self.context.get("answers_withheld", ""))


class EthicsCaseSerializer(serializers.ModelSerializer[Case]):
    latest_option = serializers.CharField(
        read_only=True, allow_null=True, help_text="The option (A–E) of the case's latest hearing that chose one."
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "title",
            "organisation",
            "committee",
            "project",
            "kind",
            "status",
            "latest_option",
            "created_at",
        ]


class AccessGrantSerializer(serializers.ModelSerializer[AccessGrant]):
    class Meta:
        model = AccessGrant
        fields = [
            "id",
            "user",
            "dataset",
            "request",
            "agreement",
            "starts_on",
            "expires_on",
            "status",
            "ended_at",
            "ended_reason",
        ]


class DisposalRecordSerializer(serializers.ModelSerializer[DisposalRecord]):
    class Meta:
        model = DisposalRecord
        fields = [
            "id",
            "organisation",
            "record_type",
            "record_id",
            "label",
            "schedule",
            "due_on",
            "disposed_at",
            "method",
            "authority",
            "sha256",
        ]


class AccessRequestSerializer(serializers.ModelSerializer[AccessRequest]):
    datasets = serializers.SerializerMethodField()

    class Meta:
        model = AccessRequest
        fields = [
            "id",
            "reference",
            "requester",
            "organisation",
            "project",
            "status",
            "start_date",
            "end_date",
            "datasets",
            "created_at",
            "decided_at",
            "version",
        ]

    def get_datasets(self, request: AccessRequest) -> list[int]:
        return [line.dataset_id for line in request.lines.all()]


class AccessRequestCreateSerializer(serializers.ModelSerializer[AccessRequest]):
    """The request form's questions; the project and datasets are checked against what the caller may ask for."""

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.none())
    datasets = serializers.PrimaryKeyRelatedField(queryset=Dataset.objects.none(), many=True, allow_empty=False)

    class Meta:
        model = AccessRequest
        fields = [
            "project",
            "datasets",
            "research_questions",
            "policing_benefit",
            "safe_project",
            "safe_people",
            "safe_setting",
            "safe_data",
            "safe_outputs",
            "fields_needed",
            "pseudonymised_sufficient",
            "pseudonymised_reason",
            "start_date",
            "end_date",
        ]


class VersionSerializer(serializers.Serializer[Any]):
    expected_version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you read; a stale one is refused (409)."
    )


class ResubmitSerializer(VersionSerializer):
    research_questions = serializers.CharField(required=False)
    policing_benefit = serializers.CharField(required=False)
    fields_needed = serializers.CharField(required=False)


class DecisionGrantSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    starts_on = serializers.DateField()
    expires_on = serializers.DateField()
    status = serializers.CharField()
    request = serializers.IntegerField()
    agreement = serializers.IntegerField(allow_null=True)
    agreement_reference = serializers.CharField(allow_null=True)


class DecisionReasonSerializer(serializers.Serializer[Any]):
    code = serializers.ChoiceField(
        choices=[
            "no_grant",
            "not_started",
            "expired",
            "revoked",
            "agreement_ended",
            "screening_reopened",
            "ethics_advice",
            "suspended",
            "account_inactive",
        ]
    )
    text = serializers.CharField()
    grant = serializers.IntegerField(allow_null=True)
    detail = serializers.CharField(allow_blank=True)


class AccessDecisionSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["allow", "deny"])
    user = serializers.IntegerField()
    dataset = serializers.IntegerField()
    dataset_reference = serializers.CharField()
    decided_at = serializers.DateTimeField()
    grant = DecisionGrantSerializer(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    reasons = DecisionReasonSerializer(many=True)
