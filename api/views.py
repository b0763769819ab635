"""The API's views. Permissions are the pages': every list starts from ``visible_to(user)``, a record the
caller may not see is 404, and every change goes through the app's service. Each call is an audit event."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters as f
from api.decisions import decide, find_dataset, find_user, may_ask, may_ask_about_others
from api.models import ApiToken
from api.serializers import (
    AccessDecisionSerializer,
    AccessGrantSerializer,
    AccessRequestCreateSerializer,
    AccessRequestSerializer,
    AgreementSerializer,
    DatasetSerializer,
    DisposalRecordSerializer,
    EthicsCaseSerializer,
    OrganisationSerializer,
    ProjectSerializer,
    ResubmitSerializer,
    ScreeningDetailSerializer,
    ScreeningSerializer,
    VersionSerializer,
)
from api.tokens import is_service_account
from audit.events import record_event
from audit.registry import audited
from dpia.answers import answers_of
from dpia.models import Screening, ScreeningStatus
from dpia.questions import Outcome
from ethics.models import Case, CaseStatus, Hearing
from governance.models import Dataset, Organisation, Project, User
from governance.models.datasets import DatasetStatus
from governance.models.projects import ProjectStatus
from governance.workflow import EditConflict, ServiceError
from isa.models import (
    AccessGrant,
    AccessRequest,
    Agreement,
    AgreementDataset,
    AgreementParty,
    AgreementStatus,
    GrantStatus,
    RequestedDataset,
    RequestStatus,
)
from isa.services.requests import access_request_create, access_request_resubmit, access_request_withdraw
from isa.views.requests import requestable_datasets
from retention.access import sees_retention
from retention.models import DisposalRecord, Method


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


class AuditedApiMixin:
    """Every call is an audit event (who, which endpoint, the method and the answer's status); the query
    string is not recorded, since it may name a person."""

    audit_name = ""

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        name = self.audit_name or f"{getattr(self, 'basename', 'api')}.{getattr(self, 'action', None) or 'call'}"
        user = getattr(request, "_user", None)
        actor = user if user is not None and user.is_authenticated else None
        token = request.auth if isinstance(getattr(request, "_auth", None), ApiToken) else None
        details: dict[str, Any] = {"method": request.method, "status": response.status_code}
        if token is not None:
            details["token"] = token.pk
        record_event(
            f"api.{name}",
            actor=actor,
            organisation_id=getattr(actor, "organisation_id", None),
            details=details,
        )
        return response


class ReadViewSet(AuditedApiMixin, viewsets.ReadOnlyModelViewSet[Any]):
    filters: Sequence[f.Filter] = ()

    def visible(self, user: User) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.visible(_user(self.request))
        if self.action == "list":
            queryset = f.apply(queryset, self.request, self.filters)
        return queryset


def _documented(filters: Sequence[f.Filter]) -> Any:
    return extend_schema_view(list=extend_schema(parameters=f.parameters(filters)))


ORGANISATION_FILTERS = [f.Filter("short_code", "short_code", description="The organisation's short code.")]


@_documented(ORGANISATION_FILTERS)
class OrganisationViewSet(ReadViewSet):
    """The caller's own organisation and the organisations it shares with under an agreement it can see."""

    queryset = Organisation.objects.none()  # for the schema; requests use visible()
    serializer_class = OrganisationSerializer
    filters = ORGANISATION_FILTERS

    def visible(self, user: User) -> QuerySet[Organisation]:
        agreements = Agreement.objects.visible_to(user).values("pk")
        partner = Exists(AgreementParty.objects.filter(organisation=OuterRef("pk"), agreement__in=agreements))
        return Organisation.objects.filter(Q(pk=user.organisation_id) | partner).order_by("name")


PROJECT_FILTERS = [
    f.Filter("status", "status", choices=f.choices_of(ProjectStatus)),
    f.Filter("organisation", "organisation_id", "int"),
    f.Filter("reference", "reference"),
    f.Filter("dataset", "datasets", "int", description="Projects using this dataset."),
]


@_documented(PROJECT_FILTERS)
class ProjectViewSet(ReadViewSet):
    queryset = Project.objects.none()  # for the schema; requests use visible()
    serializer_class = ProjectSerializer
    filters = PROJECT_FILTERS

    def visible(self, user: User) -> QuerySet[Project]:
        return Project.objects.visible_to(user).prefetch_related("datasets").distinct()


DATASET_FILTERS = [
    f.Filter("status", "status", choices=f.choices_of(DatasetStatus)),
    f.Filter("organisation", "organisation_id", "int"),
    f.Filter("reference", "reference"),
]


@_documented(DATASET_FILTERS)
class DatasetViewSet(ReadViewSet):
    queryset = Dataset.objects.none()  # for the schema; requests use visible()
    serializer_class = DatasetSerializer
    filters = DATASET_FILTERS

    def visible(self, user: User) -> QuerySet[Dataset]:
        return Dataset.objects.visible_to(user)


AGREEMENT_FILTERS = [
    f.Filter("status", "status", choices=f.choices_of(AgreementStatus)),
    f.Filter("organisation", "organisation_id", "int", description="The drafting organisation."),
    f.Filter("reference", "reference"),
]


@_documented(AGREEMENT_FILTERS)
class AgreementViewSet(ReadViewSet):
    """Agreements with their parties and the datasets they cover (who provides each to whom)."""

    queryset = Agreement.objects.none()  # for the schema; requests use visible()
    serializer_class = AgreementSerializer
    filters = AGREEMENT_FILTERS

    def visible(self, user: User) -> QuerySet[Agreement]:
        return Agreement.objects.visible_to(user).prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation")),
            Prefetch("covered_datasets", queryset=AgreementDataset.objects.select_related("dataset")),
        )


SCREENING_FILTERS = [
    f.Filter("status", "status", choices=f.choices_of(ScreeningStatus)),
    f.Filter("outcome", "outcome", choices=f.choices_of(Outcome)),
    f.Filter("project", "project_id", "int"),
    f.Filter("submitted_after", "submitted_on__gte", "date"),
    f.Filter("submitted_before", "submitted_on__lte", "date"),
]


@_documented(SCREENING_FILTERS)
class ScreeningViewSet(ReadViewSet):
    """Screenings: status, outcome and dates; one screening's answers as its page shows them."""

    queryset = Screening.objects.none()  # for the schema; requests use visible()
    serializer_class = ScreeningSerializer
    filters = SCREENING_FILTERS

    def visible(self, user: User) -> QuerySet[Screening]:
        return Screening.objects.visible_to(user).select_related("project")

    @extend_schema(
        parameters=[OpenApiParameter("reason", str, description="Why you are looking (needed for sensitive answers).")],
        responses=ScreeningDetailSerializer,
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        screening = self.get_object()
        context = self.get_serializer_context()
        # The page's rule: whoever may see the screening sees its answers; a sensitive one asks why, and
        # the look is logged with the reason (DPA 2018 s.62).
        if audited(screening).is_sensitive(screening):
            reason = request.query_params.get("reason", "").strip()
            if not reason:
                context["answers_withheld"] = "The screening holds sensitive data: give a reason for looking."
            else:
                record_event("dpia.screening.viewed", actor=request.user, record=screening, justification=reason[:500])
                context["answers"] = answers_of(screening)
        else:
            context["answers"] = answers_of(screening)
        return Response(ScreeningDetailSerializer(screening, context=context).data)


CASE_FILTERS = [
    f.Filter("status", "status", choices=f.choices_of(CaseStatus)),
    f.Filter("project", "project_id", "int"),
    f.Filter("reference", "reference"),
]


@_documented(CASE_FILTERS)
class EthicsCaseViewSet(ReadViewSet):
    """Ethics committee cases: status, and the option of the latest hearing that chose one."""

    queryset = Case.objects.none()  # for the schema; requests use visible()
    serializer_class = EthicsCaseSerializer
    filters = CASE_FILTERS

    def visible(self, user: User) -> QuerySet[Case]:
        latest = (
            Hearing.objects.filter(case=OuterRef("pk"))
            .exclude(option="")
            .order_by("-meeting__date", "-decided_at", "-pk")
            .values("option")[:1]
        )
        return Case.objects.visible_to(user).annotate(latest_option=Subquery(latest))


GRANT_FILTERS = [
    f.Filter("status", "status", choices=f.choices_of(GrantStatus)),
    f.Filter("dataset", "dataset_id", "int"),
    f.Filter("user", "user_id", "int"),
    f.Filter("expires_before", "expires_on__lte", "date"),
]


@_documented(GRANT_FILTERS)
class AccessGrantViewSet(ReadViewSet):
    queryset = AccessGrant.objects.none()  # for the schema; requests use visible()
    serializer_class = AccessGrantSerializer
    filters = GRANT_FILTERS

    def visible(self, user: User) -> QuerySet[AccessGrant]:
        return AccessGrant.objects.visible_to(user)


DISPOSAL_FILTERS = [
    f.Filter("record_type", "record_type"),
    f.Filter("method", "method", choices=f.choices_of(Method)),
    f.Filter("disposed_after", "disposed_at__date__gte", "date"),
    f.Filter("disposed_before", "disposed_at__date__lte", "date"),
]


@_documented(DISPOSAL_FILTERS)
class DisposalRecordViewSet(ReadViewSet):
    """The disposal log (tombstones): for the DPO and SIRO of the organisation, as on the retention pages."""

    queryset = DisposalRecord.objects.none()  # for the schema; requests use visible()
    serializer_class = DisposalRecordSerializer
    filters = DISPOSAL_FILTERS

    def visible(self, user: User) -> QuerySet[DisposalRecord]:
        if not sees_retention(user) or user.organisation_id is None:
            return DisposalRecord.objects.none()
        return DisposalRecord.objects.filter(organisation_id=user.organisation_id)


REQUEST_FILTERS = [
    f.Filter("status", "status", choices=f.choices_of(RequestStatus)),
    f.Filter("project", "project_id", "int"),
    f.Filter("requester", "requester_id", "int"),
]


def _service_errors(error: Exception) -> Response:
    if isinstance(error, EditConflict):
        return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    if isinstance(error, DjangoValidationError):
        raise ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})
    return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)


@_documented(REQUEST_FILTERS)
class AccessRequestViewSet(mixins.CreateModelMixin, ReadViewSet):
    """Access requests: the caller's own and those they approve or oversee. Create (which submits it to
    the approvers), resubmit with more information, and withdraw, through the isa services."""

    queryset = AccessRequest.objects.none()  # for the schema; requests use visible()
    serializer_class = AccessRequestSerializer
    filters = REQUEST_FILTERS

    def visible(self, user: User) -> QuerySet[AccessRequest]:
        return AccessRequest.objects.visible_to(user).prefetch_related(
            Prefetch("lines", queryset=RequestedDataset.objects.only("id", "request_id", "dataset_id"))
        )

    def _person(self) -> User:
        user = _user(self.request)
        if is_service_account(user):
            raise PermissionDenied("A service account reads; only a person asks for access.")
        return user

    def _own_request(self, user: User) -> AccessRequest:
        """The request in the address, which only its requester resubmits or withdraws (403 for others who see it)."""
        access_request = self.get_object()
        if access_request.requester_id != user.pk:
            raise PermissionDenied("Only the requester can do this.")
        return access_request

    @extend_schema(request=AccessRequestCreateSerializer, responses={201: AccessRequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = self._person()
        form = AccessRequestCreateSerializer(data=request.data)
        fields: Any = form.fields
        fields["project"].queryset = (
            Project.objects.visible_to(user)
            .filter(organisation__users=user)
            .filter(status__in=[ProjectStatus.PROPOSED, ProjectStatus.ACTIVE])
        )
        fields["datasets"].child_relation.queryset = requestable_datasets(user)
        form.is_valid(raise_exception=True)
        answers = dict(form.validated_data)
        project, datasets = answers.pop("project"), answers.pop("datasets")
        try:
            created = access_request_create(actor=user, project=project, datasets=datasets, **answers)
        except (ServiceError, DjangoValidationError) as error:
            return _service_errors(error)
        return Response(AccessRequestSerializer(self.visible(user).get(pk=created.pk)).data, status=201)

    @extend_schema(request=VersionSerializer, responses=AccessRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        user = self._person()
        access_request = self._own_request(user)
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            access_request_withdraw(
                request=access_request, actor=user, expected_version=body.validated_data["expected_version"]
            )
        except (ServiceError, DjangoValidationError) as error:
            return _service_errors(error)
        return Response(AccessRequestSerializer(self.visible(user).get(pk=access_request.pk)).data)

    @extend_schema(request=ResubmitSerializer, responses=AccessRequestSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Send a request the approver asked about back to them, with the answers changed."""
        user = self._person()
        access_request = self._own_request(user)
        body = ResubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answers = dict(body.validated_data)
        version = answers.pop("expected_version")
        try:
            access_request_resubmit(request=access_request, actor=user, expected_version=version, **answers)
        except (ServiceError, DjangoValidationError) as error:
            return _service_errors(error)
        return Response(AccessRequestSerializer(self.visible(user).get(pk=access_request.pk)).data)


class AccessDecisionView(AuditedApiMixin, APIView):
    """May this person have this dataset now, and under what? Allow: the grant, the agreement it rests on
    and its expiry. Deny: the reasons. Asked by the person themselves, the dataset's asset owner, or its
    organisation's DPO or service accounts; a dataset the caller may not see is 404."""

    audit_name = "access_decision"

    @extend_schema(
        parameters=[
            OpenApiParameter("user", str, required=True, description="The person: a user id or username."),
            OpenApiParameter("dataset", str, required=True, description="The dataset: an id or its reference."),
        ],
        responses=AccessDecisionSerializer,
    )
    def get(self, request: Request) -> Response:
        asker = _user(request)
        user_value = request.query_params.get("user", "").strip()
        dataset_value = request.query_params.get("dataset", "").strip()
        missing = {name: "Required." for name, value in (("user", user_value), ("dataset", dataset_value)) if not value}
        if missing:
            raise ValidationError(missing)
        if "\x00" in user_value + dataset_value:
            raise ValidationError({"detail": "The values hold a character that cannot be searched for."})
        dataset = find_dataset(asker, dataset_value)
        if dataset is None:
            raise NotFound("No such dataset.")
        subject = find_user(user_value)
        if subject is None:
            if not may_ask_about_others(asker, dataset):
                raise PermissionDenied("You may ask only about yourself.")
            raise NotFound("No such user.")
        if not may_ask(asker, dataset, subject):
            raise PermissionDenied(
                "Only the person, the dataset's asset owner, or its organisation's DPO or service accounts may ask."
            )
        decision = decide(subject, dataset)
        grant = decision.grant
        record_event(
            "api.access_decision.answered",
            actor=asker,
            record=dataset,
            details={
                "subject": subject.pk,
                "dataset": dataset.pk,
                "decision": decision.answer,
                "grant": grant.pk if grant else None,
                "reasons": [reason.code.value for reason in decision.reasons],
            },
        )
        body = {
            "decision": decision.answer,
            "user": subject.pk,
            "dataset": dataset.pk,
            "dataset_reference": dataset.reference,
            "decided_at": timezone.now(),
            "grant": None,
            "expires_on": None,
            "reasons": [
                {
                    "code": reason.code.value,
                    "text": reason.text,
                    "grant": reason.grant.pk if reason.grant else None,
                    "detail": reason.detail,
                }
                for reason in decision.reasons
            ],
        }
        if grant is not None:
            body["expires_on"] = grant.expires_on
            body["grant"] = {
                "id": grant.pk,
                "starts_on": grant.starts_on,
                "expires_on": grant.expires_on,
                "status": grant.status,
                "request": grant.request_id,
                "agreement": grant.agreement_id,
                "agreement_reference": grant.agreement.reference if grant.agreement else None,
            }
        return Response(AccessDecisionSerializer(body).data, headers={"Cache-Control": "no-store"})
