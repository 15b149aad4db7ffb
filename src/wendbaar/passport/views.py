"""The person's own passport pages: the overview and the five ways to fill it.

Every page is for the logged-in owner (role person) and works without JavaScript.
Proposals (a job's skills, a CV, a credential, another system's export) are shown on
one screen to confirm; nothing is stored before the person confirms.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wendbaar.accounts.models import Role
from wendbaar.accounts.permissions import role_required
from wendbaar.linking import service as linking_service
from wendbaar.linking.api.views import candidate_dicts
from wendbaar.linking.engine.errors import QUERY_MAX, LinkingInputError
from wendbaar.passport import credential_import, cv_text, passport_import
from wendbaar.passport import fill_jobs as jobs_route
from wendbaar.passport.areas import areas_of
from wendbaar.passport.claims import add_claim, passport_of, remove_credential
from wendbaar.passport.forms import (
    ChooseSkillsForm,
    ClaimDetailsForm,
    CredentialForm,
    CvForm,
    EducationForm,
    EvidenceForm,
    ImportForm,
    JobEditForm,
    JobForm,
)
from wendbaar.passport.models import (
    ClaimSource,
    Education,
    Evidence,
    EvidenceKind,
    HeldCredential,
    Passport,
    SkillClaim,
    ValidationLevel,
    WorkExperience,
)
from wendbaar.taxonomy.display import ShownLabel, preferred_labels, reader_language
from wendbaar.taxonomy.models import Concept, ConceptScheme

person_required = role_required(Role.PERSON)
SKILL_KINDS = (Concept.Kind.SKILL, Concept.Kind.KNOWLEDGE)


def _passport(request: HttpRequest) -> Passport:
    return passport_of(request.user)


def _own_claim(request: HttpRequest, pk: int) -> SkillClaim:
    """Another person's claim is simply not found (404), never shown."""
    return get_object_or_404(
        SkillClaim.objects.select_related("concept"), pk=pk, passport__owner=request.user
    )


def _skill_ids(values: list[str]) -> list[int]:
    ids = [int(v) for v in values if v.isdigit()]
    return list(
        Concept.objects.filter(pk__in=ids, kind__in=SKILL_KINDS, deprecated=False).values_list(
            "pk", flat=True
        )
    )


def _added_message(request: HttpRequest, count: int) -> None:
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s skill was added to your passport.",
                "%(count)s skills were added to your passport.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Nothing new: these skills were already in your passport."))


# The overview ---------------------------------------------------------------------


def grouped_claims(passport: Passport, lang: str) -> list[dict[str, Any]]:
    """The passport's claims grouped by skill area; skills without an area come last."""
    claims = list(
        passport.claims.select_related("concept", "source_concept__scheme").prefetch_related(
            "evidence__credential", "supports__credential"
        )
    )
    areas = areas_of(c.concept_id for c in claims)
    label_ids = {c.concept_id for c in claims} | {a for a in areas.values() if a}
    label_ids |= {c.source_concept_id for c in claims if c.source_concept_id}
    labels = preferred_labels(label_ids, lang)
    groups: dict[int | None, dict[str, Any]] = {}
    for claim in claims:
        area = areas.get(claim.concept_id)
        group = groups.setdefault(area, {"label": labels.get(area) if area else None, "claims": []})
        group["claims"].append(
            {
                "claim": claim,
                "label": labels.get(claim.concept_id)
                or ShownLabel(claim.concept.code or claim.concept.uri, "", True),
                "source_label": labels.get(claim.source_concept_id)
                if claim.source_concept_id
                else None,
                # Credentials that raised it once and no longer count: the owner is told.
                "withdrawn": list(
                    {
                        support.credential.pk: support.credential
                        for support in claim.supports.all()
                        if support.credential is not None and not support.counts
                    }.values()
                ),
            }
        )
    for group in groups.values():
        group["claims"].sort(key=lambda row: (-row["claim"].level, row["label"].text.casefold()))
    return sorted(
        groups.values(),
        key=lambda g: (g["label"] is None, g["label"].text.casefold() if g["label"] else ""),
    )


@person_required
@never_cache
def overview(request: HttpRequest) -> HttpResponse:
    passport = _passport(request)
    lang = reader_language()
    jobs = list(passport.jobs.select_related("occupation"))
    occupation_labels = preferred_labels([j.occupation_id for j in jobs if j.occupation_id], lang)
    context = {
        "passport": passport,
        "areas": grouped_claims(passport, lang),
        "claim_count": passport.claims.count(),
        "jobs": [(job, occupation_labels.get(job.occupation_id or 0)) for job in jobs],
        "education": list(passport.education.all()),
        "credentials": list(passport.credentials.all()),
        "levels": ValidationLevel.choices,
    }
    return render(request, "passport/overview.html", context)


@person_required
@never_cache
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_claim(request, pk)
    if request.method == "POST":
        form = ClaimDetailsForm(request.POST)
        if form.is_valid():
            # The level is not in the form: the owner cannot raise (or lower) it here.
            for name in ("proficiency", "context", "last_used", "note"):
                setattr(claim, name, form.cleaned_data[name])
            claim.save()
            messages.success(request, _("Your changes are saved."))
            return redirect("passport:overview")
    else:
        form = ClaimDetailsForm(
            initial={
                "proficiency": claim.proficiency,
                "context": claim.context,
                "last_used": claim.last_used,
                "note": claim.note,
            }
        )
    label = preferred_labels([claim.concept_id], reader_language()).get(claim.concept_id)
    return render(
        request, "passport/claim_edit.html", {"claim": claim, "label": label, "form": form}
    )


@person_required
@never_cache
def claim_delete(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_claim(request, pk)
    label = preferred_labels([claim.concept_id], reader_language()).get(claim.concept_id)
    if request.method == "POST":
        for evidence in claim.evidence.exclude(file=""):
            evidence.file.delete(save=False)
        claim.delete()
        messages.success(
            request, _("“%(skill)s” was removed from your passport.") % {"skill": label}
        )
        return redirect("passport:overview")
    return render(request, "passport/claim_delete.html", {"claim": claim, "label": label})


@person_required
@never_cache
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_claim(request, pk)
    if request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            Evidence.objects.create(
                claim=claim,
                kind=EvidenceKind.FILE if data["file"] else EvidenceKind.LINK,
                title=data["title"],
                url=data["url"] or "",
                file=data["file"],
            )
            messages.success(request, _("Your proof is added."))
            return redirect("passport:overview")
    else:
        form = EvidenceForm()
    label = preferred_labels([claim.concept_id], reader_language()).get(claim.concept_id)
    return render(
        request, "passport/evidence_add.html", {"claim": claim, "label": label, "form": form}
    )


@person_required
@never_cache
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An uploaded proof, only for its owner (files are not served publicly)."""
    evidence = get_object_or_404(
        Evidence, pk=pk, kind=EvidenceKind.FILE, claim__passport__owner=request.user
    )
    if not evidence.file:
        raise Http404
    name = (evidence.file.name or "proof").rsplit("/", 1)[-1]
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)
    return response  # type: ignore[return-value]  # streamed; role_required types HttpResponse


@person_required
@require_POST
def job_delete(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(WorkExperience, pk=pk, passport__owner=request.user)
    job.delete()
    messages.success(request, _("The job was removed. The skills you confirmed for it stay."))
    return redirect("passport:overview")


@person_required
@never_cache
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(WorkExperience, pk=pk, passport__owner=request.user)
    fields = ("title", "employer", "start", "end", "description")
    if request.method == "POST":
        form = JobEditForm(request.POST)
        if form.is_valid():
            for name in fields:
                setattr(job, name, form.cleaned_data[name])
            job.save()
            messages.success(request, _("Your changes are saved."))
            return redirect(f"{reverse('passport:overview')}#job-{job.pk}")
    else:
        form = JobEditForm(initial={name: getattr(job, name) for name in fields})
    return render(request, "passport/job_edit.html", {"job": job, "form": form})


# Education by hand -----------------------------------------------------------------

EDUCATION_FIELDS = ("title", "institution", "level", "completed", "diploma")


def _education_page(request: HttpRequest, item: Education | None) -> HttpResponse:
    """Add (``item`` None) or change one education line."""
    if request.method == "POST":
        form = EducationForm(request.POST)
        if form.is_valid():
            item = item or Education(passport=_passport(request))
            for name in EDUCATION_FIELDS:
                setattr(item, name, form.cleaned_data[name])
            item.save()
            messages.success(request, _("Your changes are saved."))
            return redirect(f"{reverse('passport:overview')}#education-{item.pk}")
    elif item is None:
        form = EducationForm()
    else:
        form = EducationForm(initial={name: getattr(item, name) for name in EDUCATION_FIELDS})
    return render(request, "passport/education_form.html", {"item": item, "form": form})


@person_required
@never_cache
def education_add(request: HttpRequest) -> HttpResponse:
    return _education_page(request, None)


@person_required
@never_cache
def education_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _education_page(
        request, get_object_or_404(Education, pk=pk, passport__owner=request.user)
    )


@person_required
@require_POST
def education_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Education, pk=pk, passport__owner=request.user)
    item.delete()
    messages.success(request, _("The education was removed."))
    return redirect(f"{reverse('passport:overview')}#education")


# Held credentials -----------------------------------------------------------------


@person_required
@never_cache
def credential_delete(request: HttpRequest, pk: int) -> HttpResponse:
    held = get_object_or_404(HeldCredential, pk=pk, passport__owner=request.user)
    if request.method == "POST":
        lowered = remove_credential(held)
        messages.success(
            request, _("“%(name)s” was removed from your passport.") % {"name": held.name}
        )
        if lowered:
            messages.info(
                request,
                ngettext(
                    "%(count)s skill now has a lower level.",
                    "%(count)s skills now have a lower level.",
                    lowered,
                )
                % {"count": lowered},
            )
        return redirect(f"{reverse('passport:overview')}#credentials")
    raised = held.supports.values("claim").distinct().count()
    return render(request, "passport/credential_delete.html", {"held": held, "raised": raised})


# Route 1: search ------------------------------------------------------------------


def _search(text: str, kind: str, lang: str) -> tuple[list[dict[str, Any]], str]:
    try:
        candidates = linking_service.get_linker().link(text, kinds=[kind], top=10)
    except LinkingInputError as error:
        return [], str(error)
    return candidate_dicts(candidates, lang), ""


@person_required
@never_cache
def fill_search(request: HttpRequest) -> HttpResponse:
    passport = _passport(request)
    lang = reader_language()
    text = request.GET.get("q", "")
    form = ChooseSkillsForm(request.POST or None)
    error = ""
    chosen: list[int] = []
    if request.method == "POST":
        chosen = _skill_ids(request.POST.getlist("skill"))
        if not chosen:
            form.add_error(None, _("Tick at least one skill."))
        if form.is_valid():
            count = _add_ticked(passport, chosen, ClaimSource.SEARCH, form.cleaned_data)
            _added_message(request, count)
            return redirect("passport:overview")
    results: list[dict[str, Any]] = []
    if text.strip():
        results, error = _search(text, "skill", lang)
    held = set(passport.claims.values_list("concept_id", flat=True))
    context = {
        "q": text,
        "max_length": QUERY_MAX,
        "error": error,
        "results": results,
        "searched": bool(text.strip()) and not error,
        "held": held,
        "chosen": chosen,
        "form": form,
    }
    return render(request, "passport/fill_search.html", context)


# Route 2: past jobs ---------------------------------------------------------------


@person_required
@never_cache
def fill_jobs(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    results: list[dict[str, Any]] = []
    error = ""
    if text.strip():
        results, error = _search(text, "occupation", reader_language())
    context = {
        "q": text,
        "max_length": QUERY_MAX,
        "error": error,
        "results": results,
        "searched": bool(text.strip()) and not error,
    }
    return render(request, "passport/fill_jobs.html", context)


@person_required
@never_cache
def fill_job(request: HttpRequest, occupation_id: int) -> HttpResponse:
    occupation = get_object_or_404(
        Concept, pk=occupation_id, kind=Concept.Kind.OCCUPATION, deprecated=False
    )
    lang = reader_language()
    label = preferred_labels([occupation.pk], lang).get(occupation.pk)
    groups = jobs_route.occupation_skills(occupation, lang)
    offered = {row.concept_id for group in groups for row in group.skills}
    if request.method == "POST":
        form = JobForm(request.POST)
        chosen = [pk for pk in _skill_ids(request.POST.getlist("skill")) if pk in offered]
        if form.is_valid():
            _job, claims = jobs_route.add_job(
                _passport(request), occupation, form.cleaned_data, chosen
            )
            messages.success(request, _("The job is added to your passport."))
            _added_message(request, len(claims))
            return redirect("passport:overview")
        checked = set(chosen)
    else:
        form = JobForm(initial={"title": label.text if label else ""})
        checked = {row.concept_id for group in groups for row in group.skills if row.essential}
    context = {
        "occupation": occupation,
        "label": label,
        "groups": groups,
        "checked": checked,
        "form": form,
    }
    return render(request, "passport/fill_job.html", context)


# Route 3: CV ----------------------------------------------------------------------


def _add_ticked(passport: Passport, chosen: list[int], source: str, data: dict[str, Any]) -> int:
    """Self-declared claims for the ticked skills, all or none; how many were new."""
    count = 0
    with transaction.atomic():
        for concept in Concept.objects.filter(pk__in=chosen):
            _claim, changed = add_claim(
                passport,
                concept,
                ValidationLevel.SELF_DECLARED,
                source,
                context=data["context"],
                last_used=data["last_used"],
            )
            count += changed
    return count


@person_required
@never_cache
def fill_cv(request: HttpRequest) -> HttpResponse:
    passport = _passport(request)
    if request.method == "POST" and request.POST.get("step") == "confirm":
        chosen = _skill_ids(request.POST.getlist("skill"))
        confirm = ChooseSkillsForm(request.POST)
        if chosen and confirm.is_valid():
            count = _add_ticked(passport, chosen, ClaimSource.CV, confirm.cleaned_data)
            _added_message(request, count)
            return redirect("passport:overview")
        if not chosen:
            messages.warning(request, _("You ticked no skills, so nothing was added."))
        else:
            messages.error(request, _("The date is not valid, so nothing was added. Try again."))
        return redirect("passport:fill_cv")
    form = CvForm(request.POST or None, request.FILES or None)
    proposals: list[cv_text.Proposal] | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload is not None:
                if upload.size is not None and upload.size > cv_text.MAX_BYTES:
                    raise cv_text.CvError(
                        _("The file is larger than 5 MB. Paste the text instead.")
                    )
                text = cv_text.text_of_file(upload.name or "", upload.read(cv_text.MAX_BYTES + 1))
            else:
                text = cv_text.clean_text(form.cleaned_data["text"])
            proposals = cv_text.propose_skills(text, reader_language())
        except cv_text.CvError as error:
            form.add_error("file" if upload is not None else "text", error.message)
        except LinkingInputError as error:
            form.add_error("text", str(error))
    held = set(passport.claims.values_list("concept_id", flat=True))
    context = {
        "form": form,
        "proposals": proposals,
        "held": held,
        "confirm": ChooseSkillsForm(initial={"context": "paid_work"}),
    }
    return render(request, "passport/fill_cv.html", context)


# Route 4: credentials ---------------------------------------------------------------


def _credential_data(form: CredentialForm) -> bytes | str:
    upload = form.cleaned_data.get("file")
    if upload is not None:
        if upload.size is not None and upload.size > credential_import.MAX_BYTES:
            raise credential_import.CredentialInputError(_("The file is larger than 2 MB."))
        return bytes(upload.read(credential_import.MAX_BYTES + 1))
    return str(form.cleaned_data["document"])


@person_required
@never_cache
def fill_credentials(request: HttpRequest) -> HttpResponse:
    passport = _passport(request)
    lang = reader_language()
    if request.method == "POST" and request.POST.get("step") == "confirm":
        try:
            result = credential_import.import_credentials(
                passport,
                request.POST.get("payload", ""),
                confirm_all=False,
                chosen=credential_import.chosen_pairs(request.POST.getlist("claim")),
                lang=lang,
            )
        except credential_import.CredentialInputError as error:
            messages.error(request, error.message)
            return redirect("passport:fill_credentials")
        for problem in result.problems:
            messages.warning(request, problem)
        if result.held:
            messages.success(
                request,
                ngettext(
                    "%(count)s credential was added to your passport.",
                    "%(count)s credentials were added to your passport.",
                    len(result.held),
                )
                % {"count": len(result.held)},
            )
        _added_message(request, len(result.claims))
        return redirect("passport:overview")
    form = CredentialForm(request.POST or None, request.FILES or None)
    previews = None
    payload = ""
    if request.method == "POST" and form.is_valid():
        try:
            previews = credential_import.preview_credentials(_credential_data(form), lang, passport)
            payload = credential_import.dumps(previews)
        except credential_import.CredentialInputError as error:
            field = "file" if form.cleaned_data.get("file") is not None else "document"
            form.add_error(field, error.message)
    context = {"form": form, "previews": previews, "payload": payload}
    return render(request, "passport/fill_credentials.html", context)


# Route 5: another passport system -------------------------------------------------------


def _scheme_choices() -> list[tuple[str, str]]:
    return [(s.code, s.title()) for s in passport_import.importable_schemes()]


@person_required
@never_cache
def fill_import(request: HttpRequest) -> HttpResponse:
    passport = _passport(request)
    schemes = _scheme_choices()
    if request.method == "POST" and request.POST.get("step") == "confirm":
        scheme = ConceptScheme.objects.filter(
            code=request.POST.get("scheme", ""), code__in=[code for code, _t in schemes]
        ).first()
        if scheme is None:
            raise Http404
        try:
            rows = passport_import.read_rows(
                request.POST.get("name", ""), request.POST.get("payload", "").encode("utf-8")
            )
        except passport_import.ImportFormatError as error:
            messages.error(request, error.message)
            return redirect("passport:fill_import")
        claims = passport_import.apply_import(passport, passport_import.plan_import(scheme, rows))
        _added_message(request, len(claims))
        return redirect("passport:overview")
    form = ImportForm(request.POST or None, request.FILES or None, schemes=schemes)
    plan: passport_import.ImportPlan | None = None
    payload = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = bytes(upload.read(passport_import.MAX_BYTES + 1))
            rows = passport_import.read_rows(upload.name or "", data)
            scheme = ConceptScheme.objects.get(code=form.cleaned_data["scheme"])
            plan = passport_import.plan_import(scheme, rows)
            payload = data.decode("utf-8-sig")
        except passport_import.ImportFormatError as error:
            form.add_error("file", error.message)
    labels = preferred_labels([m.target.pk for m in plan.mapped], reader_language()) if plan else {}
    context = {
        "form": form,
        "schemes": schemes,
        "plan": plan,
        "mapped_rows": [(item, labels.get(item.target.pk)) for item in plan.mapped] if plan else [],
        "payload": payload,
        "name": form.cleaned_data["file"].name if plan else "",
    }
    return render(request, "passport/fill_import.html", context)
