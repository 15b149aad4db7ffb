"""The editor's review pages and the credential verdict in Chromium, with axe-core.

These pages need a login or a POST, so the by-address page list cannot reach them;
the flow logs in as an editor through the login page and checks every screen.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from wendbaar.demo.loader import load_demo
from wendbaar.services.tests.test_browser import Screens, _context, in_own_browser
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser
PASSWORD = "redacteur-wachtwoord-42"


@pytest.fixture
def site(transactional_db: None, live_server: object) -> str:
    load_demo()
    editor = get_user_model().objects.create_user("redacteur", password=PASSWORD)
    editor.user_permissions.add(Permission.objects.get(codename="change_mapping"))
    scheme = ConceptScheme.objects.create(
        code="sector", uri="urn:sector", kind="external", titles={"nl": "Sectorvaardigheden"}
    )
    source = Concept.objects.create(scheme=scheme, uri="urn:sector:a", kind="external", code="A")
    source.labels.create(
        lang="nl", kind="pref", text="Warmtepompen plaatsen", search_text="warmtepompen plaatsen"
    )
    target = Concept.objects.filter(kind="skill", scheme__code="demo").earliest("pk")
    Mapping.objects.create(
        source=source, target=target, relation="closeMatch", confidence=0.8, provenance="test"
    )
    return str(live_server.url)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_review_pages_and_verdict_are_accessible(site: str, axe_source: str, lang: str) -> None:
    prefix = "" if lang == "nl" else "/en"
    mapping = Mapping.objects.get()

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript=True)
        page = context.new_page()
        screens = Screens(page, axe_source)
        base = site + prefix
        page.goto(f"{base}/inloggen/?next={prefix}/beroepen-en-vaardigheden/koppelingen/")
        page.fill("#id_username", "redacteur")
        page.fill("#id_password", PASSWORD)
        screens.submit()
        if "/koppelingen/" not in page.url:
            screens.problems.append(f"login did not lead to the review list: {page.url}")
        page.goto(f"{base}/beroepen-en-vaardigheden/koppelingen/sector/?min_confidence=0.5")
        screens.check()
        page.check(f"#m{mapping.pk}")
        page.locator("button[value=accept]").click()
        screens.check()
        if page.locator("[role=status]").count() != 1:
            screens.problems.append("no confirmation after accepting")
        page.goto(f"{base}/beroepen-en-vaardigheden/koppelingen/sector/?min_confidence=veel")
        screens.check()
        page.goto(f"{base}/beroepen-en-vaardigheden/koppeling/{mapping.pk}/?q=warmtepomp")
        screens.check()
        page.goto(f"{base}/controleren/")
        page.fill("#credential", json.dumps({"@context": ["https://www.w3.org/ns/credentials/v2"]}))
        screens.submit()
        if page.locator(".verdict--bad").count() != 1:
            screens.problems.append("no verdict shown for an unsigned document")
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)
    assert Mapping.objects.get().status == "accepted"
