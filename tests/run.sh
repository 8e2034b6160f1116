#!/usr/bin/env bash
# The test command: bash tests/run.sh [pytest args]
#
# On a fresh Debian machine it first installs what the tests need, when it can:
#   - Chromium ($CHROME_PATH, default /usr/bin/chromium), a Java runtime (for vnu.jar),
#     Node.js and npm: with apt-get, when run as root;
#   - the Python package with its test extra: pip install -e '.[test]' (in .venv when the
#     system Python is "externally managed", as Debian's is);
#   - the pinned npm tools: npm ci --ignore-scripts (when node_modules is missing or older
#     than package-lock.json).
# Whatever it cannot install, it names, and exits 1. Then it runs pytest with the arguments.
set -euo pipefail
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'tests/run.sh: %s\n' "$*" >&2; }
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
missing=()

# --- system packages -------------------------------------------------------------------
chrome="${CHROME_PATH:-/usr/bin/chromium}"
apt_pkgs=()
command -v python3 >/dev/null 2>&1 || apt_pkgs+=(python3 python3-venv python3-pip)
[ -x "$chrome" ] || apt_pkgs+=(chromium)
command -v java >/dev/null 2>&1 || apt_pkgs+=(default-jre-headless)
{ command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || apt_pkgs+=(nodejs npm)
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  if can_apt; then
    say "installing ${apt_pkgs[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${apt_pkgs[@]}" >/dev/null
  else
    for p in "${apt_pkgs[@]}"; do
      if [ "$p" = chromium ]; then
        missing+=("chromium: nothing at $chrome (sudo apt-get install chromium, or set CHROME_PATH to a Chromium or Chrome)")
      else
        missing+=("$p (e.g. sudo apt-get install $p)")
      fi
    done
  fi
fi
if can_apt && [ ! -x "$chrome" ]; then
  missing+=("chromium: nothing at $chrome after apt-get (set CHROME_PATH to a Chromium or Chrome)")
fi
if command -v node >/dev/null 2>&1; then
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$node_major" -lt 20 ]; then
    missing+=("Node.js >= 20 (found $(node --version); linkinator 7 needs 20, Lighthouse 12 needs 18.16)")
  fi
fi

# --- Python ------------------------------------------------------------------------------
py=python3
if command -v python3 >/dev/null 2>&1; then
  in_venv="$(python3 -c 'import sys; print(int(sys.prefix != sys.base_prefix))')"
  managed="$(python3 -c 'import os, sysconfig; print(int(os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))))')"
  if [ "$in_venv" = 0 ] && { [ "$managed" = 1 ] || [ -x .venv/bin/python ]; }; then
    if [ ! -x .venv/bin/python ]; then
      say "creating .venv (the system Python is externally managed)"
      if ! python3 -m venv .venv; then
        rm -rf .venv
        if can_apt; then
          apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && python3 -m venv .venv
        else
          missing+=("a virtual environment: 'python3 -m venv .venv' failed (sudo apt-get install python3-venv; or activate a venv of your own)")
        fi
      fi
    fi
    [ -x .venv/bin/python ] && py=.venv/bin/python
  fi
  if [ -f pyproject.toml ] && { [ "$py" != python3 ] || [ "$in_venv" = 1 ] || [ "$managed" = 0 ]; }; then
    "$py" -m pip install --quiet --disable-pip-version-check -e '.[test]' \
      || missing+=("the Python test dependencies (pip install -e '.[test]' failed)")
  fi
else
  missing+=("python3 >= 3.10 (e.g. sudo apt-get install python3 python3-venv)")
fi

# --- npm tools -----------------------------------------------------------------------------
if command -v npm >/dev/null 2>&1; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing the pinned npm tools (npm ci --ignore-scripts)"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2 \
      || missing+=("the npm tools (npm ci --ignore-scripts failed)")
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  say "cannot run the tests; install first:"
  for m in "${missing[@]}"; do printf '  - %s\n' "$m" >&2; done
  exit 1
fi

export CHROME_PATH="$chrome"
exec "$py" -m pytest "$@"
