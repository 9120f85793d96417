#!/usr/bin/env bash
# Shared set-up for scripts/run and scripts/test: the virtual environment, the
# Python packages, the compiled translations, the database. Safe to run again and again.
# Usage: scripts/setup.sh requirements.txt|requirements-dev.txt [--packages-only|--python-packages-only]
# (--packages-only: no database migrated or seeded; --python-packages-only: nor translations
# compiled either. scripts/test uses both)
set -euo pipefail
cd "$(dirname "$0")/.."

requirements=${1:-requirements.txt}
PYTHON=${PYTHON:-python3}

python_is_new_enough() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null
}

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "Pain Guide needs Python 3.12 or newer, and '$PYTHON' was not found." >&2
  echo "Install Python 3.12+ (for example: pyenv install 3.13), or run again with PYTHON=/path/to/python3.13." >&2
  exit 1
fi
if ! python_is_new_enough "$PYTHON"; then
  found=$("$PYTHON" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo "unknown")
  echo "Pain Guide needs Python 3.12 or newer, but '$PYTHON' is Python $found." >&2
  echo "Fix: install Python 3.12+ (for example: pyenv install 3.13; this folder's .python-version asks for 3.13)," >&2
  echo "or run again with PYTHON=/path/to/python3.13." >&2
  exit 1
fi

# A virtual environment left by an older Python is rebuilt.
if [ -x .venv/bin/python ] && ! python_is_new_enough .venv/bin/python; then
  echo "Rebuilding .venv with a newer Python."
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi

# Python compiles a module when it is first imported (and keeps the .pyc), so only what runs is
# compiled; compiling every installed file up front took half the install. That needs Python
# to write .pyc files: an environment that forbids it (PYTHONDONTWRITEBYTECODE, as many
# container images set) would make every process compile everything it imports again, two to
# three seconds each. scripts/test and scripts/run unset it.
unset PYTHONDONTWRITEBYTECODE
# uv installs the pinned packages (it downloads and unpacks them in parallel: about 4 s here,
# where pip took about 14 s; docs/adr/0018). Its own version is pinned in requirements.txt. If
# uv cannot be had or fails (a machine that reaches only pip's configured indexes), pip does it.
pip_install() {
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-compile "$@"
}
install_with_uv() {
  local pin
  pin=$(grep -m 1 -E '^uv==' requirements.txt) || return 1
  [ -x .venv/bin/uv ] || pip_install "$pin" || return 1
  .venv/bin/uv pip install --quiet --python .venv/bin/python -r "$requirements"
}
if ! install_with_uv; then
  echo "uv could not install the packages: pip installs them instead." >&2
  pip_install -r "$requirements"
fi
if [ "${2:-}" = "--python-packages-only" ]; then
  exit 0
fi

# The Spanish interface words: locale/es/LC_MESSAGES/django.po compiled to .mo by Debian's
# gettext (msgfmt). In CI (CI=true) it is installed when missing; elsewhere, asked first.
if ! command -v msgfmt >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "Installing Debian's gettext (msgfmt) to compile the translations."
  elif [ -t 0 ]; then
    read -r -p "Pain Guide needs Debian's gettext (msgfmt) for its translations. Install it now with 'apt-get install gettext' (as root)? [y/N] " answer
    case "$answer" in
      [yY] | [yY][eE][sS]) ;;
      *)
        echo "Not installed. Install it with: sudo apt-get install gettext" >&2
        exit 1
        ;;
    esac
  else
    echo "Pain Guide needs Debian's gettext (msgfmt) for its translations: sudo apt-get install gettext" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq gettext >/dev/null
fi
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
if [ "${2:-}" = "--packages-only" ]; then
  exit 0
fi
.venv/bin/python manage.py migrate --noinput
# Seed content: a fresh install shows the whole library. Editors' changes are kept.
.venv/bin/python manage.py loadlibrary
