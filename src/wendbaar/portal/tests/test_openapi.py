"""The committed OpenAPI schema must match what the code serves."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command

SCHEMA = Path(__file__).resolve().parents[4] / "docs" / "api" / "openapi.yaml"


def test_committed_schema_is_current(tmp_path: Path) -> None:
    generated = tmp_path / "openapi.yaml"
    call_command(
        "spectacular", "--file", str(generated), "--lang", "en", "--validate", "--fail-on-warn"
    )
    assert generated.read_text() == SCHEMA.read_text(), (
        "docs/api/openapi.yaml is out of date; regenerate it with "
        "`wendbaar manage spectacular --lang en --file docs/api/openapi.yaml`"
    )


def test_schema_is_served(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/concepts/" in response.content
