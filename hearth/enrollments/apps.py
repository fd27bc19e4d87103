from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    name = "hearth.enrollments"
    label = "enrollments"
