from django.apps import AppConfig


class DedupConfig(AppConfig):
    name = "hearth.dedup"
    label = "dedup"
