from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("hearth.core.urls")),
    path("accounts/", include("hearth.accounts.urls")),
    path("directory/", include("hearth.directory.urls")),
    path("csv/", include("hearth.hudcsv.urls")),
    path("clients/", include("hearth.clients.urls")),
    path("enrollments/", include("hearth.enrollments.urls")),
    path("reports/", include("hearth.reports.urls")),
    path("duplicates/", include("hearth.dedup.urls")),
    path("jobs/", include("hearth.jobs.urls")),
    path("privacy/", include("hearth.privacy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
