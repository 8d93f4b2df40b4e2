# Copyright (c) mmda contributors. All rights reserved.
"""Importing mmda (and registering all its modules) changes nothing that
other packages in the process see: mmengine's checkpoint loading, the
mmengine and mmpretrain registries' contents, the default scope, torch's
global settings. Compared against a fresh process without mmda."""
import json
import subprocess
import sys

import torch
from mmengine.logging import HistoryBuffer
from tool_runs import REPO

# Prints the state that other packages depend on. argv: a full mmengine
# checkpoint, and whether to import mmda first.
_PROBE = r'''
import json, sys
import torch
from mmpretrain.utils import register_all_modules as register_mmpretrain
register_mmpretrain(init_default_scope=False)
if sys.argv[2] == 'with-mmda':
    import mmda
    from mmda.utils import register_all_modules
    register_all_modules(init_default_scope=False)
    import mmda.analysis  # noqa: F401
import mmengine.registry
import mmpretrain.registry
from mmengine.registry import DefaultScope, Registry
from mmengine.runner.checkpoint import CheckpointLoader, _load_checkpoint

def qualified(obj):
    obj = getattr(obj, 'func', obj)  # a registered functools.partial
    return f'{obj.__module__}.{obj.__qualname__}'


registries = {}
for module in (mmengine.registry, mmpretrain.registry):
    for name, registry in vars(module).items():
        if isinstance(registry, Registry):
            registry.import_from_location()
            registries[f'{module.__name__}.{name}'] = {
                key: qualified(cls)
                for key, cls in registry.module_dict.items()}
try:
    _load_checkpoint(sys.argv[1])
    outcome = 'loaded'
except Exception as e:  # the outcome is what is compared
    outcome = type(e).__name__
print(json.dumps(dict(
    schemes=[(prefix, qualified(fn))
             for prefix, fn in CheckpointLoader._schemes.items()],
    load_outcome=outcome,
    registries=registries,
    default_scope=repr(DefaultScope.get_current_instance()),
    torch=[torch.get_num_threads(), str(torch.get_default_dtype()),
           torch.are_deterministic_algorithms_enabled(),
           torch.is_grad_enabled()])))
'''


def _probe(checkpoint, mode):
    proc = subprocess.run([sys.executable, '-c', _PROBE, checkpoint, mode],
                          cwd=REPO,
                          capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_import_mmda_changes_nothing_for_other_packages(tmp_path):
    # A checkpoint like mmengine's: weights plus non-tensor objects.
    checkpoint = str(tmp_path / 'full.pth')
    torch.save(
        dict(
            state_dict={'w': torch.ones(2)},
            message_hub=dict(log_scalars={'loss': HistoryBuffer()})),
        checkpoint)
    without = _probe(checkpoint, 'without-mmda')
    with_mmda = _probe(checkpoint, 'with-mmda')
    for key in without:
        assert with_mmda[key] == without[key], key
    local = dict(map(tuple, with_mmda['schemes']))['']
    assert local == 'mmengine.runner.checkpoint.load_from_local'
