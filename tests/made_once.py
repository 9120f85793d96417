"""What the test run makes once and every process shares (tests/collected_static.py,
tests/seeded_database.py): a file or folder in test-artifacts/, named by a fingerprint of what
it is made from. The first process that needs it makes it, in a process of its own, under a
lock; the others wait, then read it. Nothing may write to it."""

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


def fingerprint(paths):
    """16 hex digits standing for the names and contents of ``paths`` (files only)."""
    digest = hashlib.sha256()
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def made_once(target, arguments, environment):
    """``target``, made unless it exists by running this project's Python with ``arguments``
    and the environment ``environment(building)`` returns, which must make ``building``; it
    is renamed to ``target`` once made, so a half-made one is never read."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with (target.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            building = target.with_name(target.name + ".building")
            shutil.rmtree(building, ignore_errors=True)
            building.unlink(missing_ok=True)
            run_python(arguments, environment(building))
            building.rename(target)
    return target


def run_python(arguments, environment):
    """Run this project's Python with ``arguments`` in a clean environment plus
    ``environment``; fails with the end of what it wrote to stderr if it fails."""
    python = ROOT / ".venv" / "bin" / "python"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        **environment,
    }
    done = subprocess.run(
        [str(python) if python.exists() else sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
