"""Issue 4 end to end: a person registers, fills the passport by each of the five routes
through the real pages, shares it, downloads the PDF, the data and the credentials, and an
employer verifies a wendbaar-issued credential on the public page, before and after the
issuer revokes it.

Every step goes through the pages (or the VC-API) as a browser or a client would; the
forms posted are the forms the pages render (``page_form``), so a field the page forgets
to send would break the journey.
"""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from wendbaar.accounts.models import Organisation, OrganisationKind, Role, User
from wendbaar.credentials.models import IssuedCredential
from wendbaar.passport.models import (
    ClaimSource,
    Education,
    HeldCredential,
    Passport,
    SkillClaim,
    ValidationLevel,
    WorkExperience,
)
from wendbaar.passport.tests.fill_fixtures import demo_linker
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping

pytestmark = pytest.mark.django_db

EDUBADGE = (
    Path(__file__).resolve().parents[5]
    / "shared/data/credentials/edubadges-ob3-examples/credentials"
    / "mbob_eo_eov_microcredential_full.json"
)
UNKNOWN_CONTEXT = (
    "unknown context https://raw.githubusercontent.com/educredentials/obv3-examples/"
    "refs/heads/main/contexts/educredential.json"
)
PASSWORD = "Reis-door-wendbaar-2026"
DEMO = "https://demo.wendbaar.nl/"


# A browser's view of a page: the fields a form would send --------------------------------


class _Forms(HTMLParser):
    """Collects each form's field names and the name/value pairs a browser would submit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._textarea = False
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def _add(self, name: str | None, value: str) -> None:
        if self.forms and name:
            self.forms[-1]["fields"].append((name, value))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "names": set(), "fields": []})
            return
        if not self.forms or tag not in ("input", "textarea", "select", "option"):
            return
        if tag != "option":
            self.forms[-1]["names"].add(a.get("name"))
        if "disabled" in a:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self._add(a.get("name"), a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = True
            self._add(a.get("name"), "")
        elif tag == "select":
            self._select, self._options = a.get("name"), []
        elif self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, value = self.forms[-1]["fields"][-1]
            self.forms[-1]["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = False
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            self._add(self._select, (chosen or [value for value, _s in self._options] or [""])[0])
            self._select = None


def page_form(
    html: str, field: str, *, step: str | None = None, containing: str = "", action: str = ""
) -> dict[str, list[str]]:
    """What the page's form sends as it is shown: the first form with a field named
    ``field`` (with the hidden ``step`` when given, a value ``containing`` a text, an
    ``action`` ending so). Values are lists, as in a POST."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        fields: dict[str, list[str]] = {}
        for name, value in form["fields"]:
            fields.setdefault(name, []).append(value)
        if field not in form["names"] or (step is not None and fields.get("step") != [step]):
            continue
        if containing and not any(containing in value for _name, value in form["fields"]):
            continue
        if not form["action"].endswith(action):
            continue
        fields.pop("csrfmiddlewaretoken", None)
        return fields
    raise AssertionError(f"no form with {field!r} ({step!r}, {containing!r}, {action!r})")


def skill_boxes(html: str) -> dict[int, bool]:
    """The skill checkboxes on a page: concept id -> ticked."""
    return {
        int(value): "checked" in rest
        for value, rest in re.findall(r'name="skill" value="(\d+)"([^>]*)>', html)
    }


def claims_by_code(passport: Passport) -> dict[str, SkillClaim]:
    return {c.concept.code: c for c in passport.claims.select_related("concept")}


def concept(code: str) -> Concept:
    return Concept.objects.get(code=code, scheme__code="demo")


# The people -------------------------------------------------------------------------------


def register(client: Client) -> User:
    page = client.get("/registreren/")
    assert page.status_code == 200
    data = page_form(page.content.decode(), "login_name")
    data.update(
        login_name=["sanne@example.org"],
        password1=[PASSWORD],
        password2=[PASSWORD],
        situation=["working"],
    )
    response = client.post("/registreren/", data)
    assert response.status_code == 302 and response["Location"] == "/mijn-account/"
    user = User.objects.get(username="sanne@example.org")
    assert user.role == Role.PERSON and user.check_password(PASSWORD)
    assert client.get("/mijn-paspoort/").status_code == 200  # logged in
    return user


def issuer_client() -> tuple[Client, Organisation]:
    organisation = Organisation.objects.create(
        name="EVC-centrum Installatie", slug="evc-installatie", kind=OrganisationKind.EVC
    )
    user = User.objects.create_user(
        "uitgever", password=PASSWORD, role=Role.ISSUER, organisation=organisation
    )
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client, organisation


def issue_on_page(issuer: Client, username: str) -> IssuedCredential:
    """Search the skill, tick it, fill in the form and sign, as on /uitgeven/."""
    page = issuer.post(
        "/uitgeven/", {"action": "search", "q": "technische tekeningen lezen"}
    ).content.decode()
    drawing = concept("technische-tekeningen-lezen").pk
    assert drawing in skill_boxes(page)
    data = page_form(page, "recipient")
    data.update(
        action=["issue"],
        recipient=[username],
        name=["Technische tekeningen lezen"],
        description=["Leest installatietekeningen en schema's."],
        criteria=["EVC-procedure met praktijkassessment."],
        level=["validated"],
        skill=[str(drawing)],
    )
    response = issuer.post("/uitgeven/", data)
    assert response.status_code == 302 and response["Location"] == "/uitgeven/uitgegeven/"
    return IssuedCredential.objects.get(name="Technische tekeningen lezen")


# The five routes --------------------------------------------------------------------------


def fill_by_search(client: Client, passport: Passport) -> None:
    page = client.get("/mijn-paspoort/zoeken/", {"q": "klantgericht communiceren"})
    html = page.content.decode()
    wanted = concept("klantgericht-communiceren").pk
    assert wanted in skill_boxes(html)
    data = page_form(html, "skill")
    data.update(skill=[str(wanted)], context=["paid_work"], last_used=["2024-06-30"])
    response = client.post("/mijn-paspoort/zoeken/?q=klantgericht+communiceren", data)
    assert response.status_code == 302 and response["Location"] == "/mijn-paspoort/"
    claim = claims_by_code(passport)["klantgericht-communiceren"]
    assert (claim.source, claim.level) == (ClaimSource.SEARCH, ValidationLevel.SELF_DECLARED)
    assert (claim.context, str(claim.last_used)) == ("paid_work", "2024-06-30")


def fill_by_past_job(client: Client, passport: Passport) -> set[str]:
    """Installatiemonteur 2016-2023, with the essential skills the page ticks."""
    html = client.get("/mijn-paspoort/werk/", {"q": "installatiemonteur"}).content.decode()
    occupation = Concept.objects.get(code="installatiemonteur", kind="occupation")
    assert f'href="/mijn-paspoort/werk/beroep/{occupation.pk}/"' in html
    url = f"/mijn-paspoort/werk/beroep/{occupation.pk}/"
    html = client.get(url).content.decode()
    boxes = skill_boxes(html)
    essential = set(
        occupation.relations_out.filter(kind="essential").values_list("target__code", flat=True)
    )
    ticked = {pk for pk, checked in boxes.items() if checked}
    assert ticked == set(
        Concept.objects.filter(code__in=essential, scheme__code="demo").values_list("pk", flat=True)
    )
    data = page_form(html, "employer")
    data.update(employer=["Installatiebedrijf Jansen"], start=["2016-09-01"], end=["2023-06-30"])
    response = client.post(url, data)
    assert response.status_code == 302
    job = WorkExperience.objects.get(passport=passport)
    assert (job.occupation, job.employer, str(job.end)) == (
        occupation,
        "Installatiebedrijf Jansen",
        "2023-06-30",
    )
    claims = claims_by_code(passport)
    for code in essential:
        assert (claims[code].source, claims[code].level) == (
            ClaimSource.OCCUPATION,
            ValidationLevel.SELF_DECLARED,
        ), code
        assert str(claims[code].last_used) == "2023-06-30"
    return essential


CV = """Sanne de Vries, monteur.
2016-2023 Installatiebedrijf Jansen: ik heb jarenlang cv-ketels onderhouden,
zonnepanelen gemonteerd en werkbonnen ingevuld. Daarnaast gaf ik klanten uitleg.
Hobby: koken voor grote groepen bij de scouting."""


def fill_by_cv(client: Client, passport: Passport) -> list[str]:
    before = set(claims_by_code(passport))
    response = client.post("/mijn-paspoort/cv/", {"step": "read", "text": CV})
    html = response.content.decode()
    assert response.status_code == 200
    proposals = skill_boxes(html)
    assert proposals, "the CV gives no proposals"
    data = page_form(html, "skill", step="confirm")
    # The person ticks everything proposed that is new.
    new = [pk for pk in proposals if not SkillClaim.objects.filter(concept_id=pk).exists()]
    assert new, "the CV proposes nothing new"
    data.update(skill=[str(pk) for pk in new], context=["paid_work"])
    response = client.post("/mijn-paspoort/cv/", data)
    assert response.status_code == 302 and response["Location"] == "/mijn-paspoort/"
    added = {code: c for code, c in claims_by_code(passport).items() if code not in before}
    assert {c.concept_id for c in added.values()} == set(new)
    assert {(c.source, c.level) for c in added.values()} == {
        (ClaimSource.CV, ValidationLevel.SELF_DECLARED)
    }
    return list(added)


def import_credential_file(
    client: Client, name: str, content: bytes, tick: int = 0
) -> tuple[str, list[str]]:
    """Upload one credential file and confirm the page as shown, plus the first ``tick``
    skills it proposes; returns the confirmation page and the ticked proposals."""
    upload = SimpleUploadedFile(name, content, content_type="application/json")
    response = client.post(
        "/mijn-paspoort/diplomas-en-badges/", {"step": "check", "document": "", "file": upload}
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'name="payload"' in html
    data = page_form(html, "payload", step="confirm")
    proposals = re.findall(r'name="claim" value="(\d+:\d+)"(?![^>]*disabled)', html)
    data["claim"] = data.get("claim", []) + proposals[:tick]
    response = client.post("/mijn-paspoort/diplomas-en-badges/", data)
    assert response.status_code == 302 and response["Location"] == "/mijn-paspoort/"
    return html, proposals[:tick]


def fill_by_edubadge(client: Client, passport: Passport) -> None:
    """A real edubadges example: kept with the reason it cannot be verified; a skill the
    linker found in it counts only when ticked, and then as self-declared."""
    html, [ticked] = import_credential_file(client, EDUBADGE.name, EDUBADGE.read_bytes(), tick=1)
    assert "Microcredential Oogcontact maken zonder creepy te kijken" in html
    held = HeldCredential.objects.get(passport=passport, issuer_id__startswith="https://")
    assert held.verified is False and held.verdict["reason"] == UNKNOWN_CONTEXT
    education = Education.objects.get(passport=passport, title=held.name)
    assert education.diploma is False
    claim = passport.claims.get(concept_id=int(ticked.split(":")[1]))
    assert (claim.source, claim.level) == (ClaimSource.CREDENTIAL, ValidationLevel.SELF_DECLARED)
    assert claim.evidence.get().credential == held
    assert passport.claims.filter(evidence__credential=held).count() == 1  # only the ticked one


def issue_by_api(organisation: Organisation, issuer: Client, subject: str) -> dict[str, Any]:
    """The EVC centre issues through the VC-API with a personal token made on its account page."""
    made = issuer.post("/mijn-account/tokens/", {"name": "koppeling"})
    assert made.status_code == 201
    token = made.context["new_token"]
    body = {
        "credential": {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": "Warmtepompen installeren",
            "credentialSubject": {
                "id": subject,
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "urn:uuid:8d3c64a2-0d3f-4a0e-9c7e-5f1b2a3c4d5e",
                    "type": ["Achievement"],
                    "achievementType": "Competency",
                    "name": "Warmtepompen installeren",
                    "description": "Installeert warmtepompen in woningen.",
                    "criteria": {"narrative": "Praktijkexamen bij het EVC-centrum."},
                    "alignment": [
                        {
                            "type": ["Alignment"],
                            "targetName": "warmtepompen installeren",
                            "targetUrl": DEMO + "skill/warmtepompen-installeren",
                            "targetFramework": "ESCO",
                        }
                    ],
                },
            },
        }
    }
    response = Client().post(
        "/credentials/issue",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    credential: dict[str, Any] = response.json()["verifiableCredential"]
    assert credential["issuer"]["id"] == f"did:web:testserver:organisations:{organisation.slug}"
    return credential


def fill_by_wendbaar_credential(
    client: Client, passport: Passport, credential: dict[str, Any]
) -> None:
    html, _ticked = import_credential_file(
        client, "warmtepomp.json", json.dumps(credential).encode()
    )
    assert "EVC-centrum Installatie" in html
    held = HeldCredential.objects.get(passport=passport, issuer_id=credential["issuer"]["id"])
    assert held.verified and held.verdict["trusted_issuer"] is True
    claim = claims_by_code(passport)["warmtepompen-installeren"]
    assert (claim.source, claim.level) == (ClaimSource.CREDENTIAL, ValidationLevel.CERTIFIED)
    assert claim.evidence.get().credential == held
    assert Education.objects.get(passport=passport, title="Warmtepompen installeren").diploma


def small_crosswalk() -> ConceptScheme:
    """The crosswalk of "Vakpas", an imaginary sector passport: four codes, mapped."""
    scheme = ConceptScheme.objects.create(
        code="vakpas", uri="urn:vakpas", kind="external", titles={"nl": "Vakpas", "en": "Vakpas"}
    )
    for code, target, relation in [
        ("VP-01", "lassen", "exactMatch"),
        ("VP-02", "elektrotechniek", "closeMatch"),
        ("VP-03", "energietransitie", "broadMatch"),  # too loose: not imported
        ("VP-04", "leidingwerk-aanleggen", "exactMatch"),  # already claimed from the job
    ]:
        source = Concept.objects.create(
            scheme=scheme, uri=f"urn:vakpas:{code}", kind="external", code=code
        )
        Mapping.objects.create(
            source=source, target=concept(target), relation=relation, status="accepted"
        )
    return scheme


VAKPAS_EXPORT = (
    "code;label;level;last_used\n"
    "VP-01;Lassen;3;2023-06\n"
    "VP-02;Elektra;expert;2022\n"
    "VP-03;Energietransitie;;\n"
    "VP-04;Leidingen leggen;;\n"
    "VP-77;Onbekend;;\n"
)


def fill_by_other_passport(client: Client, passport: Passport) -> None:
    scheme = small_crosswalk()
    page = client.get("/mijn-paspoort/importeren/").content.decode()
    assert 'value="vakpas"' in page
    upload = SimpleUploadedFile("vakpas.csv", VAKPAS_EXPORT.encode("utf-8-sig"), "text/csv")
    response = client.post(
        "/mijn-paspoort/importeren/", {"step": "check", "scheme": "vakpas", "file": upload}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "VP-03" in html and "VP-77" in html  # what cannot be mapped is reported
    confirm = page_form(html, "payload", step="confirm")
    response = client.post("/mijn-paspoort/importeren/", confirm)
    assert response.status_code == 302
    claims = claims_by_code(passport)
    welding, electrics = claims["lassen"], claims["elektrotechniek"]
    assert (welding.source, welding.level, welding.source_concept) == (
        ClaimSource.IMPORT,
        ValidationLevel.SELF_DECLARED,
        Concept.objects.get(scheme=scheme, code="VP-01"),
    )
    assert (welding.proficiency, str(welding.last_used)) == (3, "2023-06-30")
    assert electrics.source == ClaimSource.IMPORT
    assert electrics.source_concept == Concept.objects.get(scheme=scheme, code="VP-02")
    assert "energietransitie" not in claims  # a broad match is not imported
    # A skill already claimed from the job keeps its claim as it was.
    assert claims["leidingwerk-aanleggen"].source == ClaimSource.OCCUPATION


# The journey ------------------------------------------------------------------------------


def test_a_person_builds_shares_and_proves_a_passport(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_linker(monkeypatch)  # the demo taxonomy, with a lexical linker on it

    # 1. Register; the person is logged in and has an (empty) passport.
    user = register(client)
    passport = Passport.objects.get(owner=user)
    assert not passport.claims.exists()

    # 2. Fill it by each of the five routes.
    fill_by_search(client, passport)
    fill_by_past_job(client, passport)
    fill_by_cv(client, passport)
    fill_by_edubadge(client, passport)
    issuer, organisation = issuer_client()
    wallet_did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    fill_by_wendbaar_credential(client, passport, issue_by_api(organisation, issuer, wallet_did))
    fill_by_other_passport(client, passport)

    # The EVC centre also issues on its issuer page, to the person's username: the
    # credential lands in the passport and raises the claim.
    assert claims_by_code(passport)["technische-tekeningen-lezen"].level == 1
    issued = issue_on_page(issuer, user.username)
    passport.refresh_from_db()  # its holder DID was made for the issue
    assert issued.holder == user and issued.subject_did == passport.holder_did
    # The skill was self-declared from the job; the credential raises it to validated.
    claim = claims_by_code(passport)["technische-tekeningen-lezen"]
    assert (claim.source, claim.level) == (ClaimSource.CREDENTIAL, ValidationLevel.VALIDATED)

    overview = client.get("/mijn-paspoort/").content.decode()
    for name in ("Technische tekeningen lezen", "Warmtepompen installeren"):
        assert name in overview

    # 3. Share by link; an anonymous visitor opens it.
    data = page_form(client.get("/paspoort/delen/").content.decode(), "label")
    data.update(label=["Sollicitatie Warmte BV"], days=["14"], scope=["whole"])
    response = client.post("/paspoort/delen/", data)
    assert response.status_code == 302
    url = client.get(response["Location"]).context["url"]
    assert url.startswith("http://testserver/paspoort/gedeeld/")
    shared = Client().get(url)
    html = shared.content.decode()
    assert shared.status_code == 200 and shared["Cache-Control"] == "no-store, private"
    assert "warmtepompen installeren" in html.lower()
    assert "Installatiebedrijf Jansen" in html
    # Each credential on the shared page has a "Verify" button to the verification page.
    check = page_form(html, "credential", containing=issued.credential_id)
    verdict = Client().post("/controleren/", check).content.decode()
    assert "Deze credential is echt." in verdict
    log = client.get("/paspoort/wie-heeft-gekeken/").content.decode()
    assert "Sollicitatie Warmte BV" in log

    # 4. Downloads: the PDF (at most four pages), the JSON export, the presentation and a
    # held credential.
    pdf = client.post("/paspoort/afdrukken/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf.content))
    assert 1 <= len(reader.pages) <= 4
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Installatiebedrijf Jansen" in text and "Warmtepompen installeren" in text

    export = client.get("/paspoort/downloaden/")
    assert export.status_code == 200
    data = json.loads(export.content)
    exported = {(c["skill"]["uri"], c["level"], c["source"]) for c in data["claims"]}
    assert exported == set(passport.claims.values_list("concept__uri", "level", "source"))
    assert [job["employer"] for job in data["work_experience"]] == ["Installatiebedrijf Jansen"]

    presentation = client.get("/mijn-paspoort/presentatie.json")
    assert presentation.status_code == 200
    vp = presentation.json()
    assert vp["holder"] == passport.holder_did
    assert [vc["id"] for vc in vp["verifiableCredential"]] == [issued.credential_id]
    checked = Client().post(
        "/presentations/verify", {"verifiablePresentation": vp}, content_type="application/json"
    )
    assert checked.status_code == 200 and checked.json()["verified"] is True

    # The overview links every held credential's file.
    held = HeldCredential.objects.get(passport=passport, document__id=issued.credential_id)
    overview = client.get("/mijn-paspoort/").content.decode()
    link = f'href="/mijn-paspoort/credentials/{held.pk}.json" download'
    assert link in overview and "Technische tekeningen lezen\u2019 downloaden (JSON)" in overview
    download = client.get(f"/mijn-paspoort/credentials/{held.pk}.json")
    assert download.status_code == 200
    credential_file = download.content
    assert json.loads(credential_file) == held.document

    # 5. An employer checks the downloaded credential on the public verification page.
    employer = Client()
    verify_page = employer.get("/controleren/").content.decode()
    form = page_form(verify_page, "credential")
    form["credential"] = [credential_file.decode()]
    html = employer.post("/controleren/", form).content.decode()
    assert "Deze credential is echt." in html
    assert "Uitgegeven door: <strong>EVC-centrum Installatie</strong>" in html
    assert "Deze uitgever staat op onze lijst van vertrouwde uitgevers." in html
    assert "De handtekening klopt: er is niets veranderd." in html
    assert "Hij is niet ingetrokken." in html
    assert "Technische tekeningen lezen" in html  # what it proves

    # 6. The issuer revokes it; the same file now shows as withdrawn.
    confirm = issuer.get(f"/uitgeven/uitgegeven/{issued.pk}/intrekken/").content.decode()
    assert "Technische tekeningen lezen" in confirm
    response = issuer.post(f"/uitgeven/uitgegeven/{issued.pk}/intrekken/")
    assert response.status_code == 302
    assert IssuedCredential.objects.get(pk=issued.pk).revoked_at is not None
    html = employer.post("/controleren/", form).content.decode()
    assert "Deze credential is echt." not in html
    assert "De uitgever heeft dit bewijs ingetrokken." in html
    assert "Ingetrokken: de uitgever heeft dit bewijs ingetrokken." in html
    # The copy in the passport now says so too; the claim it raised stays (docs/credentials.md).
    held.refresh_from_db()
    assert held.verified is False
