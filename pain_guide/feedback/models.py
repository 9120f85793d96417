"""Anonymous 'Did this page help?' answers: the page, the time, yes or no, and an optional note."""

from django.db import models

COMMENT_MAX_LENGTH = 500


class PageFeedback(models.Model):
    """One person's answer. No name, address, cookie or IP address is stored with it."""

    page = models.CharField(
        max_length=200,
        db_index=True,
        help_text="The page's path, e.g. /library/medicines/baclofen/.",
    )
    helpful = models.BooleanField(help_text="Did the page help?")
    comment = models.TextField(
        blank=True,
        max_length=COMMENT_MAX_LENGTH,
        help_text="What was unclear, in the person's words.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"

    def __str__(self):
        return f"{self.page}: {'yes' if self.helpful else 'no'}"
