"""PDFs with WeasyPrint: marked documents (the protective marking at the top and bottom of every
page, page N of M), rendered from templates.

The URL fetcher serves the product's own static files and nothing else: no file:// paths, no network.
A template that names /etc/passwd or an outside address renders without it.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

# Documents are rendered against this made-up origin, so every URL in them is either one of our
# static files under it or refused.
PDF_ORIGIN = "https://documents.invalid"


def _static_fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            prefix = settings.STATIC_URL
            if f"{parts.scheme}://{parts.netloc}" != PDF_ORIGIN or not parts.path.startswith(prefix):
                raise ValueError(f"Documents may only use the product's own static files, not {url!r}.")
            name = unquote(parts.path[len(prefix) :])
            # Refused here rather than left to the finders: no climbing out of the static folders, however
            # the dots are written (the URL parser has already resolved the plain ones).
            if any(segment in {"", ".", ".."} for segment in name.split("/")) or "\\" in name or "\x00" in name:
                raise ValueError(f"Not a static file name: {parts.path!r}.")
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            found = finders.find(name)
            if found and not isinstance(found, list):
                return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": content_type})
            # In production ``{% static %}`` names the collected, hashed copy (css/pdf.<hash>.css), which
            # only the static files storage knows.
            if staticfiles_storage.exists(name):
                with staticfiles_storage.open(name) as collected:
                    return URLFetcherResponse(url, collected.read(), {"Content-Type": content_type})
            raise ValueError(f"No static file at {parts.path!r}.")

    return StaticFilesOnly(allowed_protocols=("https",))


def render_pdf(template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    return render_pdf_with_pages(template_name, context, request)[0]


def render_pdf_with_pages(
    template_name: str, context: dict[str, Any], request: HttpRequest | None = None
) -> tuple[bytes, int]:
    """The PDF and how many pages it has."""
    from weasyprint import HTML

    html = render_to_string(template_name, {"marking": settings.PROTECTIVE_MARKING, **context}, request=request)
    document = HTML(string=html, base_url=f"{PDF_ORIGIN}/", url_fetcher=_static_fetcher()).render()
    return bytes(document.write_pdf()), len(document.pages)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
