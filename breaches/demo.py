"""Demo data for the breach register: three West Midlands Police breaches, made through the services as
the people would have made them.

- A spreadsheet of domestic abuse victims' contact details e-mailed to the wrong address while sharing
  with the Violence Reduction Partnership: found 20 hours ago, assessed as high risk, the ICO clock running.
- An unencrypted USB stick holding a custody records extract, lost three weeks ago: reported to the ICO
  within the 72 hours (with its reference), the people affected told.
- An officer's occupational health referral sent to the wrong internal team, which deleted it at once:
  decided not reportable, with reasons.

Runs after the sharing agreements' demo (``INSTALLED_APPS`` order) and adds nothing already there.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from breaches.models import Breach, ContainmentAction
from breaches.services import (
    action_add,
    action_done,
    breach_assess_risk,
    breach_decide_ico,
    breach_decide_individuals,
    breach_report,
    breach_update,
)
from governance.models import Dataset, Organisation, User
from isa.models import Agreement

VICTIM_LIST = "Domestic abuse victims' contact list e-mailed to the wrong address"
USB_STICK = "Unencrypted USB stick with a custody records extract lost"
OH_REFERRAL = "Occupational health referral sent to the wrong internal team"


def _backdate(breach: Breach, reported_at: datetime.datetime) -> None:
    """The services stamp today's time on a report; these were made earlier."""
    Breach.objects.filter(pk=breach.pk).update(reported_at=reported_at, created_at=reported_at)
    breach.history.filter(history_type="+").update(history_date=reported_at)


def _victim_list(people: dict[str, User], now: datetime.datetime, agreement: Agreement | None) -> Breach:
    analyst, dpo, iao = people["analyst"], people["dpo"], people["iao"]
    found = now - datetime.timedelta(hours=20)
    breach = breach_report(
        actor=analyst,
        summary=f"{VICTIM_LIST}.\nA spreadsheet for the Violence Reduction Partnership's needs assessment went to "
        "an external address that auto-completed from a similarly named contact. The recipient has not replied.",
        discovered_at=found,
        data_involved="Names, telephone numbers, home postcodes and crime references of domestic abuse victims.",
        people_affected=212,
    )
    _backdate(breach, found + datetime.timedelta(minutes=25))
    breach = breach_update(
        breach=breach, actor=dpo, expected_version=breach.version, regime="part3", aware_at=found,
        data_categories=["names", "contact", "addresses", "criminal_offence"], special_categories=[],
        people_affected=212, datasets=list(Dataset.objects.filter(organisation=dpo.organisation, name="Crime records")),
        agreements=[agreement] if agreement else [],
    )  # fmt: skip
    action_add(
        breach=breach,
        actor=dpo,
        owner=iao,
        description="Ask the recipient in writing to delete the e-mail and the spreadsheet and confirm they have.",
    )
    action_add(
        breach=breach,
        actor=dpo,
        owner=analyst,
        description="Recall the message in the mail system and remove the auto-complete entry.",
    )
    return breach_assess_risk(
        breach=breach, actor=dpo, expected_version=breach.version, likelihood="possible", severity="severe",
        reasons="Victims of domestic abuse could be located by a perpetrator if the list reached the wrong hands; "
        "the recipient is unknown and has not confirmed deletion.",
    )  # fmt: skip


def _usb_stick(people: dict[str, User], now: datetime.datetime, agreement: Agreement | None) -> Breach:
    analyst, dpo, iao = people["analyst"], people["dpo"], people["iao"]
    found = (now - datetime.timedelta(days=21)).replace(hour=16, minute=30, second=0, microsecond=0)
    breach = breach_report(
        actor=iao,
        summary=f"{USB_STICK}.\nA sergeant took an extract to a partnership meeting at Lloyd House on a personal "
        "USB stick against policy; it was not in his bag when he returned to the station.",
        discovered_at=found,
        data_involved="Custody numbers, names, dates of birth, offences and custody health screening answers.",
        people_affected=340,
    )
    _backdate(breach, found + datetime.timedelta(hours=1))
    breach = breach_update(
        breach=breach, actor=dpo, expected_version=breach.version, regime="part3", aware_at=found,
        data_categories=["names", "dates_of_birth", "identifiers", "criminal_offence"], special_categories=["health"],
        people_affected=340,
        datasets=list(Dataset.objects.filter(organisation=dpo.organisation, name="Custody records")),
        agreements=[agreement] if agreement else [],
    )  # fmt: skip
    for owner, description in (
        (iao, "Search the route and the meeting room; report the loss to the venue and lost property."),
        (analyst, "Confirm which records were in the extract from the export log."),
    ):
        action = action_add(breach=breach, actor=dpo, owner=owner, description=description)
        action_done(action=action, actor=owner)
    breach = breach_assess_risk(
        breach=breach, actor=dpo, expected_version=breach.version, likelihood="likely", severity="significant",
        reasons="The stick was not encrypted and holds health information with offences; it was lost in a public "
        "place and has not been found.",
    )  # fmt: skip
    breach = breach_decide_ico(
        breach=breach, actor=dpo, expected_version=breach.version, decision="report",
        reasons="A risk to people's rights and freedoms: the data is sensitive and was lost unencrypted.",
        reported_at=found + datetime.timedelta(hours=40), ico_reference="IC-318472-R5T9",
    )  # fmt: skip
    breach = breach_decide_individuals(
        breach=breach, actor=dpo, expected_version=breach.version, decision="tell",
        reasons="High risk: each person is written to with what was lost, what we have done and whom to contact.",
        told_at=found + datetime.timedelta(days=4),
    )  # fmt: skip
    # Dated as the work was done, not as the demo was loaded.
    ContainmentAction.objects.filter(breach=breach).update(
        added_at=found + datetime.timedelta(hours=2), done_at=found + datetime.timedelta(hours=20)
    )
    Breach.objects.filter(pk=breach.pk).update(ico_decided_at=found + datetime.timedelta(hours=40))
    return breach


def _oh_referral(people: dict[str, User], now: datetime.datetime) -> Breach:
    dpo, owner = people["dpo"], people["wm.hr-iao"]
    found = (now - datetime.timedelta(days=9)).replace(hour=10, minute=5, second=0, microsecond=0)
    breach = breach_report(
        actor=owner,
        summary=f"{OH_REFERRAL}.\nA referral for one officer went to the payroll team's shared mailbox instead of "
        "occupational health; a payroll officer spotted it within minutes and deleted it.",
        discovered_at=found,
        data_involved="One officer's name, collar number and the reason for the referral.",
        people_affected=1,
    )
    _backdate(breach, found + datetime.timedelta(minutes=40))
    breach = breach_update(
        breach=breach, actor=dpo, expected_version=breach.version, regime="uk_gdpr", aware_at=found,
        data_categories=["names", "employment"], special_categories=["health"], people_affected=1,
        datasets=list(Dataset.objects.filter(organisation=dpo.organisation, name="HR and occupational health records")),
    )  # fmt: skip
    breach = breach_assess_risk(
        breach=breach, actor=dpo, expected_version=breach.version, likelihood="remote", severity="significant",
        reasons="Seen only by a vetted member of staff bound by confidentiality, who deleted it at once and "
        "confirmed so in writing; it did not leave the force.",
    )  # fmt: skip
    breach = breach_decide_ico(
        breach=breach, actor=dpo, expected_version=breach.version, decision="not_reportable",
        reasons="Unlikely to result in a risk to the officer: contained within minutes inside the force and deleted "
        "by the recipient. Recorded in the breach register as Art 33(5) requires.",
    )  # fmt: skip
    breach = breach_decide_individuals(
        breach=breach, actor=dpo, expected_version=breach.version, decision="tell",
        reasons="Not required, but the officer's line manager told him, as the force's policy asks.",
        told_at=found + datetime.timedelta(days=1),
    )  # fmt: skip
    Breach.objects.filter(pk=breach.pk).update(ico_decided_at=found + datetime.timedelta(hours=6))
    return breach


def load(stdout: TextIO) -> None:
    if Breach.objects.exists():
        stdout.write("Breaches: already loaded.\n")
        return
    wmp = Organisation.objects.filter(short_code="WMP").first()
    people = {person.username: person for person in User.objects.filter(organisation=wmp)}
    if wmp is None or not {"dpo", "analyst", "iao", "wm.hr-iao"} <= set(people):
        stdout.write("Breaches: no demo people; nothing added.\n")
        return
    now = timezone.now()
    agreement = Agreement.objects.filter(organisation=wmp, title="West Midlands serious violence data sharing").first()
    _victim_list(people, now, agreement)
    _usb_stick(people, now, agreement)
    _oh_referral(people, now)
    stdout.write(
        "Breaches: one inside its 72 hours (the ICO clock running), one reported to the ICO in time, one decided "
        "not reportable.\n"
    )
