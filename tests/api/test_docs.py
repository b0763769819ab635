"""The documentation page: for people signed in, with its script from our own static files."""

from __future__ import annotations


def test_the_docs_page_loads_nothing_from_elsewhere(client, personas):
    client.force_login(personas.dpo)
    html = client.get("/api/docs/").content.decode()
    assert '<script src="/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js">' in html
    assert "https://" not in html and "<style" not in html


def test_the_docs_page_is_for_those_signed_in(client, db):
    assert client.get("/api/docs/").status_code == 401


def test_the_schema_needs_a_signed_in_caller(client, db):
    assert client.get("/api/schema/").status_code in (401, 403)


def test_every_operation_declares_the_errors_it_can_answer(client, personas):
    client.force_login(personas.dpo)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "429"} <= codes, (method, path)
            if "{" in path or operation.get("parameters") or method == "post":
                assert {"400", "404"} <= codes, (method, path)
            if method == "post" and "{" in path:
                assert "409" in codes, (method, path)
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
