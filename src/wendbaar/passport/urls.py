from wendbaar.passport import sharing_urls

app_name = "passport"
urlpatterns: list = []
urlpatterns += sharing_urls.urlpatterns
