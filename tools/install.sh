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
    # setuptools<80 first: mmengine imports pkg_resources (removed in 81),
    # and setuptools 80 turned `setup.py develop` into a PEP 660 editable
    # install, whose dist-info location makes mmengine's get_installed_path
    # miss the checkout: `from mmda.configs... import *` in a user config
    # would then fail outside the checkout.
    pip install -c requirements/constraints.txt setuptools wheel
    # mmcv-lite, not the full mmcv of mminstall.txt (11 minutes to compile
    # here, and its ops are not needed).
    pip install -c requirements/constraints.txt mmcv-lite \
        -r requirements/runtime.txt -r requirements/tests.txt \
        -r requirements/lint.txt
    # `mim train mmda ...` (tested): mim's own imports, then openmim with
    # --no-deps (see requirements/mim_cli.txt).
    pip install -c requirements/constraints.txt -r requirements/mim_cli.txt
    pip install --no-deps openmim==0.3.9
    pip install --no-deps --no-build-isolation --no-use-pep517 -e .
    touch "$stamp"
fi
.venv/bin/python -c "import mmda, mmengine, mmpretrain, torch; print(f'mmda {mmda.__version__}, mmengine {mmengine.__version__}, mmpretrain {mmpretrain.__version__}, torch {torch.__version__}')"
