"""Outside the language prefixes: a provider needs one fixed redirect URI.

Included by the project at ``oidc/``; the mock answers 404 unless WENDBAAR_OIDC_MOCK is on.
The route names are the ones mozilla-django-oidc reverses.
"""

from django.urls import path

from wendbaar.accounts.oidc import mock, views

urlpatterns = [
    path("authenticate/", views.Authenticate.as_view(), name="oidc_authentication_init"),
    path("callback/", views.Callback.as_view(), name="oidc_authentication_callback"),
    path("mock/authorize/", mock.authorize, name="oidc_mock_authorize"),
    path("mock/token/", mock.token, name="oidc_mock_token"),
    path("mock/userinfo/", mock.userinfo, name="oidc_mock_userinfo"),
]
