from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from wendbaar.portal import views as portal

urlpatterns = [
    path("", include("wendbaar.credentials.api.urls")),
    path("oidc/", include("wendbaar.accounts.oidc.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/", include("wendbaar.taxonomy.api.urls")),
    path("api/v1/", include("wendbaar.services.api.urls")),
    path("api/v1/", include("wendbaar.linking.api.urls")),
    path("api/v1/", include("wendbaar.accounts.api.urls")),
    path("api/v1/", include("wendbaar.passport.api.urls")),
    path("api/v1/", include("wendbaar.matching.api.urls")),
    path("api/v1/", include("wendbaar.learning.api.urls")),
]
urlpatterns += i18n_patterns(
    path("", portal.home, name="home"),
    path("toegankelijkheid/", portal.accessibility, name="accessibility"),
    path("beroepen-en-vaardigheden/", include("wendbaar.taxonomy.urls")),
    path("", include("wendbaar.linking.urls")),
    path("", include("wendbaar.credentials.urls")),
    path("", include("wendbaar.services.urls")),
    path("", include("wendbaar.accounts.urls")),
    path("", include("wendbaar.passport.urls")),
    path("", include("wendbaar.matching.urls")),
    path("", include("wendbaar.learning.urls")),
    path("beheer/", admin.site.urls),
    prefix_default_language=False,
)
