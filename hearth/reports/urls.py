from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("run/", views.run, name="run"),
    path("<int:run_id>/", views.detail, name="detail"),
    path("<int:run_id>/download/", views.download, name="download"),
    path("<int:run_id>/nights/<int:client_id>/", views.nights, name="nights"),
    path("<int:run_id>/<str:table>/<str:ref>/", views.cell, name="cell"),
]
