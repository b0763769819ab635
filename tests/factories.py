"""Factories that build valid records. Projects and datasets are made through the services, so a
factory-made record carries the permissions and history real use would give it."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from governance.choices import PersonalDataCategory, ProtectiveMarking
from governance.models import (
    Dataset,
    Forum,
    ForumKind,
    ForumMembership,
    Organisation,
    OrganisationKind,
    Project,
    User,
)
from governance.roles import Role
from governance.services.datasets import DatasetDetails, dataset_create
from governance.services.projects import project_create
from training.models import TrainingRecord

PASSWORD = "correct horse battery staple"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("short_code",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    short_code = factory.Sequence(lambda n: f"ORG{n}")
    kind = OrganisationKind.POLICE_FORCE


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    job_title = "Analyst"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=[Role(role).value for role in extracted]))
            self.__dict__.pop("role_names", None)

    @factory.post_generation
    def trained(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Staff have their data protection training in date unless a test says otherwise (trained=False)."""
        if create and extracted is not False and self.organisation_id is not None:
            today = datetime.date.today()
            TrainingRecord.objects.create(
                person=self,
                organisation_id=self.organisation_id,
                course="Data protection and information security",
                completed_on=today - datetime.timedelta(days=30),
                expires_on=today + datetime.timedelta(days=335),
                recorded_by=self,
            )


class ForumFactory(DjangoModelFactory):
    class Meta:
        model = Forum

    name = factory.Sequence(lambda n: f"Forum {n}")
    kind = ForumKind.GOVERNANCE_ALLIANCE


class ForumMembershipFactory(DjangoModelFactory):
    class Meta:
        model = ForumMembership

    forum = factory.SubFactory(ForumFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class DatasetFactory(factory.Factory):
    """Keyword arguments are the register's fields; ``information_asset_owner`` defaults to a new
    asset owner in a new organisation."""

    class Meta:
        model = Dataset

    name = factory.Sequence(lambda n: f"Dataset {n}")
    information_asset_owner = factory.SubFactory(UserFactory, roles=[Role.ASSET_OWNER])
    source_system = "Crime recording system"
    personal_data_categories = factory.LazyFunction(lambda: [PersonalDataCategory.NAMES])
    protective_marking = ProtectiveMarking.OFFICIAL_SENSITIVE

    @classmethod
    def _create(cls, model_class: type[Dataset], **fields: Any) -> Dataset:
        owner = fields["information_asset_owner"]
        return dataset_create(actor=owner, details=DatasetDetails(**fields))

    @classmethod
    def _build(cls, model_class: type[Dataset], **fields: Any) -> Dataset:
        raise NotImplementedError("Datasets are made through dataset_create; use create().")


class ProjectFactory(factory.Factory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    purpose = "To understand demand on the force and where to deploy resources."
    lead = factory.SubFactory(UserFactory, roles=[Role.ANALYST])
    information_asset_owner = None
    information_custodian = "Superintendent, Data Analytics Lab"

    @classmethod
    def _create(cls, model_class: type[Project], **fields: Any) -> Project:
        return project_create(actor=fields["lead"], **fields)

    @classmethod
    def _build(cls, model_class: type[Project], **fields: Any) -> Project:
        raise NotImplementedError("Projects are made through project_create; use create().")
