"""Profile one page's in-process render with pyinstrument (a sampling call-stack profiler).

Usage: bench/profile PATH [--answers] [--cold] [--runs N] [--html FILE]
  --answers  send a session holding a full set of guide answers (for the guide's pages)
  --cold     empty the cache before each render (to see how a page cached whole is built)
Renders PATH --runs times with Django's test client and prints where the time went.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pain_guide.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402
from session_cookie import make_cookie  # noqa: E402

from pain_guide.core import pagecache  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--answers", action="store_true")
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--html")
    args = parser.parse_args()

    client = Client(HTTP_HOST="127.0.0.1")
    if args.answers:
        name, value = make_cookie().split("=", 1)
        client.cookies[name] = value
    client.get(args.path)  # warm imports and template loading
    profiler = Profiler(interval=0.001)
    with profiler:
        for _ in range(args.runs):
            if args.cold:
                pagecache.clear()
            client.get(args.path)
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
