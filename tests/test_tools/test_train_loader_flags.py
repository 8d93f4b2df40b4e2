# Copyright (c) mmda contributors. All rights reserved.
"""tools/train.py's loader flags reach every loader a config describes."""
import importlib.util
import os.path as osp

from tool_runs import REPO

from mmda.utils import load_config
from mmda.utils.loader_configs import is_loader_config, loader_configs


def _train_tool():
    spec = importlib.util.spec_from_file_location(
        'mmda_train_tool', osp.join(REPO, 'tools', 'train.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _all_loaders(cfg):
    """Every loader config, found by a walk independent of the one under
    test: each mapping whose keys hold a dataset and a batch size."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if 'dataset' in node and 'batch_size' in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(cfg.to_dict() if hasattr(cfg, 'to_dict') else cfg)
    return found


def test_flags_reach_target_validation_and_hook_loaders():
    tool = _train_tool()
    config = osp.join(
        REPO, 'configs/dann/dann_lenet_2k_digits_uci2mnist5k'
        '_target_val.py')
    args = tool.parse_args(
        [config, '--no-pin-memory', '--no-persistent-workers'])
    cfg = tool.merge_args(load_config(args.config), args)
    loaders = _all_loaders(cfg)
    # the source, the target, the test loader and the validation loaders
    # that MultiValLoop's evaluations hold
    assert len(loaders) >= 5, loaders
    assert cfg.target_dataloader.pin_memory is False
    for loader in loaders:
        assert loader['pin_memory'] is False, loader
        assert loader['persistent_workers'] is False, loader


def test_loader_configs_finds_each_loader_once():
    loader = dict(batch_size=2, dataset=dict(type='X'))
    cfg = dict(
        train_dataloader=loader,
        target_dataloader=dict(loader),
        custom_hooks=[dict(type='H', dataloader=dict(loader, batch_size=3))],
        val_cfg=dict(evaluations=[dict(dataloader=dict(loader))]),
        not_a_loader=dict(dataset=dict(type='Y')))
    found = list(loader_configs(cfg))
    assert len(found) == 4
    assert found[0] is loader
    assert all(is_loader_config(x) for x in found)
    assert not is_loader_config(cfg['not_a_loader'])
