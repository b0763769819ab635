"""Sharing agreements: drafting (from a forum's template or afresh), parties and datasets, signature
by each party's signatory, minor and major changes, review, expiry, termination and supersession."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from governance.models import Dataset, Organisation, User
from governance.permissions import grant
from governance.references import next_reference
from governance.services.common import locked_for_update, save_with_history
from governance.uploads import store
from governance.workflow import IllegalTransition, ServiceError
from isa.models import (
    AGREEMENT_WORKFLOW,
    ENDED,
    IN_FORCE,
    Agreement,
    AgreementAttachment,
    AgreementDataset,
    AgreementParty,
    AgreementStatus,
    AgreementTemplate,
    PartyRole,
)
from isa.services.grants import grants_move_to_agreement, grants_suspend_for_agreement

# The drafter and the contact point may read and change the agreement.
EDITOR_ACTIONS = ("view", "change")
# Terms whose change is "major" when the agreement is in force: every party must sign again.
TERMS = (
    "title",
    "purpose",
    "legal_powers",
    "legal_powers_other",
    "lawful_basis",
    "sensitive_conditions",
    "criminal_offence_conditions",
    "data_items",
    "data_subjects",
    "security",
    "retention_terms",
    "breach_procedure",
    "contact_point",
    "start_date",
    "review_date",
    "end_date",
)


@dataclass(frozen=True)
class PartySpec:
    organisation: Organisation
    role: str
    signatory: User | None = None


def _check_dates(fields: dict[str, Any]) -> None:
    start, review, end = fields.get("start_date"), fields.get("review_date"), fields.get("end_date")
    errors = {}
    if start and review and review < start:
        errors["review_date"] = "The review date must be on or after the start date"
    if start and end and end < start:
        errors["end_date"] = "The end date must be on or after the start date"
    if errors:
        raise ValidationError(errors)


def _move(agreement: Agreement, actor: User, status: str, reason: str | None = None) -> None:
    AGREEMENT_WORKFLOW.check(agreement.status, status)
    agreement.status = status
    if status in ENDED:
        agreement.ended_at = timezone.now()
    agreement.version += 1
    save_with_history(agreement, actor, reason)


def template_terms(template: AgreementTemplate) -> dict[str, Any]:
    """The clauses a forum's template fills in."""
    return {
        "purpose": template.purpose,
        "legal_powers": list(template.legal_powers),
        "legal_powers_other": template.legal_powers_other,
        "lawful_basis": template.lawful_basis,
        "sensitive_conditions": template.sensitive_conditions,
        "criminal_offence_conditions": template.criminal_offence_conditions,
        "security": template.security,
        "retention_terms": template.retention_terms,
        "breach_procedure": template.breach_procedure,
    }


def agreement_create(
    *,
    actor: User,
    parties: Sequence[PartySpec] = (),
    template: AgreementTemplate | None = None,
    replaces: Agreement | None = None,
    **terms: Any,
) -> Agreement:
    if actor.organisation is None:
        raise ServiceError("Your account is not linked to an organisation.")
    _check_dates(terms)
    if replaces is not None and replaces.status not in IN_FORCE:
        raise ValidationError("Only an agreement in force can be replaced by a new one.")
    with transaction.atomic():
        agreement = Agreement(
            reference=next_reference(actor.organisation, "ISA"),
            organisation=actor.organisation,
            template=template,
            replaces=replaces,
            **terms,
        )
        save_with_history(agreement, actor, f"Drafted from {template}" if template else "Drafted")
        for spec in parties:
            party_save(agreement=agreement, actor=actor, spec=spec)
        for person in {actor, agreement.contact_point}:
            grant(person, agreement, EDITOR_ACTIONS)
    return agreement


def _editable_terms(agreement: Agreement) -> None:
    if agreement.status != AgreementStatus.DRAFT:
        raise IllegalTransition(
            "Parties and datasets change only while the agreement is a draft; make a major change first."
        )


def party_save(
    *, agreement: Agreement, actor: User, spec: PartySpec, party: AgreementParty | None = None
) -> AgreementParty:
    _editable_terms(agreement)
    if spec.signatory is not None and spec.signatory.organisation_id != spec.organisation.pk:
        raise ValidationError({"signatory": f"The signatory must work for {spec.organisation}."})
    if spec.role not in PartyRole.values:
        raise ValidationError({"role": "Select provider, recipient or joint controller"})
    duplicate = agreement.parties.filter(organisation=spec.organisation)
    if party is not None:
        duplicate = duplicate.exclude(pk=party.pk)
    if duplicate.exists():
        raise ValidationError({"organisation": f"{spec.organisation} is already a party."})
    party = party or AgreementParty(agreement=agreement)
    party.organisation, party.role, party.signatory = spec.organisation, spec.role, spec.signatory
    save_with_history(party, actor)
    if spec.signatory is not None:
        grant(spec.signatory, agreement, ("view",))
    return party


def party_remove(*, party: AgreementParty, actor: User) -> None:
    _editable_terms(party.agreement)
    if party.agreement.covered_datasets.filter(provider=party.organisation).exists() or (
        party.agreement.covered_datasets.filter(recipient=party.organisation).exists()
    ):
        raise ValidationError("Remove the datasets this party provides or receives first.")
    party._history_user = actor  # type: ignore[attr-defined]
    party.delete()


def dataset_cover(*, agreement: Agreement, actor: User, dataset: Dataset, recipient: Organisation) -> AgreementDataset:
    """The agreement covers ``dataset`` flowing from its owner to ``recipient``; both must be parties."""
    _editable_terms(agreement)
    roles = dict(agreement.parties.values_list("organisation_id", "role"))
    if roles.get(dataset.organisation_id) not in (PartyRole.PROVIDER, PartyRole.JOINT):
        raise ValidationError({"dataset": f"{dataset.organisation} must be a providing party to share {dataset.name}."})
    if roles.get(recipient.pk) not in (PartyRole.RECIPIENT, PartyRole.JOINT):
        raise ValidationError({"recipient": f"{recipient} must be a receiving party."})
    if recipient.pk == dataset.organisation_id:
        raise ValidationError({"recipient": "A dataset is shared with another organisation, not its owner."})
    if agreement.covered_datasets.filter(dataset=dataset, recipient=recipient).exists():
        raise ValidationError({"dataset": "The agreement already covers this dataset for this recipient."})
    cover = AgreementDataset(
        agreement=agreement, dataset=dataset, provider_id=dataset.organisation_id, recipient=recipient
    )
    save_with_history(cover, actor)
    return cover


def dataset_uncover(*, cover: AgreementDataset, actor: User) -> None:
    _editable_terms(cover.agreement)
    cover._history_user = actor  # type: ignore[attr-defined]
    cover.delete()


def agreement_update(
    *, agreement: Agreement, actor: User, expected_version: int, major: bool = False, **terms: Any
) -> Agreement:
    """Change the terms. A draft changes freely; an agreement in force takes a minor change (the
    signatures stand, version x.y+1) or a major one (version x+1.0, back to awaiting signatures)."""
    unknown = set(terms) - set(TERMS)
    if unknown:
        raise ServiceError(f"Not terms of the agreement: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        locked = locked_for_update(Agreement, agreement.pk, expected_version)
        _check_dates(
            {name: terms.get(name, getattr(locked, name)) for name in ("start_date", "review_date", "end_date")}
        )
        if locked.status not in (AgreementStatus.DRAFT, *IN_FORCE):
            raise IllegalTransition(f"A {locked.get_status_display().lower()} agreement cannot be changed.")
        for name, value in terms.items():
            setattr(locked, name, value)
        if locked.status == AgreementStatus.DRAFT:
            locked.version += 1
            save_with_history(locked, actor)
        elif major:
            locked.major_version += 1
            locked.minor_version = 0
            locked.parties.update(signed_at=None, signed_by=None, signed_as="", signed_version="")
            _move(
                locked,
                actor,
                AgreementStatus.AWAITING_SIGNATURES,
                f"Major change: version {locked.version_label} needs every party to sign again",
            )
        else:
            locked.minor_version += 1
            locked.version += 1
            save_with_history(locked, actor, f"Minor change: version {locked.version_label}; signatures stand")
        grant(locked.contact_point, locked, EDITOR_ACTIONS)
    return locked


def readiness_problems(agreement: Agreement) -> list[str]:
    """What stops the draft going for signature."""
    problems = []
    parties = list(agreement.parties.select_related("signatory", "organisation"))
    if len(parties) < 2:
        problems.append("An agreement needs at least two parties.")
    roles = {party.role for party in parties}
    if not roles & {PartyRole.PROVIDER, PartyRole.JOINT}:
        problems.append("No party provides data.")
    if not roles & {PartyRole.RECIPIENT, PartyRole.JOINT}:
        problems.append("No party receives data.")
    for party in parties:
        if party.signatory is None:
            problems.append(f"{party.organisation} has no signatory.")
    if not agreement.covered_datasets.exists():
        problems.append("The agreement covers no dataset.")
    return problems


def agreement_send_for_signature(*, agreement: Agreement, actor: User, expected_version: int) -> Agreement:
    with transaction.atomic():
        locked = locked_for_update(Agreement, agreement.pk, expected_version)
        problems = readiness_problems(locked)
        if problems:
            raise ValidationError(problems)
        _move(locked, actor, AgreementStatus.AWAITING_SIGNATURES, "Sent to the parties' signatories")
        agreement_id = locked.pk
        transaction.on_commit(lambda: _notice(agreement_id, "signature"))
    return locked


def _notice(agreement_id: int, kind: str) -> None:
    from isa.tasks import send_agreement_notice

    send_agreement_notice.delay(agreement_id, kind)


def agreement_sign(*, agreement: Agreement, party: AgreementParty, actor: User) -> Agreement:
    """The party's named signatory signs for their organisation; when the last party signs the
    agreement is in force (and any agreement it replaces is superseded)."""
    if party.agreement_id != agreement.pk:
        raise ServiceError("That party is not on this agreement.")
    if actor.pk != party.signatory_id or actor.organisation_id != party.organisation_id:
        raise ServiceError(f"Only {party.signatory or 'the named signatory'} can sign for {party.organisation}.")
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        locked_party = AgreementParty.objects.select_for_update().get(pk=party.pk)
        if locked.status != AgreementStatus.AWAITING_SIGNATURES:
            raise IllegalTransition("The agreement is not waiting for signatures.")
        if locked_party.has_signed:
            raise IllegalTransition(f"{party.organisation} has already signed version {locked_party.signed_version}.")
        locked_party.signed_at = timezone.now()
        locked_party.signed_by = actor
        locked_party.signed_as = actor.job_title or "Signatory"
        locked_party.signed_version = locked.version_label
        save_with_history(locked_party, actor, f"Signed version {locked.version_label}")
        if not locked.parties.filter(signed_at__isnull=True).exists():
            _move(locked, actor, AgreementStatus.ACTIVE, "Every party has signed")
            if locked.replaces_id:
                _supersede(locked, actor)
    return locked


def _supersede(new: Agreement, actor: User) -> None:
    if new.replaces_id is None:
        return
    old = Agreement.objects.select_for_update().get(pk=new.replaces_id)
    if old.status not in IN_FORCE:
        return
    still_covered = set(new.covered_datasets.values_list("dataset_id", flat=True))
    grants_move_to_agreement(old=old, new=new, dataset_ids=still_covered)
    _move(old, actor, AgreementStatus.SUPERSEDED, f"Superseded by {new.reference}")
    grants_suspend_for_agreement(
        agreement=old,
        actor=actor,
        reason=f"{old.reference} was superseded by {new.reference}, which does not cover this dataset.",
        keep_datasets=still_covered,
    )


def agreement_recall(*, agreement: Agreement, actor: User, reason: str, expected_version: int) -> Agreement:
    """Take an agreement back from signature to change it (a party asked for a change before signing);
    signatures already given are cleared, since they were for the old text."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the agreement is recalled"})
    with transaction.atomic():
        locked = locked_for_update(Agreement, agreement.pk, expected_version)
        AGREEMENT_WORKFLOW.check(locked.status, AgreementStatus.DRAFT)
        locked.parties.update(signed_at=None, signed_by=None, signed_as="", signed_version="")
        _move(locked, actor, AgreementStatus.DRAFT, f"Recalled for changes: {reason.strip()}")
    return locked


def agreement_terminate(*, agreement: Agreement, actor: User, reason: str, expected_version: int) -> Agreement:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the agreement is terminated"})
    with transaction.atomic():
        locked = locked_for_update(Agreement, agreement.pk, expected_version)
        locked.terminated_reason = reason.strip()
        _move(locked, actor, AgreementStatus.TERMINATED, f"Terminated: {reason.strip()}")
        grants_suspend_for_agreement(
            agreement=locked, actor=actor, reason=f"{locked.reference} was terminated: {reason.strip()}"
        )
    return locked


def agreement_complete_review(
    *, agreement: Agreement, actor: User, next_review: datetime.date, note: str, expected_version: int
) -> Agreement:
    """The periodic review is done: a new review date, recorded as a minor version."""
    if next_review <= timezone.localdate():
        raise ValidationError({"next_review": "The next review date must be in the future"})
    if not note.strip():
        raise ValidationError({"note": "Say what the review found"})
    with transaction.atomic():
        locked = locked_for_update(Agreement, agreement.pk, expected_version)
        if locked.status not in IN_FORCE:
            raise IllegalTransition("Only an agreement in force is reviewed.")
        locked.review_date = next_review
        locked.minor_version += 1
        if locked.status == AgreementStatus.REVIEW_DUE:
            _move(locked, actor, AgreementStatus.ACTIVE, f"Reviewed: {note.strip()}")
        else:
            locked.version += 1
            save_with_history(locked, actor, f"Reviewed: {note.strip()}")
    return locked


def agreements_roll_forward(*, today: datetime.date, actor: User) -> dict[str, int]:
    """Daily: agreements past their end date expire (suspending their grants); those whose review
    date has come are marked review due."""
    counts = {"expired": 0, "review_due": 0}
    for agreement_id in Agreement.objects.filter(status__in=IN_FORCE, end_date__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement_id)
            if locked.status not in IN_FORCE:
                continue
            _move(locked, actor, AgreementStatus.EXPIRED, "The end date has passed")
            grants_suspend_for_agreement(
                agreement=locked, actor=actor, reason=f"{locked.reference} expired on {locked.end_date:%d %B %Y}."
            )
            counts["expired"] += 1
    for agreement_id in Agreement.objects.filter(status=AgreementStatus.ACTIVE, review_date__lte=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement_id)
            if locked.status == AgreementStatus.ACTIVE:
                _move(locked, actor, AgreementStatus.REVIEW_DUE, "The review date has come")
                counts["review_due"] += 1
    return counts


def attachment_add(*, agreement: Agreement, actor: User, upload: UploadedFile, kind: str) -> AgreementAttachment:
    attachment = AgreementAttachment(agreement=agreement, kind=kind)
    store(attachment, upload, actor)
    return attachment


def parties_from_forum(template: AgreementTemplate) -> list[Organisation]:
    """The forum's members, offered as the new agreement's candidate parties."""
    return list(template.forum.members.order_by("name"))
