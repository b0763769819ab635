"""PDFs cannot be made to read the server's files or call out to the network.

WeasyPrint follows every address a document names: images, style sheets, ``@import``, ``<object>``, and
``<link rel="attachment">`` (which embeds the file it names inside the PDF). ``governance.pdf`` renders
through a fetcher that serves the product's own static files and refuses everything else. These tests
render a hostile template through the same ``render_pdf_with_pages`` the product uses, record every
address WeasyPrint asks for and what was served, and read the PDF back with pypdf; and they put the same
markup into a sharing agreement's text to show that people's words are printed, never interpreted.
"""

from __future__ import annotations

import io
import socket
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from governance import pdf
from tests.isa.conftest import in_force, own_dataset  # noqa: F401  (the fixture the agreement covers)
from tests.pdf import pdf_text

PASSWD = Path("/etc/passwd")
# Lines any Linux /etc/passwd has; used if the file cannot be read on this machine.
PASSWD_LINES = ["root:x:0:0"]
if PASSWD.exists():
    PASSWD_LINES += [line.split(":/")[0] for line in PASSWD.read_text().splitlines() if line.count(":") >= 3]

HOSTILE = """{% load static %}<!DOCTYPE html>
<html lang="en-GB">
<head>
  {% include "includes/pdf_head.html" %}
  <title>Hostile document</title>
  <link rel="stylesheet" href="file:///etc/passwd">
  <link rel="stylesheet" href="/static/../../../etc/passwd">
  <link rel="stylesheet" href="/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd">
  <link rel="stylesheet" href="https://example.com/x.css">
  <link rel="attachment" href="file:///etc/passwd" title="passwd">
  <link rel="attachment" href="/static/..%2f..%2f..%2f..%2fetc/passwd" title="passwd again">
  <style>
    @import url(http://example.com/x.css);
    @import url("file:///etc/passwd");
    body { background: url(file:///etc/passwd); }
    h2::after { content: url(https://example.com/y.png); }
  </style>
</head>
<body>
  <h1>Hostile document</h1>
  <img src="file:///etc/passwd" alt="passwd as an image">
  <img src="https://example.com/x.png" alt="an outside image">
  <img src="/static/../../../etc/passwd" alt="climbing out of static">
  <img src="/static/govuk/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd" alt="climbing out of a prefix">
  <object data="file:///etc/passwd" type="text/plain">object</object>
  <embed src="file:///etc/passwd" type="text/plain">
  <iframe src="file:///etc/passwd"></iframe>
  <svg width="10" height="10"><image href="file:///etc/passwd" width="10" height="10"/></svg>
  <h2>End of document</h2>
</body>
</html>
"""


class Recorder:
    """What WeasyPrint asked the product's fetcher for, what it was given, and any attempt to open a file or
    address some other way."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.served: list[str] = []
        self.opened: list[str] = []


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    record = Recorder()
    real_fetcher = pdf._static_fetcher

    def recording_fetcher():
        fetcher = real_fetcher()
        fetch = fetcher.fetch

        def recorded(url, headers=None):
            record.asked.append(url)
            response = fetch(url, headers)
            record.served.append(url)
            return response

        fetcher.fetch = recorded
        return fetcher

    def no_opening(kind):
        def refuse(self, target, *args, **kwargs):
            record.opened.append(f"{kind}: {getattr(target, 'full_url', target)}")
            raise OSError("This test allows no file or network access from PDF rendering.")

        return refuse

    monkeypatch.setattr(pdf, "_static_fetcher", recording_fetcher)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_opening("urllib"))
    monkeypatch.setattr(socket.socket, "connect", no_opening("socket"))
    return record


@pytest.fixture
def hostile_template(settings, tmp_path):
    (tmp_path / "hostile.html").write_text(HOSTILE)
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]},
    ]
    return "hostile.html"


def assert_nothing_from_passwd(content: bytes) -> None:
    reader = PdfReader(io.BytesIO(content))
    text = pdf_text(content)
    for line in PASSWD_LINES:
        assert line not in text, f"{line!r} from /etc/passwd is in the PDF"
    assert not reader.attachments, f"files were embedded in the PDF: {list(reader.attachments)}"


def test_a_hostile_document_renders_without_any_file_or_outside_address(recorder, hostile_template):
    """Every way a document can name /etc/passwd or another site renders without it: the PDF is made, holds
    no line of the file and no attachment, and the only thing served is the product's own style sheet."""
    content, pages = pdf.render_pdf_with_pages(hostile_template, {})

    assert content.startswith(b"%PDF-") and pages >= 1
    assert "Hostile document" in pdf_text(content) and "End of document" in pdf_text(content)
    assert_nothing_from_passwd(content)
    assert recorder.served == [f"{pdf.PDF_ORIGIN}/static/css/pdf.css"]
    assert recorder.opened == []
    # WeasyPrint did ask: the fetcher refused each (this guards against a test that passes because the
    # hostile references were never read at all).
    asked = "\n".join(recorder.asked)
    assert "file:///etc/passwd" in asked and "https://example.com/x.png" in asked
    assert "http://example.com/x.css" in asked and "%2e%2e" in asked


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.com/x.png",
        "http://documents.invalid/static/css/pdf.css",
        f"{pdf.PDF_ORIGIN}/etc/passwd",
        f"{pdf.PDF_ORIGIN}/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{pdf.PDF_ORIGIN}/static/css/..%2f..%2f..%2f..%2fetc/passwd",
        f"{pdf.PDF_ORIGIN}/static/govuk/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{pdf.PDF_ORIGIN}/static/%2fetc%2fpasswd",
        f"{pdf.PDF_ORIGIN}/static/..%5c..%5cetc%5cpasswd",
        f"{pdf.PDF_ORIGIN}/static/css/pdf.css%00.png",
        f"{pdf.PDF_ORIGIN}/static/css/missing.css",
    ],
)
def test_the_fetcher_refuses_anything_but_a_static_file(url):
    with pytest.raises(ValueError, match="static file"):
        pdf._static_fetcher().fetch(url)


def test_the_fetcher_serves_the_products_static_files():
    response = pdf._static_fetcher().fetch(f"{pdf.PDF_ORIGIN}/static/css/pdf.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_the_fetcher_serves_the_collected_hashed_copies_production_names(settings, tmp_path):
    # In production {% static %} names css/pdf.<hash>.css, which only the collected files hold.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "pdf.0e5f7a1bb39f.css").write_text("@page { size: A4; }")
    response = pdf._static_fetcher().fetch(f"{pdf.PDF_ORIGIN}/static/css/pdf.0e5f7a1bb39f.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    with pytest.raises(ValueError, match="static file"):
        pdf._static_fetcher().fetch(f"{pdf.PDF_ORIGIN}/static/css/pdf.ffffffffffff.css")


def test_words_people_type_are_printed_in_a_pdf_not_interpreted(client, personas, own_dataset, recorder):  # noqa: F811
    """An agreement whose text holds markup prints that markup as words: no image, style sheet or
    attachment is fetched from it and nothing of /etc/passwd reaches the PDF."""
    markup = '<img src="file:///etc/passwd"> <script>document.write("x")</script>'
    agreement = in_force(
        personas.dpo,
        personas.organisation,
        personas.other_organisation,
        [own_dataset],
        purpose=f"Purpose {markup}",
        data_items='<link rel="attachment" href="file:///etc/passwd"> <style>@import url(https://example.com/x.css);</style>',
    )
    client.force_login(personas.dpo)

    response = client.get(reverse("isa:agreement_pdf", args=[agreement.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert markup in text
    assert '<link rel="attachment" href="file:///etc/passwd">' in text
    assert_nothing_from_passwd(response.content)
    assert all(url.startswith(f"{pdf.PDF_ORIGIN}/static/") for url in recorder.asked), recorder.asked
    assert recorder.opened == []
