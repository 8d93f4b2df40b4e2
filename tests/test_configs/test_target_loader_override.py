# Copyright (c) mmda contributors. All rights reserved.
"""A change to ``target_dataloader`` reaches the loader that trains: in a
config derived from a shipped one (outside the repository) and on the
command line. Before, the loop read a copy taken in ``train_cfg`` and the
change was silently ignored."""
import uuid

import pytest
from mmengine.config import Config
from mmengine.runner import Runner
from synthetic_data import folder_domain
from tool_runs import DANN_CFG

from mmda.datasets.office31 import OFFICE31_CLASSES


def _runner(cfg, work_dir):
    cfg.work_dir = str(work_dir)
    cfg.experiment_name = f'test-{uuid.uuid4().hex[:8]}'
    return Runner.from_cfg(cfg)


def _derived(folder, leaf, body):
    path = folder / 'derived.py'
    path.write_text('from mmengine.config import read_base\n\n'
                    'with read_base():\n'
                    f'    from {leaf} import *  # noqa: F401,F403\n\n' + body)
    return Config.fromfile(str(path))


def test_derived_office31_config_trains_on_its_target_domain(tmp_path):
    root = tmp_path / 'office31'
    for domain in ('amazon', 'webcam', 'dslr'):
        folder_domain(
            str(root),
            f'{domain}/images',
            OFFICE31_CLASSES,
            per_class=1,
            ext='jpg')
    # the example of the issue: A -> W turned into A -> D by a user's config
    cfg = _derived(
        tmp_path, 'mmda.configs.dann.dann_resnet50_10k_office31_a2w',
        f'data_root = {str(root)!r}\n'
        'for loader in (train_dataloader, target_dataloader):\n'
        '    loader.update(num_workers=0, persistent_workers=False)\n'
        '    loader.dataset.data_root = data_root\n'
        "target_dataloader.dataset.domain = 'dslr'\n"
        "test_dataloader.dataset.domain = 'dslr'\n")
    loop = _runner(cfg, tmp_path / 'work').train_loop
    target = loop.target_dataloader.dataset.dataset
    assert set(target.sources) == {'dslr'}
    assert set(loop.dataloader.dataset.sources) == {'amazon'}


def test_derived_digits_config_changes_the_target_set(tmp_path):
    cfg = _derived(
        tmp_path, 'mmda.configs.dann.dann_lenet_2k_digits_uci2mnist5k',
        "target_dataloader.dataset.split = 'test'\n"
        'target_dataloader.batch_size = 4\n')
    loop = _runner(cfg, tmp_path / 'work').train_loop
    target = loop.target_dataloader.dataset.dataset
    assert type(target).__name__ == 'MNIST5k' and target.split == 'test'


def test_command_line_override_of_the_target_type_is_used(tmp_path):
    cfg = Config.fromfile(DANN_CFG)
    # what tools/train.py does with --cfg-options
    # target_dataloader.dataset.type=NoSuchDataset
    cfg.merge_from_dict({'target_dataloader.dataset.type': 'NoSuchDataset'})
    runner = _runner(cfg, tmp_path / 'work')
    with pytest.raises(KeyError, match='NoSuchDataset'):
        runner.train_loop
