from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "pain_guide.feedback"
    verbose_name = "Page feedback"
