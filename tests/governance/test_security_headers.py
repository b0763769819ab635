"""The headers every page is served with: the content security policy (scripts and styles from our own
static files only), HSTS over HTTPS, no framing, the referrer and opener policies, and cookies that only
go over HTTPS and that scripts cannot read.

The policy allows no inline script or style, so a template that carries one would break in the browser;
``test_no_template_carries_inline_script_or_style`` finds them before that, in every template folder.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import cast

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

SITE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

# Templates WeasyPrint renders into PDFs and that are never served as web pages, so the browser's policy
# does not apply to them and they may carry a <style> (the protective marking in each page's margin is
# written with CSS that names the deployment's marking). A new PDF template that needs this is added here;
# ``test_the_pdf_only_templates_are_used_only_for_pdfs`` checks that none of them is served as a page.
PDF_ONLY_TEMPLATES = {
    "includes/pdf_head.html",
    "dpia/screening_pdf.html",
    "isa/agreement_pdf.html",
    "ethics/advice_letter_pdf.html",
    "ethics/minutes_pdf.html",
    "audit/pack_pdf.html",
}
PDF_RENDERERS = {"render_pdf", "render_pdf_with_pages"}

TAG = re.compile(r"<(?P<name>[a-zA-Z][\w-]*)(?P<attributes>[^<>]*)>")
INLINE_ATTRIBUTE = re.compile(r"(?<![\w-])(?P<attribute>style|on[a-z]+)\s*=", re.IGNORECASE)


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {directive[0]: directive[1:] for directive in directives}


def project_app_folders() -> list[Path]:
    """The folders of the project's own apps (not those installed from packages)."""
    folders = [Path(app.path).resolve() for app in apps.get_app_configs()]
    return [folder for folder in folders if folder.is_relative_to(settings.BASE_DIR) and ".venv" not in folder.parts]


def template_folders() -> list[Path]:
    """The project's template folders: the site's own, and any inside the project's apps."""
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in cast(list[str], engine["DIRS"])]
    return folders + [folder / "templates" for folder in project_app_folders() if (folder / "templates").is_dir()]


def templates() -> dict[str, str]:
    """Every project template by its name (its path under its folder), with its text."""
    return {
        path.relative_to(folder).as_posix(): path.read_text()
        for folder in template_folders()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}
    }


def inline_script_or_style(text: str) -> list[str]:
    """What in a template's text a policy without 'unsafe-inline' would block."""
    found = []
    for tag in TAG.finditer(text):
        name, attributes = tag["name"].lower(), tag["attributes"]
        if name == "script" and not re.search(r"(?<![\w-])src\s*=", attributes):
            found.append("a <script> with its code in the page")
        if name == "style":
            found.append("a <style> element")
        found += [f"a {match['attribute']}= attribute" for match in INLINE_ATTRIBUTE.finditer(attributes)]
    if re.search(r"javascript:", text, re.IGNORECASE):
        found.append("a javascript: address")
    return found


class TestContentSecurityPolicy:
    @pytest.mark.parametrize(
        "url",
        [
            reverse("home"),
            reverse("project_list"),
            reverse("dataset_list"),
            reverse("isa:register"),
            reverse("accounts:two_factor"),
            "/api/schema/",
        ],
    )
    def test_pages_carry_the_sites_policy_with_nothing_inline(self, client, personas, url):
        """Every page, signed in, answers with the site's whole policy and no 'unsafe-inline' anywhere."""
        client.force_login(personas.dpo)
        response = client.get(url)
        assert response.status_code == 200
        assert policy_of(response) == SITE_POLICY
        assert "unsafe-inline" not in response["Content-Security-Policy"]

    def test_the_sign_in_page_carries_it_before_anyone_signs_in(self, client, db):
        response = client.get(reverse("login"))
        assert response.status_code == 200
        assert policy_of(response) == SITE_POLICY

    def test_the_api_documentation_alone_may_use_the_styles_redoc_writes(self, client, personas):
        """Redoc writes its styles into the page as it runs: that page allows inline styles, a data: image and
        a blob: worker, and nothing more; its scripts still come only from our own static files."""
        client.force_login(personas.dpo)
        docs = policy_of(client.get(reverse("api:docs")))
        assert docs == {
            **SITE_POLICY,
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": ["'self'", "data:"],
            "worker-src": ["blob:"],
        }
        assert docs["script-src"] == ["'self'"]

    def test_no_template_carries_inline_script_or_style(self):
        """No web-page template has an inline <script>, a <style>, a style= or on…= attribute, or a
        javascript: address; only the declared PDF-only templates may have a <style>."""
        found = {
            name: problems
            for name, text in templates().items()
            if name not in PDF_ONLY_TEMPLATES and (problems := inline_script_or_style(text))
        }
        assert not found, (
            "The content security policy blocks these in the browser: move styles to static/scss/app.scss and "
            f"scripts to static/js/, or declare a template that is only ever a PDF in PDF_ONLY_TEMPLATES: {found}"
        )

    def test_the_check_finds_each_kind_of_inline_code(self):
        """The template check itself: each way of putting script or style in a page is caught, and a script
        file or a presentation attribute on an SVG shape is not."""
        assert inline_script_or_style('<script src="/static/js/app.js"></script>') == []
        assert inline_script_or_style('<rect class="app-chart__bar" fill="#1d70b8" data-style="x">') == []
        assert inline_script_or_style("<script>alert(1)</script>") == ["a <script> with its code in the page"]
        assert inline_script_or_style('<script type="module">import "x";</script>')
        assert inline_script_or_style("<style>p { color: red }</style>") == ["a <style> element"]
        assert inline_script_or_style('<p class="x" style="color: red">') == ["a style= attribute"]
        assert inline_script_or_style('<button {% if a %}onclick="go()"{% endif %}>') == ["a onclick= attribute"]
        assert inline_script_or_style('<a href="javascript:go()">') == ["a javascript: address"]

    def test_the_pdf_only_templates_are_used_only_for_pdfs(self):
        """Each declared PDF-only template exists, and is rendered only by ``render_pdf`` or included only
        by other PDF-only templates, so the exemption cannot cover a page a browser is sent."""
        names = templates()
        assert not PDF_ONLY_TEMPLATES - names.keys(), "a declared PDF-only template does not exist"
        named: set[tuple[str, str]] = set()  # every place a PDF-only template's name is written
        rendered: set[tuple[str, str]] = set()  # the places where it is render_pdf's template
        for source in (source for folder in project_app_folders() for source in folder.rglob("*.py")):
            for node in ast.walk(ast.parse(source.read_text())):
                if isinstance(node, ast.Constant) and node.value in PDF_ONLY_TEMPLATES:
                    named.add((f"{source}:{node.lineno}:{node.col_offset}", node.value))
                if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                    function = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                    if function in PDF_RENDERERS:
                        first = node.args[0]
                        rendered.add((f"{source}:{first.lineno}:{first.col_offset}", first.value))
        served = named - rendered
        assert not served, f"PDF-only templates named outside a render_pdf call: {served}"
        for name, text in names.items():
            for included in re.findall(r"{%\s*(?:include|extends)\s+[\"']([^\"']+)[\"']", text):
                if included in PDF_ONLY_TEMPLATES:
                    assert name in PDF_ONLY_TEMPLATES, f"{name} is a web page but uses the PDF-only {included}"


class TestTransportAndFramingHeaders:
    def test_over_https_the_browser_is_told_to_use_only_https_for_a_year(self, client, db):
        response = client.get(reverse("login"), secure=True)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

    def test_pages_may_not_be_framed_sniffed_or_leak_their_address(self, client, personas):
        client.force_login(personas.analyst)
        response = client.get(reverse("home"), secure=True)
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    def test_the_session_and_csrf_cookies_go_only_over_https_and_scripts_cannot_read_them(self, client, personas):
        """Signing in sets a session cookie marked Secure, HttpOnly and SameSite=Lax, and the CSRF cookie
        is Secure and HttpOnly too (no script of ours reads it: forms carry the token)."""
        client.get(reverse("login"), secure=True)
        response = client.post(
            reverse("login"), {"username": personas.analyst.username, "password": PASSWORD}, secure=True
        )
        assert response.status_code == 302
        session = response.cookies[settings.SESSION_COOKIE_NAME]
        assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
        csrf = client.cookies[settings.CSRF_COOKIE_NAME]
        assert csrf["secure"] and csrf["httponly"]
