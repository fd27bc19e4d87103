from django.urls import path

from . import views

app_name = "clients"

urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<int:client_id>/", views.detail, name="detail"),
    path("<int:client_id>/edit/", views.edit, name="edit"),
    path("<int:client_id>/ssn/", views.full_ssn, name="ssn"),
]
