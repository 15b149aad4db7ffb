from django.urls import path

from wendbaar.taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("begrip/<int:pk>/", views.concept_detail, name="concept"),
    path("schema/", views.schemes, name="schemes"),
    path("imports/", views.imports, name="imports"),
]
