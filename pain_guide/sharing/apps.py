from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "pain_guide.sharing"
    verbose_name = "Sharing"
