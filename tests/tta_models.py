# Copyright (c) mmda contributors. All rights reserved.
"""A small source model, test batches and the test-time adaptation
library's import shims, shared by the test-time adapter tests."""
import contextlib
import os.path as osp
import sys

import torch
from mmengine.config import Config
from tool_runs import REPO

from mmda.registry import MODELS

#: A read-only checkout of mariodoebler/test-time-adaptation, if present.
TTA_LIB = '/work/scratch/peers/test-time-adaptation'
SOURCE = osp.join(REPO, 'configs/test_time_adapt/erm_dtn_500i_mnist5k_32px.py')


def tta_lib_has(method_file: str) -> bool:
    """Whether the library's checkout holds ``methods/<method_file>``."""
    return osp.isfile(osp.join(TTA_LIB, 'classification/methods', method_file))


def confident_classifier(seed: int = 0):
    """The source config's DTN, initialised with ``seed``, its logits
    scaled so that some samples are reliable (entropy below 0.4 ln 10)."""
    torch.manual_seed(seed)
    model = MODELS.build(Config.fromfile(SOURCE).model)
    model.init_weights()
    with torch.no_grad():
        model.head.fc.weight.mul_(300)
    return model


def random_batches(n: int = 3, size: int = 16, seed: int = 1):
    """``n`` batches of standard-normal 32x32 RGB inputs."""
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(size, 3, 32, 32, generator=g) for _ in range(n)]


@contextlib.contextmanager
def library_imports(monkeypatch):
    """Let the body import the library through
    ``benchmarks/peers/tta_library_digits.py``'s shims, and forget its
    modules (and the shims) afterwards."""
    monkeypatch.syspath_prepend(REPO)
    before = set(sys.modules)
    try:
        yield
    finally:
        for name in set(sys.modules) - before:
            if name.split('.')[0] in ('methods', 'models', 'utils', 'datasets',
                                      'augmentations', 'benchmarks'):
                del sys.modules[name]
