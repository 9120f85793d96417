"""The site's static files as collectstatic makes them for production (hashed and compressed
names, WhiteNoise's storage), made once per test run and shared: by the tests that start
gunicorn or nginx and by those that check the hashed names in-process.

Kept in test-artifacts/collected-static/<fingerprint>/, where the fingerprint covers every
file in static/, the pinned packages (whose own static files are collected too) and the
settings; the first worker that needs it builds it under a lock, the others wait and read
it. Nothing may write to it."""

from tests.made_once import ARTIFACTS, ROOT, fingerprint, made_once


def collected_static():
    """The directory holding the collected static files (staticfiles.json in it)."""
    paths = sorted((ROOT / "static").rglob("*")) + [
        ROOT / "requirements.txt",
        ROOT / "pain_guide" / "settings.py",
        ROOT / "tests" / "deploy" / "production_settings.py",
    ]
    return made_once(
        ARTIFACTS / "collected-static" / fingerprint(paths),
        [str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        lambda building: {
            "DJANGO_SETTINGS_MODULE": "tests.deploy.production_settings",
            "PAIN_GUIDE_TEST_STATIC_ROOT": str(building),
            "SECRET_KEY": "collectstatic-test-only-secret-key",
            "DEBUG": "false",
        },
    )
