"""What each persona gets at every URL of the site: the declared half of the permission matrix.

``test_permission_matrix`` walks the URL configuration (``routes.py``) and fails for any URL that has no
entry here, so a new URL cannot ship without someone saying who may use it. To declare one, add an entry
to ``MATRIX`` under its URL name (``"app:name"``):

    "isa:agreement_edit": form(pk("agreement"), who(ok="dpo siro", refused=HOME)),

- ``page`` (GET only), ``action`` (POST only) or ``form`` (GET shows it, POST submits it), or ``Url`` for
  anything else; the first argument builds the URL's arguments from the world (``world.py``), where
  ``pk("agreement")`` is ``{"pk": world.agreement.pk}``; add a record to the world if the URL needs one.
- ``who(ok=..., refused=..., rest=...)`` names the personas (``tests.conftest.Personas``): ``ok`` succeed
  (GET 200; POST 200 with the form shown again, 302 done, or 400 refused input: anything but a refusal),
  ``refused`` get 403 (they may see the record but not do this), and everyone else gets ``rest``, 404 unless
  said otherwise (they may not even know the record exists). A persona in both is ``ok``.
- The other organisation's people (``outsider``, ``outsider_dpo``) must get 404 on every URL that names a
  record; where they may not, ``outsiders=`` says why.
- Anonymous people are sent to sign in, except at URLs marked ``anonymous=PUBLIC`` (they get the page) or
  ``API`` (401, and no redirect).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from tests.security.world import World

PERSONAS: tuple[str, ...] = (
    "dpo",
    "siro",
    "iao",
    "analyst",
    "colleague",
    "secretary",
    "member",
    "signatory",
    "auditor",
    "outsider",
    "outsider_dpo",
)
HOME = " ".join(PERSONAS[:-2])  # everyone at West Midlands Police, where every record of the world is
EVERYONE = " ".join(PERSONAS)
READERS = "dpo siro auditor"  # read every governance record of their organisation

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404
SIGN_IN, PUBLIC, API = "sign in", "public", "api"

Kwargs = Callable[[World], dict[str, Any]]
Expect = Mapping[str, int]


def who(ok: str = "", refused: str = "", rest: int = NOT_FOUND) -> Expect:
    allowed, forbidden = ok.split(), refused.split()
    if unknown := set(allowed + forbidden) - set(PERSONAS):
        raise ValueError(f"No such persona: {', '.join(sorted(unknown))}")
    return {persona: OK if persona in allowed else FORBIDDEN if persona in forbidden else rest for persona in PERSONAS}


def none(world: World) -> dict[str, Any]:
    return {}


def pk(record: str) -> Kwargs:
    return lambda world: {"pk": getattr(world, record).pk}


@dataclass(frozen=True)
class Url:
    kwargs: Kwargs = none
    get: Expect | None = None  # None: the URL refuses GET (405)
    post: Expect | None = None  # None: the URL refuses POST (405)
    query: Callable[[World], dict[str, Any]] | None = None  # parameters in the address, for GET and POST
    data: Callable[[World], dict[str, Any]] | None = None  # the POST body; empty if None
    get_ok: int = 200  # what a successful GET answers, where not 200
    anonymous: str = SIGN_IN
    outsiders: str = ""  # why the other organisation's people may get other than 404 on this record URL


def address(name: str, world: World) -> str:
    """The URL's path (and query) in the world."""
    url = MATRIX[name]
    path = reverse(name, kwargs=url.kwargs(world))
    return f"{path}?{urlencode(url.query(world))}" if url.query else path


def page(kwargs: Kwargs, expect: Expect, **options: Any) -> Url:
    return Url(kwargs, get=expect, **options)


def action(kwargs: Kwargs, expect: Expect, **options: Any) -> Url:
    return Url(kwargs, post=expect, **options)


def form(kwargs: Kwargs, expect: Expect, **options: Any) -> Url:
    return Url(kwargs, get=expect, post=expect, **options)


def kw(**records: str) -> Kwargs:
    """URL arguments from records of the world: ``kw(pk="agreement", party_pk="party")``."""
    return lambda world: {name: getattr(world, record).pk for name, record in records.items()}


def also(kwargs: Kwargs, **literal: Any) -> Kwargs:
    """``kwargs`` plus fixed arguments (a slug, a step)."""
    return lambda world: {**kwargs(world), **literal}


ALL = who(ok=EVERYONE)
PUBLIC_BODY = "ethics committees are public bodies: everyone signed in sees them (ethics.access.visible_committees)"
OWN_ORGANISATION = "names no record: each viewer sees their own organisation's figures"


MATRIX: dict[str, Url] = {
    # Site pages and signing in --------------------------------------------------------------------------
    "home": page(none, ALL),
    "accessibility": page(none, ALL, anonymous=PUBLIC),
    "healthz": page(none, ALL, anonymous=PUBLIC),
    "security_txt": page(none, ALL, anonymous=PUBLIC),  # where to report a security problem (RFC 9116)
    "login": form(none, ALL, anonymous=PUBLIC, get_ok=302),  # signed in already: sent home
    "logout": action(none, ALL),
    "password_change": form(none, ALL),
    "password_change_done": page(none, ALL),
    "api_tokens": form(none, ALL),
    # One's own account: the second factor, sessions, and resetting a forgotten password
    "accounts:two_factor": page(none, ALL),
    "accounts:verify": form(none, ALL, get_ok=302),  # no second factor set up yet: sent to set one up
    "accounts:set_up": form(none, ALL),
    "accounts:set_up_qr": page(none, ALL),
    "accounts:replace_app": form(none, ALL, get_ok=302),  # nothing to replace yet: sent to set one up
    "accounts:recovery_codes": form(none, ALL, get_ok=302),  # likewise
    "accounts:sessions": page(none, ALL),
    "accounts:session_end": action(pk("other_session"), who(ok="analyst")),  # a person's sessions are theirs alone
    "accounts:session_end_others": action(none, ALL),
    "accounts:password_reset": form(none, ALL, anonymous=PUBLIC),
    "accounts:password_reset_done": page(none, ALL, anonymous=PUBLIC),
    "accounts:password_reset_complete": page(none, ALL, anonymous=PUBLIC),
    "accounts:password_reset_confirm": form(
        lambda world: {"uidb64": "MQ", "token": "not-a-token"},
        ALL,
        anonymous=PUBLIC,
        outsiders="names no record: a reset link that does not work says so to anyone",
    ),  # fmt: skip
    "api_token_revoke": action(pk("token"), who(ok="analyst")),  # a person's token is theirs alone
    # The register ---------------------------------------------------------------------------------------
    "project_list": page(none, ALL),
    "project_create": form(none, who(ok="dpo iao analyst colleague outsider outsider_dpo", rest=FORBIDDEN)),
    "project_detail": page(pk("project"), who(ok=HOME)),
    "project_edit": form(pk("project"), who(ok="dpo analyst", refused=HOME)),
    "project_status": form(pk("project"), who(ok="dpo analyst", refused=HOME)),
    "project_history": page(pk("project"), who(ok=HOME)),
    "dataset_list": page(none, ALL),
    "dataset_create": form(none, who(ok="dpo iao outsider_dpo", rest=FORBIDDEN)),
    "dataset_detail": page(pk("dataset"), who(ok=HOME)),
    "dataset_edit": form(pk("dataset"), who(ok="dpo iao", refused=HOME)),
    "dataset_status": form(pk("dataset"), who(ok="dpo iao", refused=HOME)),
    "dataset_history": page(pk("dataset"), who(ok=HOME)),
    # DPIA: screenings (a draft is its author's alone; once submitted, the organisation's readers see it)
    "dpia:review_queue": page(none, ALL),
    "dpia:screening_create": form(none, ALL),
    "dpia:screening_detail": page(pk("waiting"), who(ok="analyst " + READERS)),
    "dpia:screening_section": form(also(pk("draft"), slug="purpose"), who(ok="analyst")),
    "dpia:screening_check": form(pk("draft"), who(ok="analyst")),
    "dpia:screening_withdraw": form(pk("draft"), who(ok="analyst")),
    "dpia:screening_versions": page(pk("waiting"), who(ok="analyst " + READERS)),
    "dpia:screening_history": page(pk("waiting"), who(ok="analyst " + READERS)),
    "dpia:screening_pdf": page(pk("waiting"), who(ok="analyst " + READERS)),
    "dpia:screening_reopen": form(pk("waiting"), who(ok="dpo analyst", refused=READERS)),
    "dpia:screening_review": page(pk("waiting"), who(ok="dpo", refused="analyst " + READERS)),
    "dpia:screening_begin_review": action(pk("waiting"), who(ok="dpo", refused="analyst " + READERS)),
    "dpia:screening_comment": action(pk("waiting"), who(ok="dpo", refused="analyst " + READERS)),
    "dpia:screening_return": form(pk("waiting"), who(ok="dpo", refused="analyst " + READERS)),
    "dpia:screening_decide": form(pk("waiting"), who(ok="dpo", refused="analyst " + READERS)),
    "dpia:screening_escalate": form(pk("conditional"), who(ok="dpo", refused="analyst " + READERS)),
    "dpia:remedial_action_done": form(pk("remedial_action"), who(ok="dpo analyst", refused=READERS)),
    # DPIA: the stage-2 assessment (its authors write it; the DPO advises; readers read)
    "dpia:assessment_detail": page(pk("assessment"), who(ok="analyst " + READERS)),
    "dpia:assessment_step": form(also(pk("assessment"), step="need"), who(ok="analyst", refused=READERS)),
    "dpia:risk_add": form(pk("assessment"), who(ok="analyst", refused=READERS)),
    "dpia:risk_edit": form(kw(pk="assessment", risk_pk="risk"), who(ok="analyst", refused=READERS)),
    "dpia:measure_add": form(kw(pk="assessment", risk_pk="risk"), who(ok="analyst", refused=READERS)),
    "dpia:consultation_add": form(pk("assessment"), who(ok="analyst", refused=READERS)),
    "dpia:consultation_edit": form(
        kw(pk="assessment", consultation_pk="consultation"), who(ok="analyst", refused=READERS)
    ),
    "dpia:assessment_advice": form(pk("assessment"), who(ok="dpo", refused="analyst " + READERS)),
    "dpia:assessment_sign_off": form(pk("assessment"), who(ok="analyst", refused=READERS)),
    "dpia:assessment_history": page(pk("assessment"), who(ok="analyst " + READERS)),
    # Sharing agreements (the drafting organisation's DPO and SIRO change them; its people read them)
    "isa:register": page(none, ALL),
    "isa:agreement_create": form(none, who(ok="dpo siro signatory outsider_dpo", rest=FORBIDDEN)),
    "isa:agreement_detail": page(pk("agreement"), who(ok=HOME)),
    "isa:agreement_edit": form(pk("agreement"), who(ok="dpo siro", refused=HOME)),
    "isa:party_add": form(pk("agreement"), who(ok="dpo siro", refused=HOME)),
    "isa:party_edit": form(kw(pk="agreement", party_pk="party"), who(ok="dpo siro", refused=HOME)),
    "isa:party_remove": action(kw(pk="agreement", party_pk="party"), who(ok="dpo siro", refused=HOME)),
    "isa:agreement_sign": form(kw(pk="to_sign", party_pk="own_party"), who(ok="signatory", refused=HOME)),
    "isa:cover_add": form(pk("agreement"), who(ok="dpo siro", refused=HOME)),
    "isa:cover_remove": action(kw(pk="agreement", cover_pk="cover"), who(ok="dpo siro", refused=HOME)),
    "isa:agreement_send": form(pk("agreement"), who(ok="dpo siro", refused=HOME)),
    "isa:agreement_recall": form(pk("to_sign"), who(ok="dpo siro", refused=HOME)),
    "isa:agreement_terminate": form(pk("agreement_in_force"), who(ok="dpo siro", refused=HOME)),
    "isa:agreement_review": form(pk("agreement_in_force"), who(ok="dpo siro", refused=HOME)),
    "isa:attachment_upload": form(pk("agreement"), who(ok="dpo siro", refused=HOME)),
    "isa:attachment_download": page(pk("attachment"), who(ok=HOME)),
    "isa:agreement_pdf": page(pk("agreement"), who(ok=HOME)),
    "isa:agreement_history": page(pk("agreement"), who(ok=HOME)),
    # Access requests and grants (the requester, the dataset's approvers and the organisation's readers)
    "isa:request_list": page(none, ALL),
    "isa:request_create": form(none, ALL),
    "isa:request_detail": page(pk("access_request"), who(ok="analyst iao " + READERS)),
    "isa:request_decide": form(
        also(kw(pk="access_request", line_pk="line"), role="asset_owner"),
        who(ok="iao", refused="analyst " + READERS),  # the DPO decides as DPO, not as the asset owner
    ),
    "isa:request_ask": form(pk("access_request"), who(ok="iao dpo", refused="analyst siro auditor")),
    "isa:request_resubmit": form(pk("access_request"), who(ok="analyst", refused="iao " + READERS)),
    "isa:request_withdraw": action(pk("access_request"), who(ok="analyst", refused="iao " + READERS)),
    "isa:request_history": page(pk("access_request"), who(ok="analyst iao " + READERS)),
    "isa:my_access": page(none, ALL),
    "isa:grant_revoke": form(pk("grant"), who(ok="dpo iao", refused="analyst siro auditor")),
    # The ethics committee (run by its secretary; members read the meetings they sit on)
    "ethics:index": page(none, ALL),
    "ethics:committee_create": form(none, who(ok="secretary", rest=FORBIDDEN)),
    "ethics:committee_detail": page(pk("committee"), ALL, outsiders=PUBLIC_BODY),
    "ethics:member_add": form(pk("committee"), who(ok="secretary", rest=FORBIDDEN), outsiders=PUBLIC_BODY),
    "ethics:member_end": form(
        kw(pk="committee", member_pk="membership"), who(ok="secretary", rest=FORBIDDEN), outsiders=PUBLIC_BODY
    ),
    "ethics:terms_revise": form(pk("committee"), who(ok="secretary", rest=FORBIDDEN), outsiders=PUBLIC_BODY),
    "ethics:meeting_create": form(
        kw(committee_pk="committee"), who(ok="secretary", rest=FORBIDDEN), outsiders=PUBLIC_BODY
    ),
    "ethics:meeting_detail": page(pk("meeting"), who(ok="secretary member " + READERS)),
    "ethics:meeting_edit": form(pk("meeting"), who(ok="secretary", refused="member " + READERS)),
    "ethics:meeting_status": action(pk("meeting"), who(ok="secretary", refused="member " + READERS)),
    "ethics:attendance_add": form(pk("meeting"), who(ok="secretary", refused="member " + READERS)),
    "ethics:attendance_remove": action(
        kw(pk="meeting", attendance_pk="attendance"), who(ok="secretary", refused="member " + READERS)
    ),
    "ethics:agenda_add_case": form(pk("meeting"), who(ok="secretary", refused="member " + READERS)),
    "ethics:agenda_add_item": form(pk("meeting"), who(ok="secretary", refused="member " + READERS)),
    "ethics:agenda_item_action": action(
        also(kw(pk="meeting", item_pk="agenda_item"), action="up"), who(ok="secretary", refused="member " + READERS)
    ),
    "ethics:minutes_pdf": page(also(pk("meeting"), version="full"), who(ok="secretary member " + READERS)),
    "ethics:meeting_history": page(pk("meeting"), who(ok="secretary member " + READERS)),
    "ethics:hearing_minutes": form(pk("hearing"), who(ok="secretary", refused="member " + READERS)),
    "ethics:advice_letter": page(pk("hearing"), who(ok="analyst secretary member " + READERS)),
    "ethics:case_create": form(none, ALL),
    "ethics:case_detail": page(pk("case"), who(ok="analyst secretary member " + READERS)),
    "ethics:paper_upload": form(pk("case"), who(ok="analyst", refused="secretary member " + READERS)),
    "ethics:case_withdraw": form(pk("case"), who(ok="analyst", refused="secretary member " + READERS)),
    "ethics:case_close": form(pk("case"), who(ok="secretary", refused="analyst member " + READERS)),
    "ethics:case_history": page(pk("case"), who(ok="analyst secretary member " + READERS)),
    "ethics:paper_download": page(pk("case_paper"), who(ok="analyst secretary member " + READERS)),
    "ethics:action_done": form(pk("case_action"), who(ok="secretary", refused="analyst member " + READERS)),
    "ethics:condition_met": form(pk("condition"), who(ok="secretary", refused="analyst member " + READERS)),
    # Retention (the DPO and SIRO oversee it, the DPO manages schedules; tasks are their owners')
    "retention:index": page(none, who(ok="dpo siro outsider_dpo")),
    "retention:tasks": page(none, ALL),
    "retention:schedule_list": page(none, who(ok="dpo siro outsider_dpo")),
    "retention:schedule_new": form(
        none, who(ok="dpo outsider_dpo", refused="siro"), query=lambda world: {"record_type": "ethics.casepaper"}
    ),
    "retention:schedule_detail": page(pk("schedule"), who(ok="dpo siro")),
    "retention:schedule_edit": form(pk("schedule"), who(ok="dpo", refused="siro")),
    "retention:schedule_retire": action(pk("schedule"), who(ok="dpo", refused="siro")),
    "retention:schedule_history": page(pk("schedule"), who(ok="dpo siro")),
    "retention:hold_list": page(none, who(ok="dpo siro outsider_dpo")),
    "retention:hold_new": form(none, who(ok="dpo siro outsider_dpo")),
    "retention:hold_detail": page(pk("hold"), who(ok="dpo siro")),
    "retention:hold_release": form(pk("hold"), who(ok="dpo siro")),
    "retention:review_start": action(
        none,
        who(ok="dpo siro"),  # the other organisation's DPO is not found the schedule: 404
        data=lambda world: {"schedule": world.schedule.pk, "record_id": world.case_paper.pk, "due_on": "2030-01-01"},
    ),
    "retention:review_decide": Url(
        pk("review"), get=who(ok="analyst dpo siro"), post=who(ok="analyst dpo", refused="siro")
    ),
    "retention:confirmation_confirm": Url(
        pk("confirmation"), get=who(ok="iao dpo siro"), post=who(ok="iao dpo", refused="siro")
    ),
    "retention:dataset_schedule": form(pk("dataset"), who(ok="dpo iao", refused=HOME)),
    "retention:log": page(none, who(ok="dpo siro outsider_dpo")),
    "retention:log_csv": page(none, who(ok="dpo siro outsider_dpo")),
    # The dashboard (the organisation's readers, each for their own organisation)
    "dashboard:index": page(none, who(ok=READERS + " outsider_dpo")),
    "dashboard:figure_list": page(
        lambda world: {"key": "screenings-by-status"}, who(ok=READERS + " outsider_dpo"), outsiders=OWN_ORGANISATION
    ),
    "dashboard:figure_csv": page(
        lambda world: {"key": "screenings-by-status"}, who(ok=READERS + " outsider_dpo"), outsiders=OWN_ORGANISATION
    ),
    # Audit: the reason for looking (anyone), and audit packs (the organisation's readers)
    "audit:justify": form(none, ALL),
    "audit:pack_list": page(none, who(ok=READERS + " outsider_dpo")),
    "audit:pack_create": form(none, who(ok=READERS + " outsider_dpo")),
    "audit:pack_detail": page(pk("pack"), who(ok=READERS)),
    "audit:pack_progress": page(pk("pack"), who(ok=READERS)),
    "audit:pack_retry": action(pk("pack"), who(ok=READERS)),
    "audit:pack_download": page(pk("pack"), who(ok=READERS), get_ok=302),  # not built yet: sent to its page
    # Breaches (the reporter sees their report; the DPO works them; the SIRO and auditors read)
    "breaches:index": page(none, ALL),
    "breaches:report": form(none, ALL),
    "breaches:detail": page(pk("breach"), who(ok="analyst " + READERS)),
    "breaches:record": form(pk("breach"), who(ok="dpo", refused="analyst " + READERS)),
    "breaches:risk": form(pk("breach"), who(ok="dpo", refused="analyst " + READERS)),
    "breaches:ico": form(pk("breach"), who(ok="dpo", refused="analyst " + READERS)),
    "breaches:individuals": form(pk("breach"), who(ok="dpo", refused="analyst " + READERS)),
    "breaches:action_new": form(pk("breach"), who(ok="dpo", refused="analyst " + READERS)),
    "breaches:action_done": action(
        kw(pk="breach", action_pk="containment_action"), who(ok="dpo", refused="analyst " + READERS)
    ),
    "breaches:close": form(pk("breach"), who(ok="dpo", refused="analyst " + READERS)),
    "breaches:history": page(pk("breach"), who(ok=READERS, refused="analyst")),
    # Training (everyone's own; the DPO and SIRO oversee their organisation's; the DPO records)
    "training:mine": page(none, ALL),
    "training:staff": page(none, who(ok="dpo siro outsider_dpo")),
    "training:record": form(none, who(ok="dpo outsider_dpo", refused="siro")),
    "training:import": form(none, who(ok="dpo outsider_dpo", refused="siro")),
    # The API (DRF: 401 without credentials; records as on the pages)
    "api:access_decision": page(
        none,
        who(ok="analyst iao dpo", refused=HOME),  # the person, the asset owner and the DPO may ask
        query=lambda world: {"user": world.personas.analyst.username, "dataset": world.dataset.pk},
        anonymous=API,
    ),
    "api:schema": page(none, ALL, anonymous=API),
    "api:docs": page(none, ALL, anonymous=API),
    "api:organisations-list": page(none, ALL, anonymous=API),
    "api:organisations-detail": page(lambda world: {"pk": world.personas.organisation.pk}, who(ok=HOME), anonymous=API),
    "api:projects-list": page(none, ALL, anonymous=API),
    "api:projects-detail": page(pk("project"), who(ok=HOME), anonymous=API),
    "api:datasets-list": page(none, ALL, anonymous=API),
    "api:datasets-detail": page(pk("dataset"), who(ok=HOME), anonymous=API),
    "api:agreements-list": page(none, ALL, anonymous=API),
    "api:agreements-detail": page(pk("agreement"), who(ok=HOME), anonymous=API),
    "api:screenings-list": page(none, ALL, anonymous=API),
    "api:screenings-detail": page(pk("waiting"), who(ok="analyst " + READERS), anonymous=API),
    "api:ethics-cases-list": page(none, ALL, anonymous=API),
    "api:ethics-cases-detail": page(pk("case"), who(ok="analyst secretary member " + READERS), anonymous=API),
    "api:access-grants-list": page(none, ALL, anonymous=API),
    "api:access-grants-detail": page(pk("grant"), who(ok="analyst iao " + READERS), anonymous=API),
    "api:access-requests-list": form(none, ALL, anonymous=API),  # POST asks for access
    "api:access-requests-detail": page(pk("access_request"), who(ok="analyst iao " + READERS), anonymous=API),
    "api:access-requests-submit": action(
        pk("access_request"), who(ok="analyst", refused="iao " + READERS), anonymous=API
    ),
    "api:access-requests-withdraw": action(
        pk("access_request"), who(ok="analyst", refused="iao " + READERS), anonymous=API
    ),
    "api:disposal-records-list": page(none, ALL, anonymous=API),
    "api:disposal-records-detail": page(pk("disposal"), who(ok="dpo siro"), anonymous=API),
}
