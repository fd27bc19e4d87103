from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "hearth.clients"
    label = "clients"
