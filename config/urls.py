from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("hearth.core.urls")),
    path("accounts/", include("hearth.accounts.urls")),
    path("directory/", include("hearth.directory.urls")),
    path("csv/", include("hearth.hudcsv.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
