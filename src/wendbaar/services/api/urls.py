from django.urls import path

from wendbaar.services.api import views

# "schemes/" belongs to the taxonomy API (classification schemes), hence "funding-schemes/".
urlpatterns = [
    path("service-points/", views.ServicePointList.as_view(), name="api-service-points"),
    path(
        "service-points/<slug:slug>/",
        views.ServicePointDetail.as_view(),
        name="api-service-point",
    ),
    path("funding-schemes/", views.FundingSchemeList.as_view(), name="api-funding-schemes"),
    path("funding-schemes/check/", views.FundingSchemeCheck.as_view(), name="api-funding-check"),
    path(
        "funding-schemes/<slug:slug>/",
        views.FundingSchemeDetail.as_view(),
        name="api-funding-scheme",
    ),
    path(
        "learning-resources/", views.LearningResourceList.as_view(), name="api-learning-resources"
    ),
]
