from wendbaar.passport.api import sharing_urls

urlpatterns: list = []
urlpatterns += sharing_urls.urlpatterns
