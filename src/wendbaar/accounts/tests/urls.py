"""The project's URLs plus what the lead adds to wendbaar/urls.py (``oidc/``) and two
small views that use the role helpers the way other apps will."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views import View
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wendbaar.accounts.api.auth import TokenAuthentication
from wendbaar.accounts.models import Role
from wendbaar.accounts.permissions import HasRole, RoleRequiredMixin, role_required
from wendbaar.urls import urlpatterns as project_urls


@role_required(Role.ISSUER)
def issuer_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("issuer page")


class EditorPage(RoleRequiredMixin, View):
    required_roles = (Role.EDITOR,)

    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("editor page")


class IssuerApi(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [HasRole(Role.ISSUER)]

    def post(self, request: Request) -> Response:
        return Response({"issued_by": request.user.get_username()})


urlpatterns = [
    path("oidc/", include("wendbaar.accounts.oidc.urls")),
    path("test/api/issue", IssuerApi.as_view()),
    *project_urls,
    # Pages live in the language prefixes, like every portal page.
    *i18n_patterns(
        path("test/issuer/", issuer_page),
        path("test/editor/", EditorPage.as_view()),
        prefix_default_language=False,
    ),
]
