"""The hourly reminder: the DPO hears when an ICO decision is due within 24 hours, the DPO and SIRO once it
is overdue, each once however often the task runs; a decided breach sends nothing."""

from __future__ import annotations

from django.core import mail

from breaches.tasks import send_ico_reminders
from tests.breaches.conftest import FRIDAY, assessed, at, local, reported, reported_to_ico


def test_each_reminder_is_sent_once(personas):
    breach = reported(personas.analyst, FRIDAY)
    with at(local(2026, 3, 7, 12, 0)):  # Saturday: 52 hours left
        assert send_ico_reminders() == 0
    with at(local(2026, 3, 8, 18, 0)):  # Sunday evening: 22½ hours left
        assert send_ico_reminders() == 1
        assert send_ico_reminders() == 0
    assert mail.outbox[-1].to == [personas.dpo.email]
    assert "due within 24 hours" in mail.outbox[-1].subject
    with at(local(2026, 3, 9, 17, 0)):  # Monday, after 16:30
        assert send_ico_reminders() == 1
        assert send_ico_reminders() == 0
    assert "overdue" in mail.outbox[-1].subject
    assert sorted(mail.outbox[-1].to) == sorted([personas.dpo.email, personas.siro.email])
    assert breach.reference in mail.outbox[-1].body
    assert len(mail.outbox) == 2


def test_a_decided_breach_sends_no_reminders(personas):
    breach = reported(personas.analyst, FRIDAY)
    reported_to_ico(assessed(breach, personas.dpo), personas.dpo)
    with at(local(2026, 3, 12, 9, 0)):
        assert send_ico_reminders() == 0
    assert mail.outbox == []
