#!/usr/bin/env bash
# Create .venv (if missing) and install mmda with its pinned stack into it.
# Usage: bash tools/install.sh   (re-running it is cheap once installed)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.mmda-installed
if [ ! -f "$stamp" ] || [ requirements/runtime.txt -nt "$stamp" ] \
        || [ requirements/tests.txt -nt "$stamp" ] || [ setup.py -nt "$stamp" ]; then
    # setuptools<80 first: mmengine imports pkg_resources (removed in 81),
    # and setuptools 80 turned `setup.py develop` into a PEP 660 editable
    # install, whose dist-info location makes mmengine's get_installed_path
    # miss the checkout: `from mmda.configs... import *` in a user config
    # would then fail outside the checkout.
    .venv/bin/python -m pip install -q --disable-pip-version-check "setuptools<80" wheel
    .venv/bin/python -m pip install -q --disable-pip-version-check \
        -r requirements/runtime.txt -r requirements/tests.txt
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps \
        --no-use-pep517 -e .
    touch "$stamp"
fi
.venv/bin/python -c "import mmda, mmengine, mmpretrain, torch; print(f'mmda {mmda.__version__}, mmengine {mmengine.__version__}, mmpretrain {mmpretrain.__version__}, torch {torch.__version__}')"
