"""Who am I, and personal API tokens."""

from __future__ import annotations

from typing import cast

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wendbaar.accounts import totp
from wendbaar.accounts.api.auth import TokenAuthentication
from wendbaar.accounts.api.serializers import (
    ApiTokenSerializer,
    MeSerializer,
    NewApiTokenSerializer,
)
from wendbaar.accounts.api.tokens import create_token
from wendbaar.accounts.models import ApiToken, Role, User
from wendbaar.accounts.permissions import HasRole

AUTHENTICATION = [TokenAuthentication, SessionAuthentication]
TokenOwners = HasRole(Role.ISSUER, Role.EMPLOYER)


class Me(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me",
        summary="The logged-in account: name, role and organisation",
        responses=MeSerializer,
    )
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)
        user.two_step_verification = totp.is_enabled(user)  # type: ignore[attr-defined]
        return Response(MeSerializer(user).data)


class Tokens(APIView):
    """Issuers and employers list and make their tokens; making one needs a session
    (a browser login), so a leaked token cannot make more."""

    authentication_classes = AUTHENTICATION
    permission_classes = [TokenOwners]
    pagination_class = None

    @extend_schema(operation_id="me_tokens_list", responses=ApiTokenSerializer(many=True))
    def get(self, request: Request) -> Response:
        tokens = ApiToken.objects.filter(user=cast(User, request.user))
        return Response(ApiTokenSerializer(tokens, many=True).data)

    @extend_schema(
        operation_id="me_tokens_create",
        request=ApiTokenSerializer,
        responses={201: NewApiTokenSerializer},
    )
    def post(self, request: Request) -> Response:
        if request.auth is not None:
            raise PermissionDenied(_("Make new tokens on your account page, not with a token."))
        serializer = ApiTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, plain = create_token(cast(User, request.user), serializer.validated_data["name"])
        data = NewApiTokenSerializer(token).data
        data["token"] = plain
        return Response(data, status=status.HTTP_201_CREATED)


class TokenDetail(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [TokenOwners]

    @extend_schema(operation_id="me_tokens_revoke", responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        get_object_or_404(ApiToken, pk=pk, user=cast(User, request.user)).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
