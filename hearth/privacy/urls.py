from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("policy/", views.policy, name="policy"),
    path("clients/<int:client_id>/consent/", views.client_consents, name="client_consents"),
    path("clients/<int:client_id>/restriction/", views.client_restriction, name="client_restriction"),
    path("clients/<int:client_id>/access-log/", views.client_access_log, name="client_access_log"),
    path(
        "clients/<int:client_id>/access-log/print/<str:language>/",
        views.client_access_log_print,
        name="client_access_log_print",
    ),
    path("consents/<int:consent_id>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("consents/<int:consent_id>/print/<str:language>/", views.consent_print, name="consent_print"),
    path("documents/<str:name>/<str:language>/", views.document, name="document"),
]
