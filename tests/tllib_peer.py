# Copyright (c) mmda contributors. All rights reserved.
"""tllib's modules for the tests that compare with them, where a checkout
is present, imported through the runtime shims they need on this stack
(restored after each test by ``monkeypatch``)."""
import importlib
import importlib.util
import os.path as osp
import sys
import types

import numpy as np
import pytest

TLLIB = '/work/scratch/peers/tllib'


def needs_tllib(module_file: str):
    """Skip unless the checkout holds ``module_file`` (e.g.
    ``'tllib/alignment/jan.py'``)."""
    return pytest.mark.skipif(
        not osp.isfile(osp.join(TLLIB, module_file)),
        reason=f'no tllib checkout at {TLLIB} (the comparison with the '
        'reference implementation needs one)')


def import_tllib(monkeypatch, *modules: str):
    """The tllib ``modules`` (dotted names), freshly imported.

    The shims: tllib's package ``__init__`` modules import ``prettytable``
    and ``tqdm`` for other methods only (empty stand-ins where missing),
    use ``np.float`` (removed from NumPy) and torchvision's old
    ``resnet.model_urls``.
    """
    monkeypatch.syspath_prepend(TLLIB)
    monkeypatch.setattr(np, 'float', float, raising=False)
    for name in ('prettytable', 'tqdm'):
        if importlib.util.find_spec(name) is None:
            monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    import torchvision.models.resnet as resnet
    monkeypatch.setattr(resnet, 'model_urls', {}, raising=False)
    for name in [m for m in sys.modules if m.split('.')[0] == 'tllib']:
        monkeypatch.delitem(sys.modules, name)
    imported = [importlib.import_module(m) for m in modules]
    return imported[0] if len(imported) == 1 else imported
