from django.urls import path

from . import views

app_name = "enrollments"

urlpatterns = [
    path("", views.projects, name="projects"),
    path("start/", views.start, name="start"),
    path("<int:enrollment_id>/", views.detail, name="detail"),
    path("<int:enrollment_id>/assess/<slug:stage_slug>/", views.assess, name="assess"),
    path("<int:enrollment_id>/exit/", views.exit_household, name="exit"),
    path("<int:enrollment_id>/edit/<slug:stage_slug>/", views.edit_stage, name="edit_stage"),
    path("<int:enrollment_id>/move-in/", views.move_in, name="move_in"),
    path("<int:enrollment_id>/services/add/", views.service_add, name="service_add"),
    path("<int:enrollment_id>/head/", views.change_head, name="change_head"),
    path("<int:enrollment_id>/post-exit/", views.post_exit, name="post_exit"),
    path("<int:enrollment_id>/veteran/", views.veteran, name="veteran"),
    path("<int:enrollment_id>/contacts/add/", views.contact_add, name="contact_add"),
    path("<int:enrollment_id>/notes/add/", views.note_add, name="note_add"),
    path("<int:enrollment_id>/files/add/", views.file_add, name="file_add"),
    path("files/<int:file_id>/", views.file_download, name="file_download"),
    path("project/<int:project_id>/bed-nights/", views.bed_nights, name="bed_nights"),
    path("project/<int:project_id>/quality/", views.project_dq, name="project_dq"),
    path("branching.js", views.branching_js, name="branching_js"),
]
