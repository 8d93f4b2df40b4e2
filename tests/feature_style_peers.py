# Copyright (c) mmda contributors. All rights reserved.
"""The official MixStyle and DSU modules, for the tests that compare with
them where a checkout is present (loaded from their files: neither is a
package)."""
import importlib.util
import os.path as osp

import pytest

PEERS = '/work/scratch/peers'
MIXSTYLE = osp.join(PEERS, 'mixstyle-release', 'reid', 'models', 'mixstyle.py')
DSU = osp.join(PEERS, 'DSU', 'dsu.py')

needs_mixstyle = pytest.mark.skipif(
    not osp.isfile(MIXSTYLE), reason=f'no MixStyle checkout at {MIXSTYLE}')
needs_dsu = pytest.mark.skipif(
    not osp.isfile(DSU), reason=f'no DSU checkout at {DSU}')


def load(path: str, name: str):
    """The module at ``path``, imported under ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
