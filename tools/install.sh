#!/usr/bin/env bash
# Create .venv (if missing) and install mmda into it with the exact stack it is
# tested with (requirements/constraints.txt). mmda itself declares only ranges
# (requirements/runtime.txt, mminstall.txt); the pins live here.
# Usage: bash tools/install.sh   (re-running it is cheap once installed)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
pip() { .venv/bin/python -m pip -q --disable-pip-version-check "$@"; }
stamp=.venv/.mmda-installed
if [ ! -f "$stamp" ] || [ -n "$(find requirements setup.py -newer "$stamp" -print -quit)" ]; then
    # setuptools first: mmengine's config lookup imports pkg_resources
    # (removed in setuptools 81), and the editable install below builds
    # with it (no build isolation).
    pip install -c requirements/constraints.txt setuptools wheel
    # mmcv-lite, not the full mmcv of mminstall.txt (11 minutes to compile
    # here, and its ops are not needed).
    pip install -c requirements/constraints.txt mmcv-lite \
        -r requirements/runtime.txt -r requirements/tests.txt \
        -r requirements/lint.txt
    # `mim train openmmda ...` (tested): mim's own imports, then openmim with
    # --no-deps (see requirements/mim_cli.txt).
    pip install -c requirements/constraints.txt -r requirements/mim_cli.txt
    pip install --no-deps openmim==0.3.9
    # The distribution was called mmda before it was renamed openmmda (the
    # name mmda is another project's on PyPI): drop the old one from this
    # .venv so that mim and pip see a single mmda package.
    pip uninstall -y mmda >/dev/null 2>&1 || true
    # A PEP 660 editable install (pip removed --no-use-pep517 in 25.3).
    # Compat mode puts the checkout itself on sys.path (a .pth file), as
    # `setup.py develop` did; mmengine finds mmda's configs through the
    # import system, since no distribution is named mmda.
    pip install --no-deps --no-build-isolation -e . \
        --config-settings editable_mode=compat
    touch "$stamp"
fi
.venv/bin/python -c "import mmda, mmengine, mmpretrain, torch; print(f'mmda {mmda.__version__}, mmengine {mmengine.__version__}, mmpretrain {mmpretrain.__version__}, torch {torch.__version__}')"
