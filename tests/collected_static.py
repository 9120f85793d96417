"""The site's static files as collectstatic makes them for production (hashed and compressed
names, WhiteNoise's storage), made once per test run and shared: by the tests that start
gunicorn or nginx and by those that check the hashed names in-process.

Kept in test-artifacts/collected-static/<fingerprint>/, where the fingerprint covers every
file in static/, the pinned packages (whose own static files are collected too) and the
settings; the first worker that needs it builds it under a lock, the others wait and read
it. Nothing may write to it."""

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "collected-static"


def fingerprint():
    digest = hashlib.sha256()
    paths = sorted((ROOT / "static").rglob("*")) + [
        ROOT / "requirements.txt",
        ROOT / "pain_guide" / "settings.py",
        ROOT / "tests" / "deploy" / "production_settings.py",
    ]
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def collected_static():
    """The directory holding the collected static files (staticfiles.json in it)."""
    target = ARTIFACTS / fingerprint()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / "staticfiles.json").exists():
            building = target.with_name(target.name + ".building")
            shutil.rmtree(building, ignore_errors=True)
            python = ROOT / ".venv" / "bin" / "python"
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "LANG": "C.UTF-8",
                "PYTHONPATH": str(ROOT),
                "DJANGO_SETTINGS_MODULE": "tests.deploy.production_settings",
                "PAIN_GUIDE_TEST_STATIC_ROOT": str(building),
                "SECRET_KEY": "collectstatic-test-only-secret-key",
                "DEBUG": "false",
            }
            done = subprocess.run(
                [str(python) if python.exists() else sys.executable, str(ROOT / "manage.py")]
                + ["collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, done.stderr[-3000:]
            building.rename(target)
    return target
