#!/usr/bin/env bash
# Lint as CI does: flake8, isort and yapf, with the settings in setup.cfg.
#
#   bash tools/lint.sh          check only; the exit status is non-zero if
#                               any of the three finds something
#   bash tools/lint.sh --fix    first rewrite imports (isort) and layout
#                               (yapf) in place, then check (flake8's
#                               findings are fixed by hand)
#
# Set PYTHON=/path/to/python if the tools are not in .venv (pip install -r
# requirements/lint.txt).
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python; fi
fi
PATHS=(mmda tools tests demo benchmarks projects setup.py)

if [ "${1:-}" = "--fix" ]; then
    "$PYTHON" -m isort --quiet "${PATHS[@]}"
    "$PYTHON" -m yapf --in-place --recursive --parallel "${PATHS[@]}"
elif [ $# -gt 0 ]; then
    echo "usage: bash tools/lint.sh [--fix]" >&2
    exit 2
fi

failed=()
echo "== flake8"
"$PYTHON" -m flake8 "${PATHS[@]}" || failed+=(flake8)
echo "== isort"
"$PYTHON" -m isort --check-only --diff --quiet "${PATHS[@]}" || failed+=(isort)
echo "== yapf"
"$PYTHON" -m yapf --diff --recursive --parallel "${PATHS[@]}" || failed+=(yapf)

if [ ${#failed[@]} -gt 0 ]; then
    echo "lint: ${failed[*]} found problems (bash tools/lint.sh --fix" \
         "rewrites what isort and yapf can)" >&2
    exit 1
fi
echo "lint: clean"
