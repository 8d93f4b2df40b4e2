# Copyright (c) mmda contributors. All rights reserved.
"""DomainBed's modules for the tests that compare with them, where a
checkout is present; its modules and stand-ins leave ``sys.modules``
after each test."""
import os.path as osp
import sys
from contextlib import contextmanager

import pytest
from tool_runs import REPO

DOMAINBED = '/work/scratch/peers/DomainBed'

needs_domainbed = pytest.mark.skipif(
    not osp.isfile(osp.join(DOMAINBED, 'domainbed/algorithms.py')),
    reason=f'no DomainBed checkout at {DOMAINBED}')


@contextmanager
def domainbed_module(monkeypatch, module: str):
    """``domainbed.<module>``, imported through the runners' shims."""
    monkeypatch.syspath_prepend(REPO)
    before = set(sys.modules)
    try:
        from benchmarks.peers.domainbed_import import import_domainbed
        yield import_domainbed(DOMAINBED, module)
    finally:
        for name in set(sys.modules) - before:
            if name.startswith(('domainbed', 'wilds', 'timm')):
                del sys.modules[name]
