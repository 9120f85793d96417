from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


def content_changed(sender, **kwargs):
    """Any change to the library retires the cached pages built from it."""
    from pain_guide.core import pagecache

    pagecache.bump()


class LibraryConfig(AppConfig):
    name = "pain_guide.library"
    verbose_name = "Medicine library"

    def ready(self):
        # Every model of the app (links between pages and the admin's history included), so
        # editors' changes show at once. Other apps' saves (share links) never retire pages.
        for model in self.get_models(include_auto_created=True):
            uid = f"library-content-changed-{model._meta.label}"
            post_save.connect(content_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
            m2m_changed.connect(content_changed, sender=model, dispatch_uid=uid)
