"""A form sent twice (a double click, or the back button and Send again) is acted on once; the second
sending is shown what the first one did.

GOV.UK's ``data-prevent-double-click`` stops a quick double click in the browser only, and not a form sent
again from the browser's history. So every form built on ``GovUKForm`` carries a random one-time key in a
hidden input (a form shown again with errors keeps its key, because the data sent holds it), and this
middleware guards every POST that carries one, without each view having to remember:

- Before the view runs, the key is reserved in its own committed transaction. The key is unique, so a
  second sending cannot reserve it too, even at the same moment.
- The product's views redirect after a POST that did something, so a redirect marks the key done, with
  the address redirected to. Any other answer (the form shown again with errors, a refusal, a failure)
  frees the key, so the corrected form can be sent.
- A key already done redirects to the first sending's result, saying so. A key still being handled (a
  double click) is waited for a few seconds, then treated the same; if it is still not done, the person
  is sent back to the form, told to check whether it went through.
- A key reserved by someone else is refused: keys belong to the person who was shown the form.

A POST without a key (the API, the tests that post forms by hand, forms that opt out) is not guarded.
Reservations are pruned after a day (``governance.tasks.prune_form_submissions``).
"""

from __future__ import annotations

import datetime
import re
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseRedirectBase
from django.shortcuts import redirect
from django.utils import timezone

from governance.models import FormSubmission, SubmissionState, User

FIELD_NAME = "submission_key"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
# How long a second sending waits for the first one to finish (a double click arrives while the first is
# still being handled), and how often it looks.
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.1
KEPT_FOR = datetime.timedelta(days=1)
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

ALREADY_SENT = "This form was already sent; here is the result."
STILL_SENDING = (
    "This form was sent a moment ago and is still being dealt with. Check whether your change was made "
    "before you send it again."
)
NOT_YOURS = "This form was opened by someone else. Open it again yourself to send it."


def new_key() -> str:
    return secrets.token_urlsafe(24)


def sent_key(data: Any) -> str | None:
    """The well-formed key in the data sent, if any."""
    key = data.get(FIELD_NAME) if data is not None else None
    return key if isinstance(key, str) and KEY_PATTERN.fullmatch(key) else None


class SubmissionGuardMiddleware:
    """Guards form POSTs that carry a one-time key. Placed after the authentication, second-factor and
    messages middleware (keys belong to a person who has signed in fully; the second sending is told with a
    message). Its check runs in ``process_view``, so after the CSRF check has refused a forged request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        reservation: FormSubmission | None = getattr(request, "_form_submission", None)
        if reservation is not None:
            _finish(reservation, response)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
            return None
        user = request.user
        if not isinstance(user, User):  # keys belong to a person signed in
            return None
        key = sent_key(request.POST)
        if key is None:
            return None
        return _reserve(request, user, key)


def _reserve(request: HttpRequest, user: User, key: str) -> HttpResponse | None:
    """Reserve ``key`` for this request and let the view run (None), or answer for a key already sent."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            with transaction.atomic():
                reservation = FormSubmission.objects.create(key=key, user=user, path=request.path[:500])
        except IntegrityError:
            pass  # sent before: see below what became of it
        else:
            request._form_submission = reservation  # type: ignore[attr-defined]
            return None
        earlier = FormSubmission.objects.filter(key=key).first()
        if earlier is not None and earlier.user_id != user.pk:
            raise PermissionDenied(NOT_YOURS)
        if earlier is not None and earlier.state == SubmissionState.DONE:
            messages.info(request, ALREADY_SENT)
            return redirect(earlier.result_url)
        if time.monotonic() >= deadline:
            messages.warning(request, STILL_SENDING)
            return redirect(request.get_full_path())
        if earlier is not None:
            time.sleep(POLL_SECONDS)
        # else: the first sending was refused and freed the key since; try to reserve it again at once.


def _finish(reservation: FormSubmission, response: HttpResponse) -> None:
    """A redirect is the result of a sending that did something; anything else frees the key."""
    submissions = FormSubmission.objects.filter(pk=reservation.pk)
    if isinstance(response, HttpResponseRedirectBase):
        submissions.update(state=SubmissionState.DONE, result_url=response["Location"][:2000])
    else:
        submissions.delete()


def prune(now: datetime.datetime | None = None) -> int:
    """Forget reservations older than a day; returns how many."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    deleted, _ = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
