from django.apps import AppConfig


class HudcsvConfig(AppConfig):
    name = "hearth.hudcsv"
    label = "hudcsv"
