from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "pain_guide.library"
    verbose_name = "Medicine library"
