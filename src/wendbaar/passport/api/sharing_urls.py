"""Sharing API; included by passport/api/urls.py under /api/v1/."""

from django.urls import path

from wendbaar.passport.api import sharing_views as views

urlpatterns = [
    path("passport/share-links", views.ShareLinkList.as_view(), name="api-share-links"),
    path(
        "passport/share-links/<int:pk>/revoke",
        views.ShareLinkRevoke.as_view(),
        name="api-share-link-revoke",
    ),
    path("passport/consents", views.ConsentList.as_view(), name="api-consents"),
    path(
        "passport/consents/<int:pk>/revoke",
        views.ConsentRevoke.as_view(),
        name="api-consent-revoke",
    ),
    path("passport/access-log", views.AccessLogList.as_view(), name="api-access-log"),
    path("passport/export", views.PassportExport.as_view(), name="api-passport-export"),
    path("passport/pdf", views.PassportPdf.as_view(), name="api-passport-pdf"),
    path("shared-passports", views.SharedPassportList.as_view(), name="api-shared-passports"),
    path(
        "shared-passports/<int:pk>",
        views.SharedPassportDetail.as_view(),
        name="api-shared-passport",
    ),
    path(
        "shared-passports/<int:pk>/claims/<int:claim>/raise",
        views.SharedClaimRaise.as_view(),
        name="api-shared-claim-raise",
    ),
]
