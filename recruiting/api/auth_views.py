"""Logging in and out of the API: obtain a token, revoke it, revoke them all."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from recruiting.authentication import RoleTokenAuthentication
from recruiting.logins import token_obtain
from recruiting.models import ApiToken
from recruiting.roles import acting_user
from recruiting.tokens import token_revoke, user_tokens_revoke


class CredentialsSerializer(serializers.Serializer[Any]):
    # Bounded: both go to the password hasher and the login-failure records.
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class IssuedTokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)


class RevokedSerializer(serializers.Serializer[Any]):
    revoked = serializers.IntegerField(read_only=True)


class TokenView(APIView):
    """`POST`: log in with a username and password and get a token.
    `DELETE`: log out — revoke the token this request carries."""

    # Forms too, as `curl -d username=… -d password=…` sends them (and as DRF's own
    # login view took them).
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def _logging_in(self) -> bool:
        # No request when the schema is generated: it reads each method's own.
        return getattr(self.request, "method", None) == "POST"

    def get_authenticators(self) -> list[BaseAuthentication]:
        # Logging in needs no credentials but the password (and so no CSRF token for
        # a browser's session); logging out needs the token it ends.
        return [] if self._logging_in() else [RoleTokenAuthentication()]

    def get_permissions(self) -> list[BasePermission]:
        return [AllowAny()] if self._logging_in() else [IsAuthenticated()]

    def get_authenticate_header(self, request: Request) -> str:
        return RoleTokenAuthentication.keyword

    @extend_schema(
        request=CredentialsSerializer,
        responses={200: IssuedTokenSerializer},
        auth=[],
        summary="Log in: a token for a username and password",
    )
    def post(self, request: Request) -> Response:
        """A token for `Authorization: Token <token>`, valid until `expires_at`. A wrong
        username or password answers 401; repeated failures lock the username and the
        address out for a while (429 with `Retry-After`)."""
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        issued = token_obtain(request=request._request, **credentials.validated_data)
        return Response(
            IssuedTokenSerializer({"token": issued.key, "expires_at": issued.token.expires_at}).data
        )

    @extend_schema(request=None, responses={204: None}, summary="Log out: revoke this token")
    def delete(self, request: Request) -> Response:
        """Revoke the token this request carries; the user's other tokens stay valid."""
        assert isinstance(request.auth, ApiToken)
        token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RevokeAllTokensView(APIView):
    """Log out everywhere."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: RevokedSerializer})
    def post(self, request: Request) -> Response:
        """Revoke every token of the requesting user, this one included."""
        revoked = user_tokens_revoke(user_id=acting_user(request).pk)
        return Response(RevokedSerializer({"revoked": revoked}).data)
