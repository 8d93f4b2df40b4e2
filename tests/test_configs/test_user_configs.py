# Copyright (c) mmda contributors. All rights reserved.
"""A user's own repository inherits mmda's leaf configs with ``read_base()``
from any folder: add a plug-in to a method, or change one domain, in a few
lines instead of copying the leaf."""
import os
import os.path as osp
import subprocess
import sys
import textwrap

import torch
from mmengine.config import Config
from tool_runs import REPO, TINY_OPTIONS

LEAF = 'mmda.configs.dann.dann_lenet_2k_digits_uci2mnist5k'


def _write(folder, name, body):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(body))
    return path


def test_user_config_adds_cnsn_to_an_mmda_leaf_and_trains(tmp_path):
    config = _write(
        tmp_path / 'my_project' / 'configs', 'dann_cnsn.py', f'''
        from mmengine.config import read_base

        from mmda.engine.hooks import CrossNormActivationHook
        from mmda.models import CNSN, PluggedModel

        with read_base():
            from {LEAF} import *  # noqa: F401,F403

        # CNSN after both LeNet conv blocks (20 and 50 channels)
        model = dict(
            type=PluggedModel,
            model=model,
            plugins=[
                dict(path=f'backbone.features.{{i}}',
                     layer=dict(type=CNSN, channels=c))
                for i, c in ((2, 20), (6, 50))
            ])
        custom_hooks.append(
            dict(type=CrossNormActivationHook, cn_prob=0.5, active_num=1))
        ''')
    env = dict(os.environ, OMP_NUM_THREADS='1')
    env.pop('PYTHONPATH', None)  # mmda as installed, not from a checkout
    proc = subprocess.run([
        sys.executable,
        osp.join(REPO, 'tools', 'train.py'),
        str(config), '--work-dir', 'wd', '--cfg-options',
        'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
        'default_hooks.checkpoint.interval=2', *TINY_OPTIONS
    ],
                          cwd=tmp_path / 'my_project',
                          env=env,
                          capture_output=True,
                          text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    state = torch.load(
        tmp_path / 'my_project' / 'wd' / 'iter_2.pth',
        map_location='cpu',
        weights_only=False)['state_dict']
    plugin_keys = [
        k for k in state
        if k.startswith(('mmda_plugins.backbone_features_2_after.sn',
                         'mmda_plugins.backbone_features_6_after.sn'))
    ]
    assert len(plugin_keys) == 12, 'CNSN was not inserted after both blocks'
    assert any('discriminator' in k for k in state)  # still DANN


def test_user_config_changes_the_target_domain_in_one_line(tmp_path):
    leaf = 'mmda.configs.dann.dann_resnet50_10k_office31_a2w'
    config = _write(
        tmp_path / 'elsewhere', 'dann_a2d.py', f'''
        from mmengine.config import read_base

        with read_base():
            from {leaf} import *  # noqa: F401,F403

        target_dataloader.dataset.domain = 'dslr'
        ''')
    ours = Config.fromfile(str(config)).to_dict()
    theirs = Config.fromfile(
        osp.join(REPO, 'mmda', 'configs', 'dann',
                 'dann_resnet50_10k_office31_a2w.py')).to_dict()
    assert ours['target_dataloader']['dataset']['domain'] == 'dslr'
    ours['target_dataloader']['dataset']['domain'] = 'webcam'
    assert ours == theirs  # nothing else changed
    # the target loader has one home: the loop keeps no copy of it
    assert 'target_dataloader' not in ours['train_cfg']
