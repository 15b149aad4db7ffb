from django.urls import path

from wendbaar.taxonomy import review, views

app_name = "taxonomy"

urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("begrip/<int:pk>/", views.concept_detail, name="concept"),
    path("schema/", views.schemes, name="schemes"),
    path("imports/", views.imports, name="imports"),
    path("koppelingen/", review.scheme_list, name="review-schemes"),
    path("koppelingen/<str:code>/", review.review, name="review"),
    path(
        "koppelingen/<str:code>/export.<str:fmt>",
        review.export,
        name="review-export",
    ),
    path("koppeling/<int:pk>/", review.correct, name="review-correct"),
]
