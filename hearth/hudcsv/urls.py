from django.urls import path

from . import views

app_name = "hudcsv"
urlpatterns = [
    path("imports/", views.import_list, name="imports"),
    path("imports/upload/", views.import_upload, name="import_upload"),
    path("imports/<int:export_id>/", views.import_detail, name="import_detail"),
    path("exports/", views.export_list, name="exports"),
    path("exports/download/", views.export_download, name="export_download"),
]
