from __future__ import annotations

from django.conf import settings
from django.db import models


class SubmissionState(models.TextChoices):
    PENDING = "pending", "Being handled"
    DONE = "done", "Done"


class FormSubmission(models.Model):
    """A form's one-time submission key, reserved when the form is sent, so that sending the same form again
    (a double click, the back button) shows the first result instead of doing the work twice.

    A row lives about a day (``governance.tasks.prune_form_submissions``): long enough for any re-send of
    a page someone still has open, and it holds nothing but the key and where the result is.
    """

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500)
    state = models.CharField(max_length=8, choices=SubmissionState.choices, default=SubmissionState.PENDING)
    result_url = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.path} ({self.get_state_display().lower()})"
