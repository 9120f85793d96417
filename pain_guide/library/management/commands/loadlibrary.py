"""manage.py loadlibrary: load the library's seed content (safe to run again)."""

from django.core.management.base import BaseCommand

from pain_guide.library.seed import load_seed


class Command(BaseCommand):
    help = (
        "Load the medicine library from pain_guide/library/seed/. Running it again changes "
        "nothing; rows an editor changed in the admin are kept and listed."
    )

    def handle(self, *args, **options):
        report = load_seed()
        self.stdout.write(str(report))
