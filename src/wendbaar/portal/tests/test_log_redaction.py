"""Secrets in URLs never reach the log, also when Django logs a 4xx answer."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from wendbaar.log_redaction import REDACTED, redact


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_unknown_share_token_is_hidden_in_the_request_log(
    client: Client, caplog: pytest.LogCaptureFixture, prefix: str
) -> None:
    token = "wbs_s3cr3t-Token_value"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"{prefix}/paspoort/gedeeld/{token}/")
    assert response.status_code == 404
    assert caplog.records, "Django logs a 404 answer"
    assert token not in caplog.text
    assert f"/paspoort/gedeeld/{REDACTED}/" in caplog.text


def test_redact_keeps_the_rest_of_the_line() -> None:
    line = 'Gone: /paspoort/gedeeld/abc/ and "GET /wachtwoord-vergeten/MQ/set-x1/ HTTP/1.1"'
    assert redact(line) == (
        f"Gone: /paspoort/gedeeld/{REDACTED}/ and "
        f'"GET /wachtwoord-vergeten/MQ/{REDACTED}/ HTTP/1.1"'
    )
    assert redact("/paspoort/delen/3/stoppen/") == "/paspoort/delen/3/stoppen/"
