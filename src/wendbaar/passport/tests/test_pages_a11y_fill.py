"""The passport's own pages and the five filling routes in Chromium with axe-core, nl and en.

The pages need a login and most of their states come after a POST, so one flow per
language walks through every screen (with JavaScript, for axe-core) as a logged-in
person; each screen is checked wide and at 320 px.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.test import Client

from wendbaar.passport.tests.fill_fixtures import demo_linker, make_user, skill
from wendbaar.portal.tests.browser import AXE
from wendbaar.services.tests.test_browser import Screens, _context, in_own_browser
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser
EXAMPLE = (
    Path(__file__).resolve().parents[5]
    / "shared/data/credentials/edubadges-ob3-examples/credentials/mbob_ht_pf_regular_full.json"
)
CV = "Ik heb jaren de boekhouding gedaan en facturen verwerken was mijn vak."


@pytest.fixture
def site(transactional_db: None, live_server: object, monkeypatch: pytest.MonkeyPatch) -> str:
    demo_linker(monkeypatch)
    scheme = ConceptScheme.objects.create(
        code="vakpas", uri="urn:vakpas", kind="external", titles={"nl": "Vakpas", "en": "Vakpas"}
    )
    source = Concept.objects.create(scheme=scheme, uri="urn:vakpas:1", kind="external", code="1")
    Mapping.objects.create(
        source=source, target=skill("boekhouden"), relation="exactMatch", status="accepted"
    )
    return str(live_server.url)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}); run `npm ci`", pytrace=False)
    return AXE.read_text(encoding="utf-8")


def _session(name: str) -> str:
    client = Client()
    client.force_login(make_user(name))
    return client.cookies["sessionid"].value


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_passport_pages_are_accessible(site: str, axe: str, lang: str, tmp_path: Path) -> None:
    session = _session(f"anna-{lang}")
    occupation = Concept.objects.get(code="boekhouder", kind="occupation").pk
    export = tmp_path / "vakpas.csv"
    export.write_text("code;label\n1;Boekhouding\n2;Onbekend\n", encoding="utf-8")
    base = site + ("" if lang == "nl" else "/en") + "/mijn-paspoort/"

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript=True)
        context.add_cookies([{"name": "sessionid", "value": session, "url": site}])
        page = context.new_page()
        screens = Screens(page, axe)

        def expect(selector: str, what: str) -> None:
            if page.locator(selector).count() == 0:
                screens.problems.append(f"{page.url}: {what} ({selector}) is missing")

        page.goto(base)
        screens.check()
        expect(".routes", "the five routes of an empty passport")
        # Route 1: search, an error, then adding.
        page.goto(base + "zoeken/?q=" + "x" * 1001)
        screens.check()
        expect("[role=alert]", "the error of a too long query")
        page.goto(base + "zoeken/?q=boekhouding")
        screens.check()
        page.fill("#id_last_used", "")
        page.locator("main form[method=post] button[type=submit]").click()
        screens.check()
        expect(".error-summary", "the error summary when nothing is ticked")
        page.locator("input[name=skill]").first.check()
        page.locator("main form[method=post] button[type=submit]").click()
        screens.check()
        expect(".claim-list", "the claims of the overview")
        # Route 2: a past job.
        page.goto(base + "werk/?q=boekhouder")
        screens.check()
        page.goto(base + f"werk/beroep/{occupation}/")
        screens.check()
        page.fill("#id_start", "2020-01-01")
        page.fill("#id_end", "2019-01-01")
        page.locator("main form button[type=submit]").click()
        screens.check()
        expect(".error-summary", "the error of an end before the start")
        page.fill("#id_end", "2021-01-01")
        page.locator("main form button[type=submit]").click()
        screens.check()
        # Route 3: a CV.
        page.goto(base + "cv/")
        screens.check()
        page.locator("main form button[type=submit]").click()
        screens.check()
        expect(".error-summary", "the error of an empty CV form")
        page.fill("#id_text", CV)
        page.locator("main form button[type=submit]").click()
        screens.check()
        expect("input[name=skill]", "the skills found in the CV")
        # Route 4: a credential.
        page.goto(base + "diplomas-en-badges/")
        screens.check()
        page.fill("#id_document", "{")
        page.locator("main form button[type=submit]").click()
        screens.check()
        expect(".error-summary", "the error of malformed JSON")
        page.fill("#id_document", EXAMPLE.read_text("utf-8"))
        page.locator("main form button[type=submit]").click()
        screens.check()
        expect(".credential-preview", "the verdict of the credential")
        page.locator("main form button[type=submit]").click()
        screens.check()
        # Route 5: another system's export.
        page.goto(base + "importeren/")
        screens.check()
        page.set_input_files("#id_file", str(export))
        page.locator("main form button[type=submit]").click()
        screens.check()
        expect("table", "the report of what can and cannot be mapped")
        page.locator("main form button[type=submit]").click()
        screens.check()
        # The filled overview and the pages of one claim.
        claim = page.locator(".claim-list li.claim[id^=claim-]").first.get_attribute("id")
        pk = (claim or "claim-0").split("-")[1]
        page.goto(base + f"vaardigheid/{pk}/")
        screens.check()
        page.select_option("#id_proficiency", "2")
        page.locator("main form button[type=submit]").click()
        screens.check()
        page.goto(base + f"vaardigheid/{pk}/bewijs/")
        screens.check()
        page.locator("main form button[type=submit]").click()
        screens.check()
        expect(".error-summary", "the error of proof without link or file")
        page.goto(base + f"vaardigheid/{pk}/verwijderen/")
        screens.check()
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)
