from django.urls import path

from wendbaar.matching.api import views

urlpatterns = [
    path("fit", views.Fit.as_view(), name="matching-fit"),
    path("transitions", views.Transitions.as_view(), name="matching-transitions"),
    path("paths", views.Paths.as_view(), name="matching-paths"),
    path("upskilling", views.Upskilling.as_view(), name="matching-upskilling"),
    path("vacancies", views.Vacancies.as_view(), name="matching-vacancies"),
    path("vacancies/<int:pk>", views.VacancyDetail.as_view(), name="matching-vacancy"),
    path(
        "vacancies/<int:pk>/candidates",
        views.VacancyCandidates.as_view(),
        name="matching-vacancy-candidates",
    ),
    path("me/vacancies", views.MyVacancies.as_view(), name="matching-my-vacancies"),
]
