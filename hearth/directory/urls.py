from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/add/", views.organization_create, name="organization_create"),
    path("organizations/<int:org_id>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:org_id>/edit/", views.organization_edit, name="organization_edit"),
    path("projects/", views.project_list, name="projects"),
    path("projects/add/", views.project_create, name="project_create"),
    path("projects/<int:project_id>/", views.project_detail, name="project_detail"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:project_id>/close/", views.project_close, name="project_close"),
    # A project's descriptor records; kind is one of views.RECORD_KINDS (funders, cocs, inventory, ...).
    path("projects/<int:project_id>/<slug:kind>/add/", views.record_add, name="record_add"),
    path("projects/<int:project_id>/<slug:kind>/<int:record_id>/edit/", views.record_edit, name="record_edit"),
    path("projects/<int:project_id>/<slug:kind>/<int:record_id>/end/", views.record_end, name="record_end"),
    path("cocs/", views.coc_list, name="cocs"),
    path("cocs/add/", views.coc_create, name="coc_create"),
    path("cocs/<int:coc_id>/edit/", views.coc_edit, name="coc_edit"),
]
