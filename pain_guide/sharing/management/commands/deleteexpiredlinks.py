"""manage.py deleteexpiredlinks: remove result links past their expiry date (run daily)."""

from django.core.management.base import BaseCommand

from pain_guide.sharing.models import ResultLink


class Command(BaseCommand):
    help = "Delete patients' result links that have expired. Safe to run at any time."

    def handle(self, *args, **options):
        deleted, _ = ResultLink.objects.expired().delete()
        self.stdout.write(f"Deleted {deleted} expired result link(s).")
