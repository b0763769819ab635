"""Reading the PDFs the product makes, for tests."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(content: bytes) -> str:
    """The whole document's text with its whitespace (line breaks included) collapsed to single spaces."""
    return " ".join(" ".join(pdf_pages(content)).split())
