from django.apps import AppConfig


class ConnectConfig(AppConfig):
    name = "pain_guide.connect"
    verbose_name = "Links from health record systems (HL7 Infobutton)"
