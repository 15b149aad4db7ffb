"""/api/v1/fit, /transitions, /paths, /upskilling (public occupation data), /vacancies
(employers) and /me/vacancies (persons). Every result carries its explanation."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from wendbaar.accounts.api.auth import TokenAuthentication
from wendbaar.accounts.models import Role
from wendbaar.accounts.permissions import HasRole
from wendbaar.linking.engine.errors import LinkingInputError
from wendbaar.matching import present, service
from wendbaar.matching.api import serializers as s
from wendbaar.matching.models import Vacancy, VacancySkill
from wendbaar.matching.vacancies import candidates_for, suggest_skills, vacancies_for_person
from wendbaar.passport.claims import passport_of
from wendbaar.taxonomy.models import Concept

AUTHENTICATION = [TokenAuthentication, SessionAuthentication]
FILTER_PARAMETERS = [
    OpenApiParameter(
        "from", OpenApiTypes.STR, required=True, description="Occupation: ESCO URI or label"
    ),
    OpenApiParameter("region", OpenApiTypes.STR, description="arbeidsmarktregio"),
    OpenApiParameter(
        "sector",
        OpenApiTypes.STR,
        many=True,
        description="care, education, technology, ict, energy, green, digital",
    ),
    OpenApiParameter("wage_share", OpenApiTypes.FLOAT, description="default 0.75"),
    OpenApiParameter("max_missing", OpenApiTypes.INT),
    OpenApiParameter("shortage_only", OpenApiTypes.BOOL),
    OpenApiParameter("all_moves", OpenApiTypes.BOOL),
    OpenApiParameter("top", OpenApiTypes.INT),
]


def _params(request: Request) -> tuple[str, s.TransitionParamsSerializer]:
    origin = request.query_params.get("from", "").strip()
    if not origin:
        raise ValidationError({"from": [_("Give an occupation: its ESCO URI or its name.")]})
    data: dict[str, Any] = {
        k: v for k, v in request.query_params.items() if k not in ("from", "sector")
    }
    sectors = [x for v in request.query_params.getlist("sector") for x in v.split(",") if x]
    if sectors:
        data["sector"] = sectors
    params = s.TransitionParamsSerializer(data=data)
    params.is_valid(raise_exception=True)
    return origin, params


def _origin(origin: str) -> tuple[str, int]:
    try:
        uri = service.resolve_occupation(origin[:500])
    except LinkingInputError as exc:
        raise ValidationError({"from": [str(exc)]}) from exc
    found = service.get_engine().profiles.resolve(uri or origin)
    if uri is None or found.index is None:
        issues = present.issues_list([found])
        raise NotFound(issues[0]["text"] if uri else _("No occupation found by this name."))
    return found.resolved_uri, found.index


class Fit(APIView):
    throttle_classes = [AnonRateThrottle]

    @extend_schema(request=s.FitRequestSerializer, responses=s.FitResponseSerializer)
    def post(self, request: Request) -> Response:
        params = s.FitRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        claims = [
            service.claim_of(c["skill"], c["level"], c.get("last_used"))
            for c in params.validated_data["skills"]
        ]
        engine = service.get_engine()
        report = engine.fit(claims, top=params.validated_data["top"])
        return Response(present.fit_dict(engine, report))


class Transitions(APIView):
    throttle_classes = [AnonRateThrottle]

    @extend_schema(parameters=FILTER_PARAMETERS, responses=s.TransitionsResponseSerializer)
    def get(self, request: Request) -> Response:
        origin, params = _params(request)
        uri, index = _origin(origin)
        engine = service.get_engine()
        result = engine.transitions(uri, params.query())
        return Response(present.transitions_dict(engine, result, index))


class Paths(APIView):
    throttle_classes = [AnonRateThrottle]

    @extend_schema(parameters=FILTER_PARAMETERS, responses=s.PathsResponseSerializer)
    def get(self, request: Request) -> Response:
        origin, params = _params(request)
        uri, index = _origin(origin)
        engine = service.get_engine()
        paths = engine.paths(uri, params.query(), top=params.validated_data["top"])
        labels = present.Labels(engine)
        return Response(
            {"origin": labels.occupation(index), "paths": present.paths_list(engine, paths)}
        )


class Upskilling(APIView):
    throttle_classes = [AnonRateThrottle]

    @extend_schema(parameters=FILTER_PARAMETERS, responses=s.UpskillingResponseSerializer)
    def get(self, request: Request) -> Response:
        origin, params = _params(request)
        uri, index = _origin(origin)
        engine = service.get_engine()
        unlocks = engine.upskilling(
            origin=uri, query=params.query(), top=params.validated_data["top"]
        )
        labels = present.Labels(engine)
        return Response(
            {"origin": labels.occupation(index), "skills": present.upskilling_list(engine, unlocks)}
        )


# Vacancies ---------------------------------------------------------------------------------


def _organisation(request: Request) -> int:
    organisation = getattr(request.user, "organisation_id", None)
    if organisation is None:
        raise PermissionDenied(_("Only employers with an organisation can manage vacancies."))
    return int(organisation)


def _skill_concepts(uris: list[str], field: str) -> list[Concept]:
    found = {c.uri: c for c in Concept.objects.filter(uri__in=uris, kind__in=service.SKILL_KINDS)}
    unknown = [u for u in uris if u not in found or found[u].deprecated]
    if unknown:
        raise ValidationError(
            {field: [_("Unknown or outdated skills: %(uris)s") % {"uris": ", ".join(unknown[:10])}]}
        )
    return [found[u] for u in uris]


def _save_skills(vacancy: Vacancy, data: dict[str, Any]) -> None:
    """Skills given in the call are confirmed as they are; without them the text is
    linked and the suggestions wait for confirmation in the portal."""
    given = "required_skills" in data or "nice_to_have_skills" in data
    if not given:
        suggest_skills(vacancy)
        return
    required = _skill_concepts(data.get("required_skills", []), "required_skills")
    nice = _skill_concepts(data.get("nice_to_have_skills", []), "nice_to_have_skills")
    vacancy.skills.all().delete()
    rows = {
        c.pk: VacancySkill(vacancy=vacancy, concept=c, required=False, confirmed=True) for c in nice
    }
    rows |= {
        c.pk: VacancySkill(vacancy=vacancy, concept=c, required=True, confirmed=True)
        for c in required
    }
    VacancySkill.objects.bulk_create(rows.values())


class Vacancies(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [HasRole(Role.EMPLOYER)]

    @extend_schema(responses=s.VacancySerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = Vacancy.objects.filter(organisation_id=_organisation(request))
        return Response(s.VacancySerializer(rows, many=True).data)

    @extend_schema(request=s.VacancySerializer, responses={201: s.VacancySerializer})
    def post(self, request: Request) -> Response:
        organisation = _organisation(request)
        data = s.VacancySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            fields = {k: v for k, v in data.validated_data.items() if not k.endswith("_skills")}
            vacancy = Vacancy.objects.create(
                organisation_id=organisation, created_by_id=request.user.pk, **fields
            )
            _save_skills(vacancy, data.validated_data)
        return Response(s.VacancySerializer(vacancy).data, status=status.HTTP_201_CREATED)


class VacancyDetail(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [HasRole(Role.EMPLOYER)]

    def _get(self, request: Request, pk: int) -> Vacancy:
        return get_object_or_404(Vacancy, pk=pk, organisation_id=_organisation(request))

    @extend_schema(responses=s.VacancySerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.VacancySerializer(self._get(request, pk)).data)

    @extend_schema(request=s.VacancySerializer, responses=s.VacancySerializer)
    def patch(self, request: Request, pk: int) -> Response:
        vacancy = self._get(request, pk)
        data = s.VacancySerializer(vacancy, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            for key, value in data.validated_data.items():
                if not key.endswith("_skills"):
                    setattr(vacancy, key, value)
            vacancy.save()
            if {"required_skills", "nice_to_have_skills"} & set(data.validated_data) or (
                "text" in data.validated_data
            ):
                _save_skills(vacancy, data.validated_data)
        return Response(s.VacancySerializer(vacancy).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        self._get(request, pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class VacancyCandidates(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [HasRole(Role.EMPLOYER)]

    @extend_schema(responses=s.CandidatesResponseSerializer)
    def get(self, request: Request, pk: int) -> Response:
        vacancy = get_object_or_404(Vacancy, pk=pk, organisation_id=_organisation(request))
        rows = candidates_for(vacancy)
        return Response(
            {
                "vacancy": vacancy.pk,
                "candidates": [
                    {
                        "pseudonym": r.pseudonym,
                        "region": r.region,
                        "name": r.name or None,
                        "contact_status": r.contact.status if r.contact else None,
                        **r.fit,
                    }
                    for r in rows
                ],
            }
        )


class MyVacancies(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [HasRole(Role.PERSON)]

    @extend_schema(responses=s.FitResponseSerializer)
    def get(self, request: Request) -> Response:
        data = vacancies_for_person(passport_of(request.user))
        for row in data["results"]:
            vacancy = row.pop("vacancy")
            row["vacancy"] = {
                "id": vacancy.pk,
                "title": vacancy.title,
                "employer": vacancy.organisation.name,
                "region": vacancy.region,
                "hours": vacancy.hours,
            }
        return Response(data)
