"""Uploaded documents (sharing agreement attachments, ethics case papers) cannot be used to attack the
server or the people who download them.

What arrives is judged by its bytes, not its name; it is stored under a random name inside MEDIA_ROOT,
whatever it was called; the name it came with is cleaned before it is shown or sent back in a header;
and it leaves only through the permission-checked download views, as an attachment the browser must not
sniff. MEDIA_ROOT is no static or web folder and no address serves it directly.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.views.static import serve

from governance.uploads import DOCX, ODT, PDF, display_name
from isa.services.agreements import attachment_add
from tests.ethics.conftest import case, committee  # noqa: F401  (the case whose papers are uploaded)
from tests.factories import OrganisationFactory, UserFactory
from tests.isa.conftest import in_force, own_dataset  # noqa: F401  (the dataset the agreement covers)
from tests.test_settings import PRODUCTION, settings_json

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STORED_NAME = re.compile(r"^(agreements|ethics)/\d+/[0-9a-f]{32}$")


@pytest.fixture
def agreement(personas, own_dataset):  # noqa: F811
    return in_force(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])


@pytest.fixture
def stranger(db):
    """A DPO of an organisation with no part in the agreement or the case."""
    return UserFactory(organisation=OrganisationFactory(), roles=["Data Protection Officer"])


def upload_attachment(client, agreement, name: str, content: bytes):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(reverse("isa:attachment_upload", args=[agreement.pk]), {"kind": "annex", "file": upload})


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    return buffer.getvalue()


class TestWhatIsAccepted:
    @pytest.mark.parametrize(
        "content",
        [
            b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00 a Windows program",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            b"#!/bin/sh\nrm -rf /\n",
            zip_bytes(),
            b" %PDF-1.4 (the signature must come first)",
        ],
        ids=["html", "exe", "svg", "script", "zip", "pdf-signature-later"],
    )
    def test_a_file_named_pdf_that_is_not_a_document_is_refused(self, client, personas, agreement, content):
        client.force_login(personas.dpo)
        response = upload_attachment(client, agreement, "report.pdf", content)
        assert response.status_code == 200
        assert "The selected file must be a PDF, Word document or OpenDocument text" in response.text
        assert not agreement.attachments.exists()

    def test_a_real_pdf_named_exe_is_kept_as_the_pdf_it_is(self, client, personas, agreement):
        """Its type comes from its bytes, and it is listed and downloaded as evil.exe.pdf, so a browser
        or desktop opens it as a PDF and never runs it."""
        client.force_login(personas.dpo)
        assert upload_attachment(client, agreement, "evil.exe", PDF_BYTES).status_code == 302
        attachment = agreement.attachments.get()
        assert (attachment.content_type, attachment.name) == (PDF, "evil.exe.pdf")
        download = client.get(attachment.get_absolute_url())
        assert download["Content-Type"] == PDF
        assert download["Content-Disposition"] == 'attachment; filename="evil.exe.pdf"'

    def test_a_word_document_is_told_apart_from_any_other_zip(self, personas, agreement):
        upload = SimpleUploadedFile("minutes", docx_bytes())
        attachment = attachment_add(agreement=agreement, actor=personas.dpo, upload=upload, kind="annex")
        assert (attachment.content_type, attachment.name) == (DOCX, "minutes.docx")

    def test_an_oversized_file_is_refused_with_the_limit_in_megabytes(self, client, personas, case, settings):  # noqa: F811
        settings.MAX_UPLOAD_BYTES = 1024 * 1024
        client.force_login(personas.analyst)
        big = SimpleUploadedFile("paper.pdf", PDF_BYTES + b"0" * (1024 * 1024))
        response = client.post(reverse("ethics:paper_upload", args=[case.pk]), {"file": big})
        assert response.status_code == 200
        assert "The file must be smaller than 1 MB" in response.text
        assert not case.papers.exists()

    def test_an_empty_file_is_refused(self, personas, agreement):
        with pytest.raises(ValidationError, match="The selected file is empty"):
            attachment_add(
                agreement=agreement, actor=personas.dpo, upload=SimpleUploadedFile("a.pdf", b""), kind="annex"
            )


class TestWhereAndUnderWhatName:
    def test_a_climbing_name_is_stored_under_a_random_name_inside_media_root(self, client, personas, agreement):
        client.force_login(personas.dpo)
        assert upload_attachment(client, agreement, "../../etc/passwd.pdf", PDF_BYTES).status_code == 302
        attachment = agreement.attachments.get()
        assert STORED_NAME.match(attachment.file.name), attachment.file.name
        stored = Path(attachment.file.path).resolve()
        assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) and stored.read_bytes() == PDF_BYTES
        assert attachment.name == "passwd.pdf"

    @pytest.mark.parametrize(
        ("uploaded_as", "shown_as"),
        [
            ("../../etc/passwd.pdf", "passwd.pdf"),
            ("C:\\Users\\me\\Desktop\\agreement.pdf", "agreement.pdf"),
            ("signed\x00.exe.pdf", "signed.exe.pdf"),
            ("line\r\nSet-Cookie: x=1.pdf", "lineSet-Cookie: x=1.pdf"),
            ("invoice\u202efdp.exe", "invoicefdp.exe.pdf"),
            ("  .hidden.pdf  ", "hidden.pdf"),
            ("Signed ISA.PDF", "Signed ISA.pdf"),
            ("", "document.pdf"),
            (None, "document.pdf"),
            ("\x01\x02.pdf", "document.pdf"),
        ],
    )
    def test_the_shown_name_is_cleaned(self, uploaded_as, shown_as):
        assert display_name(uploaded_as, PDF) == shown_as

    def test_a_very_long_name_is_cut_to_fit_and_keeps_its_real_extension(self):
        name = display_name("a" * 500 + ".odt", ODT)
        assert len(name) == 200 and name.endswith("a.odt")

    def test_names_with_control_characters_are_stored_safely_and_download_cleanly(
        self,
        client,
        personas,
        case,  # noqa: F811
    ):
        """Through the service, where no browser has cleaned the name: a NUL, a line break or a very long
        name never reaches the file system or breaks the download's header."""
        from ethics.services import paper_add

        hostile = "../" * 10 + "x\x00y\r\nz" + "n" * 400 + ".pdf"
        paper = paper_add(case=case, actor=personas.analyst, upload=SimpleUploadedFile(hostile, PDF_BYTES))
        assert STORED_NAME.match(paper.file.name), paper.file.name
        assert len(paper.name) <= 200 and paper.name.startswith("xyz") and paper.name.endswith(".pdf")
        assert not {"\x00", "\r", "\n", "/"} & set(paper.name)
        client.force_login(personas.analyst)
        download = client.get(paper.get_absolute_url())
        assert download.status_code == 200
        assert download["Content-Disposition"] == f'attachment; filename="{paper.name}"'

    def test_media_root_is_outside_every_static_and_web_folder(self):
        media = Path(settings.MEDIA_ROOT).resolve()
        static_folders = [Path(settings.STATIC_ROOT)]
        static_folders += [Path(entry[1] if isinstance(entry, tuple) else entry) for entry in settings.STATICFILES_DIRS]
        static_folders += [Path(app.path) / "static" for app in apps.get_app_configs()]
        if web_root := getattr(settings, "WHITENOISE_ROOT", None):
            static_folders.append(Path(web_root))
        for folder in static_folders:
            folder = folder.resolve()
            assert not media.is_relative_to(folder) and not folder.is_relative_to(media), folder

    def test_production_keeps_uploads_outside_the_static_folders_and_gives_them_no_address(self):
        values = settings_json(PRODUCTION, "MEDIA_ROOT", "MEDIA_URL", "STATIC_ROOT", "STATICFILES_DIRS")
        media = Path(values["MEDIA_ROOT"])
        assert not media.is_relative_to(Path(values["STATIC_ROOT"]))
        assert not any(media.is_relative_to(Path(str(entry))) for entry in values["STATICFILES_DIRS"])
        assert values["MEDIA_URL"] in ("", "/")  # nothing links to a media address: files leave through views

    def test_no_address_serves_media_files_directly(self, client, personas, agreement):
        """No URL pattern uses Django's file-serving view, and a stored file's own path answers 404."""

        def views(patterns):
            for pattern in patterns:
                if isinstance(pattern, URLResolver):
                    yield from views(pattern.url_patterns)
                elif isinstance(pattern, URLPattern):
                    yield pattern.callback

        assert serve not in list(views(get_resolver().url_patterns))
        client.force_login(personas.dpo)
        upload_attachment(client, agreement, "a.pdf", PDF_BYTES)
        stored = agreement.attachments.get().file.name
        for address in (f"/{stored}", f"/media/{stored}", f"/static/{stored}", f"/static/../media/{stored}"):
            with pytest.raises(Resolver404):
                resolve(address)
            assert client.get(address).status_code == 404, address


class TestDownloads:
    def test_an_attachment_downloads_as_a_file_the_browser_may_not_sniff(self, client, personas, agreement):
        client.force_login(personas.dpo)
        upload_attachment(client, agreement, "Signed ISA.pdf", PDF_BYTES)
        response = client.get(agreement.attachments.get().get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="Signed ISA.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == PDF and response["Cache-Control"] == "no-store"

    def test_a_paper_downloads_as_a_file_the_browser_may_not_sniff(self, client, personas, case):  # noqa: F811
        from ethics.services import paper_add

        paper = paper_add(case=case, actor=personas.analyst, upload=SimpleUploadedFile("paper.pdf", PDF_BYTES))
        client.force_login(personas.member)
        response = client.get(paper.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="paper.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_someone_who_may_not_see_the_agreement_gets_404_for_its_attachment(
        self, client, personas, agreement, stranger
    ):
        attachment = attachment_add(
            agreement=agreement, actor=personas.dpo, upload=SimpleUploadedFile("a.pdf", PDF_BYTES), kind="annex"
        )
        client.force_login(stranger)
        assert client.get(attachment.get_absolute_url()).status_code == 404

    def test_someone_who_may_not_see_the_case_gets_404_for_its_paper(self, client, personas, case, stranger):  # noqa: F811
        from ethics.services import paper_add

        paper = paper_add(case=case, actor=personas.analyst, upload=SimpleUploadedFile("paper.pdf", PDF_BYTES))
        for person in (stranger, personas.outsider):
            client.force_login(person)
            assert client.get(paper.get_absolute_url()).status_code == 404
