#!/usr/bin/env bash
# The README's test command, and what CI runs: on a Debian machine with Node.js and npm, installs
# the system packages the tests use when one is missing, then the workspace, then runs every test
# (pnpm check: lint, typecheck, build, all suites).
#
# Installing needs root or passwordless sudo; without either, it stops before any test with the
# one command to run. A machine that has everything installs nothing and starts testing at once.
# Uses only shell builtins besides the tools it checks for and runs, so that a test can run it
# with a PATH of stubs (tests/integration/testScript.test.ts).
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[[ $here == "${BASH_SOURCE[0]}" ]] && here=.
cd "$here/.."

# Where PostgreSQL's server tools are, as tests/helpers/postgres.ts looks for them.
postgres_root=${TABLENOTES_POSTGRES_ROOT:-/usr/lib/postgresql}

# Debian package, and how the tests find what it brings (a command on PATH, or PostgreSQL's tools).
# g++, make and python3 build better-sqlite3's native addon; chromium runs the browser tests;
# postgresql and redis-server the storage and fan-out suites; LibreOffice (soffice) and python3
# read exported Word files back.
packages=(g++ make python3 chromium postgresql redis-server libreoffice-writer-nogui)
declare -A provides=(
  [g++]=g++ [make]=make [python3]=python3 [chromium]=chromium
  [redis-server]=redis-server [libreoffice-writer-nogui]=soffice
)

is_present() {
  local package=$1
  if [[ $package == postgresql ]]; then
    local bin
    for bin in "$postgres_root"/*/bin; do
      [[ -x $bin/initdb && -x $bin/pg_ctl ]] && return 0
    done
    return 1
  fi
  command -v "${provides[$package]}" >/dev/null 2>&1
}

missing=()
for package in "${packages[@]}"; do
  is_present "$package" || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  install=(apt-get install -y --no-install-recommends "${missing[@]}")
  if [[ $(id -u) == 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    as_root=(sudo -n)
  else
    printf 'The tests need these Debian packages, which are not installed: %s\n' "${missing[*]}" >&2
    printf 'Installing them needs root. Run this once, then this script again:\n\n' >&2
    printf '  sudo sh -c "apt-get update && %s"\n\n' "${install[*]}" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    printf 'The tests need these Debian packages (or their equivalents): %s\n' "${missing[*]}" >&2
    printf 'apt-get is not available here: install them with this system'"'"'s package manager.\n' >&2
    exit 1
  fi
  printf 'Installing what the tests need: %s\n' "${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update
  "${as_root[@]}" "${install[@]}"
  still=()
  for package in "${missing[@]}"; do
    is_present "$package" || still+=("$package")
  done
  if ((${#still[@]} > 0)); then
    printf 'Still missing after apt-get install: %s\n' "${still[*]}" >&2
    exit 1
  fi
fi

npx --yes pnpm@10 install --frozen-lockfile
npx --yes pnpm@10 check
