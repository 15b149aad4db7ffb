"""/api/v1 for the learning offer, advice and development plans.

Offerings and providers are public. Advice is open to everyone (a logged-in person's
passport is used when no skills are given). Plans belong to their owner; an adviser
reads and updates a plan only while the owner's consent for "plan" stands, and every
read is logged in the owner's access log; without consent a plan is simply not found.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wendbaar.accounts.api.auth import TokenAuthentication
from wendbaar.accounts.models import Role, User
from wendbaar.learning import plans
from wendbaar.learning.advice import (
    Goal,
    Person,
    advise,
    as_dict,
    goal_for_occupation,
    person_from_passport,
)
from wendbaar.learning.api import serializers as s
from wendbaar.learning.engine.advice import Limits, Weights
from wendbaar.learning.models import Offering, Plan, PlanAction, Provider
from wendbaar.learning.views import search_offerings
from wendbaar.passport.claims import passport_of
from wendbaar.services.postcodes import PlaceNotFound, find_place
from wendbaar.taxonomy.models import Concept

AUTHENTICATION = [TokenAuthentication, SessionAuthentication]


def _offerings() -> QuerySet[Offering]:
    return (
        Offering.objects.filter(active=True)
        .select_related("provider")
        .prefetch_related("skill_links__concept", "starts")
    )


class OfferingList(generics.ListAPIView):
    serializer_class = s.OfferingSerializer

    @extend_schema(
        summary="Search the learning offer",
        parameters=[s.OfferingQuerySerializer],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Offering]:
        query = s.OfferingQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        ids = search_offerings(query.validated_data).values("pk")
        return _offerings().filter(pk__in=ids).order_by("title", "pk")


class OfferingDetail(generics.RetrieveAPIView):
    serializer_class = s.OfferingSerializer

    def get_queryset(self) -> QuerySet[Offering]:
        return _offerings()


class ProviderList(generics.ListAPIView):
    serializer_class = s.ProviderSerializer
    queryset = Provider.objects.order_by("name", "pk")


class ProviderDetail(generics.RetrieveAPIView):
    serializer_class = s.ProviderSerializer
    queryset = Provider.objects.all()


class Advice(APIView):
    authentication_classes = AUTHENTICATION

    @extend_schema(
        summary="Gap-closing advice: the optimal set of offerings, explained",
        request=s.AdviceRequestSerializer,
        responses={200: dict},
    )
    def post(self, request: Request) -> Response:
        body = s.AdviceRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        user = request.user
        own = user.is_authenticated and user.has_role(Role.PERSON) and "skills" not in data
        person = (
            person_from_passport(passport_of(user))
            if own
            else Person(skills=data.get("skills", []))
        )
        person.occupations += data.get("experience_occupations", [])
        person.paid_work_skills += data.get("paid_work_skills", [])
        person.facts = data.get("facts", {})
        if data.get("occupation"):
            from wendbaar.matching.service import UnknownOccupation

            try:
                goal = goal_for_occupation(
                    passport_of(user) if own else person.skills, data["occupation"]
                )
            except UnknownOccupation as exc:
                raise ValidationError({"occupation": [str(exc)]}) from exc
        else:
            known = set(Concept.objects.filter(uri__in=data["gaps"]).values_list("uri", flat=True))
            unknown = [u for u in data["gaps"] if u not in known]
            if unknown:
                raise ValidationError({"gaps": [f"unknown skill: {unknown[0]}"]})
            goal = Goal(list(dict.fromkeys(data["gaps"])))
        limits = data.get("limits", {})
        if limits.get("place"):
            try:
                person.place = find_place(limits["place"]).point
            except (PlaceNotFound, ValueError) as exc:
                raise ValidationError({"limits": {"place": ["unknown postcode or place"]}}) from exc
        result = advise(
            goal,
            person,
            Limits(
                budget=limits.get("budget"),
                hours_per_week=limits.get("hours_per_week"),
                weeks=limits.get("weeks"),
                online_only=limits.get("online_only", False),
                max_distance_km=limits.get("max_distance_km"),
                start_before=limits.get("start_before"),
                languages=frozenset(limits["languages"]) if limits.get("languages") else None,
                today=timezone.localdate(),
            ),
            Weights(**data.get("weights", {})),
        )
        return Response(as_dict(result))


def _visible_plan(request: Request, pk: int) -> Plan:
    plan = Plan.objects.filter(pk=pk).select_related("owner").first()
    if plan is None or not plans.can_view(plan, request.user):
        raise NotFound()
    return plan


class PlanList(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="My plans, and plans shared with me", responses=s.PlanSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        own = list(Plan.objects.filter(owner_id=request.user.pk))
        shared = list(plans.plans_shared_with(request.user))
        for plan in shared:
            plans.viewed(plan, request.user)
        return Response(s.PlanSerializer(own + shared, many=True).data)

    @extend_schema(
        summary="Start a plan", request=s.PlanCreateSerializer, responses={201: s.PlanSerializer}
    )
    def post(self, request: Request) -> Response:
        if not getattr(request.user, "has_role", lambda *_r: False)(Role.PERSON):
            return Response({"detail": "only a person has a development plan"}, status=403)
        body = s.PlanCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        occupation = None
        if body.validated_data.get("goal_occupation"):
            occupation = Concept.objects.filter(
                uri=body.validated_data["goal_occupation"], kind="occupation"
            ).first()
            if occupation is None:
                raise ValidationError({"goal_occupation": ["unknown occupation"]})
        plan = Plan.objects.create(
            owner=cast(User, request.user),
            title=body.validated_data.get("title", ""),
            goal_occupation=occupation,
        )
        return Response(s.PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class PlanDetail(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="A plan (owner, or adviser with consent)", responses=s.PlanSerializer)
    def get(self, request: Request, pk: int) -> Response:
        plan = _visible_plan(request, pk)
        plans.viewed(plan, request.user)
        return Response(s.PlanSerializer(plan).data)


class PlanActions(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Add an action to my plan",
        request=s.ActionCreateSerializer,
        responses={201: s.PlanActionSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        plan = Plan.objects.filter(pk=pk, owner_id=request.user.pk).first()
        if plan is None:
            raise NotFound()
        body = s.ActionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        skills = list(Concept.objects.filter(uri__in=data.get("skills", [])))
        if data.get("offering"):
            offering = Offering.objects.filter(pk=data["offering"], active=True).first()
            if offering is None:
                raise ValidationError({"offering": ["unknown offering"]})
            action = plans.add_offering(plan, offering, skills, data.get("deadline"))
        else:
            if not data.get("title"):
                raise ValidationError({"title": ["say what the action is"]})
            action = PlanAction.objects.create(
                plan=plan, kind=data["kind"], title=data["title"], deadline=data.get("deadline")
            )
            action.skills.set(skills)
        return Response(s.PlanActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionDetail(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Change an action's status (done raises the passport)",
        request=s.ActionUpdateSerializer,
        responses=s.PlanActionSerializer,
    )
    def patch(self, request: Request, pk: int) -> Response:
        action = get_object_or_404(PlanAction.objects.select_related("plan__owner"), pk=pk)
        if not plans.can_edit(action.plan, request.user):
            raise NotFound()
        body = s.ActionUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plans.set_status(
            action,
            body.validated_data["status"],
            request.user,
            validated=body.validated_data["validated"],
        )
        action.refresh_from_db()
        return Response(s.PlanActionSerializer(action).data)
