from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_save


def share_link_changed(sender, instance, **kwargs):
    """An admin edit of a link's topics must show on its page at once."""
    from pain_guide.core import pagecache

    from .models import ShareLink

    if isinstance(instance, ShareLink):
        pagecache.forget(instance.topics_cache_name)


class SharingConfig(AppConfig):
    name = "pain_guide.sharing"
    verbose_name = "Sharing"

    def ready(self):
        from .models import ShareLink

        post_save.connect(share_link_changed, sender=ShareLink, dispatch_uid="share-link-saved")
        for relation in ("medicines", "groups", "conditions", "questions"):
            m2m_changed.connect(
                share_link_changed,
                sender=getattr(ShareLink, relation).through,
                dispatch_uid=f"share-link-{relation}-changed",
            )
