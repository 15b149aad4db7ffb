from django.urls import path

from wendbaar.linking import views

app_name = "linking"

urlpatterns = [
    path("wat-kun-je/", views.find, {"kind": "skill"}, name="skills"),
    path("wat-voor-werk/", views.find, {"kind": "occupation"}, name="occupations"),
]
