#!/usr/bin/env bash
# Lighthouse (mobile) on the start page, a question step, the result, a medicine page and the
# comparison. Prints the four category scores per page. Traffic stays on 127.0.0.1.
# Usage: bench/lighthouse.sh   (needs Debian's chromium and Node; installs lighthouse here)
set -euo pipefail
cd "$(dirname "$0")/.."
export SECRET_KEY=${SECRET_KEY:-bench-only-secret-key} DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECURE_COOKIES=false
bash scripts/setup.sh requirements.txt >/dev/null
PORT=${PORT:-8765}
BASE="http://127.0.0.1:$PORT"
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

if [ ! -x bench/node_modules/.bin/lighthouse ]; then
  (cd bench && npm install --no-audit --no-fund --silent)
fi

.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload >/tmp/pain-guide-lighthouse-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -fs "$BASE/guide/" >/dev/null && break; sleep 0.2; done

cookie=$(.venv/bin/python bench/session_cookie.py)
out=$(mktemp -d)
printf '%-32s %12s %14s %15s %5s\n' page performance accessibility best-practices seo
for page in "/guide/" "/guide/where/" "/guide/result/" "/library/medicines/gabapentin/" "/library/compare/"; do
  name=$(echo "$page" | tr '/' '_')
  bench/node_modules/.bin/lighthouse "$BASE$page" --quiet --output=json --output-path="$out/$name.json" \
    --form-factor=mobile --only-categories=performance,accessibility,best-practices,seo \
    --extra-headers="{\"Cookie\": \"$cookie\"}" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
    >/dev/null 2>&1 || { echo "lighthouse failed on $page"; continue; }
  python3 - "$out/$name.json" "$page" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
score = {key: round(cat["score"] * 100) if cat["score"] is not None else "n/a" for key, cat in report["categories"].items()}
print(f"{sys.argv[2]:<32} {score['performance']:>12} {score['accessibility']:>14} {score['best-practices']:>15} {score['seo']:>5}")
for key in ("accessibility", "best-practices", "seo"):
    if score[key] != 100:
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") not in (1, None):
                print(f"    {key}: {audit['id']}: {audit['title']}")
PY
done
echo "JSON reports: $out"
