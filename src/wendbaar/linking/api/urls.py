from django.urls import path

from wendbaar.linking.api import views

urlpatterns = [
    path("link", views.Link.as_view(), name="api-link"),
    path("extract", views.Extract.as_view(), name="api-extract"),
]
