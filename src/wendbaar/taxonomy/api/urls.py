from django.urls import path

from wendbaar.taxonomy.api import views

urlpatterns = [
    path("schemes/", views.SchemeList.as_view(), name="api-schemes"),
    path("schemes/<str:code>/", views.SchemeDetail.as_view(), name="api-scheme"),
    path("concepts/", views.ConceptSearch.as_view(), name="api-concepts"),
    path("concepts/<int:pk>/", views.ConceptDetail.as_view(), name="api-concept"),
    path("concepts/<int:pk>/relations/", views.ConceptRelations.as_view(), name="api-relations"),
    path("mappings/", views.MappingList.as_view(), name="api-mappings"),
    path("stats/", views.Stats.as_view(), name="api-stats"),
]
