from django.urls import path
from django.views.generic import RedirectView

from wendbaar.services import views

app_name = "services"

urlpatterns = [
    path("start/", views.intake_step, {"index": 0}, name="intake"),
    path("start/over-jou/", views.intake_step, {"index": 1}, name="intake_about"),
    path("start/werk-en-woonplaats/", views.intake_step, {"index": 2}, name="intake_work"),
    path("start/wat-houdt-je-tegen/", views.intake_step, {"index": 3}, name="intake_barriers"),
    path("start/jouw-route/", views.route, name="route"),
    path("start/jouw-route/mailen/", views.route_email, name="route_email"),
    path("start/vergeten/", views.intake_forget, name="intake_forget"),
    path("hulp-in-de-buurt/", views.points, name="points"),
    path("hulp-in-de-buurt/<slug:slug>/", views.point_detail, name="point"),
    path("regelingen/", views.schemes, name="schemes"),
    path("regelingen/<slug:slug>/", views.scheme_detail, name="scheme"),
    path("gratis-leren/", views.learning, name="learning"),
    path("gesprek/", views.conversation_start, name="conversation_start"),
    path("gesprek/verstuurd/", views.conversation_sent, name="conversation_sent"),
    path("gesprek/ingetrokken/", views.conversation_withdrawn, name="conversation_withdrawn"),
    path("gesprek/verzoek/<str:token>/", views.conversation_status, name="conversation_status"),
    path(
        "gesprek/verzoek/<str:token>/intrekken/",
        views.conversation_withdraw,
        name="conversation_withdraw",
    ),
    path("gesprek/bij/<slug:slug>/", views.conversation_form, name="conversation_form"),
    # One login for everyone since accounts exist; old bookmarks keep working.
    path(
        "adviseurs/inloggen/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
        name="login",
    ),
    path("adviseurs/", views.adviser_queue, name="adviser_queue"),
    path("adviseurs/verzoek/<int:pk>/", views.adviser_request, name="adviser_request"),
    path("adviseurs/verzoek/<int:pk>/oppakken/", views.adviser_pick_up, name="adviser_pick_up"),
    path("adviseurs/verzoek/<int:pk>/afronden/", views.adviser_done, name="adviser_done"),
]
