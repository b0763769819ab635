"""Uploaded documents (signed agreements and annexes, committee papers): the record each keeps."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class UploadedDocument(models.Model):
    """A file stored under a random name, keeping the name it was uploaded with, its type as read from its
    content, its size, and who uploaded it when. Subclasses add the ``file`` field and what it belongs to;
    ``governance.uploads.store`` fills one in."""

    name = models.CharField("File name", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    file: models.FileField

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
