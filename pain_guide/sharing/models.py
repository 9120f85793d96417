"""Links that hand someone exactly the right pages: clinicians' share links and patients' result links."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare

from pain_guide.core import codes, pagecache
from pain_guide.library.links import page_links
from pain_guide.library.models import Condition, Group, Medicine, Question


class CodeQuerySet(models.QuerySet):
    def create_with_code(self, **fields):
        """Create with a fresh random code (retrying on the vanishingly rare clash)."""
        for _ in range(5):
            try:
                with transaction.atomic():
                    return self.create(code=codes.new_code(), **fields)
            except IntegrityError:
                continue
        raise RuntimeError("Could not find an unused code")


class ShareLink(models.Model):
    """A clinician's chosen topics behind a short code. Nothing about a patient is stored."""

    code = models.CharField(max_length=20, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    include_guide = models.BooleanField(default=False, help_text="Offer the guide's questions.")
    include_comparison = models.BooleanField(default=False, help_text="Link the side-by-side page.")
    region = models.CharField(max_length=8, help_text="Which country's emergency wording to show.")
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The patient's language: the link, its handout and every page it opens.",
    )
    medicines = models.ManyToManyField(Medicine, blank=True, related_name="+")
    groups = models.ManyToManyField(Group, blank=True, related_name="+")
    conditions = models.ManyToManyField(Condition, blank=True, related_name="+")
    questions = models.ManyToManyField(Question, blank=True, related_name="+")

    objects = CodeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return codes.display(self.code)

    def get_absolute_url(self):
        """In the patient's language (/es/s/<code>/ for Spanish), whoever made it."""
        with translation.override(self.language):
            return reverse("sharing:share", args=[self.code])

    def handout_url(self):
        """The printed handout, in the patient's language like the link."""
        with translation.override(self.language):
            return reverse("sharing:handout", args=[self.code])

    @property
    def display_code(self):
        return codes.display(self.code)

    def topics(self):
        """The chosen library pages still published, in the order a patient should read
        them. A link's choice never changes, so the list is kept in the shared cache for
        this version of the library (one query when it is built)."""
        return pagecache.get_or_build(self.topics_cache_name, self._build_topics)

    @property
    def topics_cache_name(self):
        return f"share-topics:{self.pk}:{translation.get_language()}"

    def _build_topics(self):
        return page_links(
            self.conditions.all(), self.questions.all(), self.groups.all(), self.medicines.all()
        )


class ResultLinkQuerySet(CodeQuerySet):
    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


class ResultLink(models.Model):
    """A patient's guide answers, stored only because they asked for a link.

    Holds the answer codes and nothing else: no name, email or address.
    """

    code = models.CharField(max_length=20, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answers = models.JSONField(help_text="The guide's answers by step, as codes.")
    # Only the browser that made the link holds the key that deletes it (in a signed cookie);
    # the database keeps its hash. Empty for links made before keys existed.
    delete_key_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A deleted link keeps only its code, until it would have expired, so that whoever
    # opens it is told it was deleted rather than that the code may be mistyped.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ResultLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return codes.display(self.code)

    def get_absolute_url(self):
        return reverse("sharing:result", args=[self.code])

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @staticmethod
    def hash_delete_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    def new_delete_key(self):
        """A fresh key for the browser that made the link; only its hash is kept."""
        key = secrets.token_urlsafe(24)
        self.delete_key_hash = self.hash_delete_key(key)
        return key

    def opens_with(self, key):
        return bool(self.delete_key_hash and key) and constant_time_compare(
            self.delete_key_hash, self.hash_delete_key(key)
        )

    def delete_answers(self):
        """Remove the answers for good; the code stays until expiry to say it was deleted."""
        self.answers = {}
        self.delete_key_hash = ""
        self.deleted_at = timezone.now()
        self.save(update_fields=["answers", "delete_key_hash", "deleted_at"])

    @classmethod
    def expiry_from_now(cls):
        return timezone.now() + timedelta(days=settings.RESULT_LINK_DAYS)
