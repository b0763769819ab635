"""The dashboard's include renders in a PDF (as an organisation's audit pack will use it): the charts,
their numbers, and links made absolute or left out."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template import Context, Template

from dashboard.figures import build
from governance.pdf import PDF_ORIGIN, _static_fetcher
from tests.dashboard.conftest import TODAY
from tests.pdf import pdf_text

DOCUMENT = Template(
    "<!DOCTYPE html><html lang='en-GB'><head>{% include 'includes/pdf_head.html' %}</head><body>"
    "<h1>Audit pack</h1>{% include 'dashboard/includes/figures.html' with dashboard=dashboard %}</body></html>"
)


def render(**context) -> str:
    return DOCUMENT.render(Context({"marking": settings.PROTECTIVE_MARKING, **context}))


def test_the_figures_render_into_a_pdf(personas, world):
    from weasyprint import HTML

    board = build(personas.siro, personas.organisation, datetime.date(2026, 1, 1), TODAY, today=TODAY)
    html = render(dashboard=board, plain=True)
    assert "<svg" in html and "/dashboard/list/" not in html  # plain: no links
    pdf = HTML(string=html, base_url=f"{PDF_ORIGIN}/", url_fetcher=_static_fetcher()).write_pdf()
    text = pdf_text(pdf)
    for words in (
        "Exceptions",
        "DPO reviews overdue",
        "DPIA screenings and assessments",
        "Screenings by status",
        "Active access grants by dataset",
        "Retention and disposal",
        "Due in the next 5 working days",
    ):
        assert words in text, words


def test_links_can_be_made_absolute_for_a_document(personas, world):
    board = build(personas.siro, personas.organisation, datetime.date(2026, 1, 1), TODAY, today=TODAY)
    html = render(dashboard=board, link_base="https://governance.example.org")
    assert 'href="https://governance.example.org/dashboard/list/dpo-reviews/?' in html
    assert f'href="https://governance.example.org{world.overdue_review.get_absolute_url()}"' in html
    assert 'href="/' not in html.split("</head>")[1]
