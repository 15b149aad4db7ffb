from django.urls import path

from wendbaar.passport.api import sharing_urls, views

urlpatterns: list = [
    path("passport", views.PassportDetail.as_view(), name="api-passport"),
    path("passport/claims", views.Claims.as_view(), name="api-passport-claims"),
    path("passport/claims/<int:pk>", views.ClaimDetail.as_view(), name="api-passport-claim"),
    path("passport/cv", views.Cv.as_view(), name="api-passport-cv"),
    path("passport/credentials", views.Credentials.as_view(), name="api-passport-credentials"),
    path("passport/import", views.PassportImport.as_view(), name="api-passport-import"),
]
urlpatterns += sharing_urls.urlpatterns
