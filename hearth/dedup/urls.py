from django.urls import path

from . import views

app_name = "dedup"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:candidate_id>/", views.compare, name="compare"),
    path("<int:candidate_id>/merge/", views.merge_confirm, name="merge"),
    path("<int:candidate_id>/not-duplicate/", views.not_duplicate, name="not_duplicate"),
    path("merges/", views.history, name="history"),
    path("merges/<int:merge_id>/undo/", views.unmerge, name="unmerge"),
]
