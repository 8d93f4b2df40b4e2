# Copyright (c) mmda contributors. All rights reserved.
"""Start-up validation of configs: unknown keys are refused, with the
nearest valid name; everything mmda ships passes."""
import os.path as osp
from glob import glob

import pytest
from mmengine.config import Config
from mmengine.hooks import CheckpointHook, Hook
from mmengine.optim import AmpOptimWrapper, OptimWrapper

from mmda.engine.hooks import GRLLambdaHook
from mmda.utils import ConfigKeyError, check_config
from mmda.utils.config_check import NEAR_MISS, RUNNER_KEYS, accepted_arguments
from mmda.utils.config_lookup import CONFIG_ROOT

DANN = osp.join(CONFIG_ROOT, 'dann', 'dann_lenet_2k_digits_uci2mnist5k.py')
SHOT = osp.join(CONFIG_ROOT, 'shot', 'shot_lenet_30e_digits_uci2mnist5k.py')
CONFIGS = sorted(
    p for p in glob(osp.join(CONFIG_ROOT, '**', '*.py'), recursive=True)
    if '_base_' not in osp.relpath(p, CONFIG_ROOT).split(osp.sep))


def _refused(cfg, options=None, stage='train'):
    with pytest.raises(ConfigKeyError) as info:
        check_config(cfg, options, stage)
    return str(info.value)


@pytest.fixture
def dann():
    return Config.fromfile(DANN)


def _user_config(tmp_path, body):
    """A user's config outside the repo that inherits mmda's DANN leaf."""
    path = tmp_path / 'my_dann.py'
    path.write_text(
        'from mmengine.config import read_base\n\n'
        'with read_base():\n'
        '    from mmda.configs.dann.dann_lenet_2k_digits_uci2mnist5k '
        'import *  # noqa\n\n' + body)
    return Config.fromfile(str(path))


@pytest.mark.parametrize(
    'path', CONFIGS, ids=[osp.relpath(p, CONFIG_ROOT) for p in CONFIGS])
def test_every_packaged_config_passes(path):
    check_config(Config.fromfile(path))


def test_all_packaged_configs_are_found():
    assert len(CONFIGS) > 100


# ----------------------------------------------------------- --cfg-options
def test_misspelt_hook_argument_on_the_command_line(dann):
    message = _refused(dann, {'default_hooks.checkpoint.intervl': 5})
    assert "unknown key 'default_hooks.checkpoint.intervl'" in message
    assert 'not an argument of AtomicCheckpointHook' in message
    assert "did you mean 'interval'?" in message
    assert '(from --cfg-options)' in message


def test_misspelt_top_level_key_on_the_command_line(dann):
    message = _refused(dann, {'train_cfgg.max_iters': 5})
    assert "unknown key 'train_cfgg'" in message
    assert "did you mean 'train_cfg'?" in message


def test_all_unknown_keys_are_named_at_once(dann):
    message = _refused(dann, {
        'train_cfgg.max_iters': 5,
        'default_hooks.checkpoint.intervl': 5
    })
    assert '2 unknown key(s)' in message
    assert 'train_cfgg' in message and 'intervl' in message


@pytest.mark.parametrize(
    'key, near, cls',
    [
        ('train_cfg.val_intervl', 'val_interval', 'UDATrainLoop'),
        ('val_cfg.fp61', 'fp16', 'ValLoop'),
        ('test_cfg.fp61', 'fp16', 'TestLoop'),
        ('optim_wrapper.accumulative_count', 'accumulative_counts',
         'OptimWrapper'),
        ('optim_wrapper.optimizer.momentun', 'momentum', 'SGD'),
        ('train_dataloader.batch_sise', 'batch_size', 'DataLoader'),
        ('train_dataloader.sampler.shufle', 'shuffle', 'InfiniteSampler'),
        ('target_dataloader.dataset.splitt', 'split', 'MNIST5k'),
        ('custom_hooks.{GRLLambdaHook}.gama', 'gamma', 'GRLLambdaHook'),
        ('log_processor.by_epok', 'by_epoch', 'LogProcessor'),
        ('param_scheduler.0.ed', 'end', 'InverseDecayLR'),
        # not one of the walked components: found from the dict's own type
        ('model.backbone.chanels', 'channels', 'LeNet'),
        ('model.neck.in_chanels', 'in_channels', 'LinearNeck'),
        ('train_dataloader.dataset.pipeline.0.scal', 'scale', 'Resize'),
    ])
def test_misspelt_component_argument_is_named(dann, key, near, cls):
    key = key.replace('{GRLLambdaHook}',
                      str(_hook_index(dann, 'GRLLambdaHook')))
    message = _refused(dann, {key: 1})
    assert f"unknown key '{key}': not an argument of {cls}" in message
    assert f"did you mean '{near}'?" in message


@pytest.mark.parametrize('key, near', [
    ('randomness.diff_rank_sed', 'diff_rank_seed'),
    ('env_cfg.mp_cfg.mp_start_methd', 'mp_start_method'),
    ('auto_scale_lr.base_batch_sise', 'base_batch_size'),
    ('default_hooks.checkpont.interval', 'checkpoint'),
])
def test_misspelt_runner_setting_is_named(dann, key, near):
    message = _refused(dann, {key: 1})
    assert f"did you mean '{near}'?" in message


def test_index_past_a_list_is_named(dann):
    message = _refused(dann, {'custom_hooks.7.gamma': 1})
    assert "unknown key 'custom_hooks.7': 'custom_hooks' is a list of " \
        f"{len(dann.custom_hooks)}" in message


@pytest.mark.parametrize(
    'options',
    [
        # valid arguments of the component the key lands in
        {
            'default_hooks.checkpoint.save_best': 'auto'
        },
        {
            'default_hooks.checkpoint.max_keep_ckpts': -1
        },
        {
            'train_dataloader.persistent_workers': False
        },
        {
            'optim_wrapper.clip_grad': dict(max_norm=1.0)
        },
        {
            'optim_wrapper.paramwise_cfg.norm_decay_mult': 0.0
        },
        {
            'optim_wrapper.optimizer.nesterov': True
        },
        {
            'model.backbone.channels': [4, 8]
        },
        # build_norm_layer takes requires_grad out before BatchNorm1d sees it
        {
            'model.neck.norm_cfg.requires_grad': False
        },
        {
            'train_dataloader.dataset.indices': 16
        },
        # taken out by mmengine's scheduler builder
        {
            'param_scheduler.0.convert_to_iter_based': True
        },
        # keys the Runner reads from untyped dicts
        {
            'randomness.diff_rank_seed': True
        },
        {
            'env_cfg.dist_cfg.timeout': 60
        },
        # top-level keys the Runner reads although the config has none
        {
            'experiment_name': 'x',
            'find_unused_parameters': True
        },
        # a whole new default hook, with its type
        {
            'default_hooks.visualization.type': 'VisualizationHook'
        },
        # what the test suite and the README pass
        {
            'train_dataloader.batch_size': 8,
            'target_dataloader.batch_size': 8,
            'val_dataloader.batch_size': 64,
            'test_dataloader.batch_size': 64,
            'default_hooks.logger.interval': 1,
            'train_cfg.max_iters': 4,
            'param_scheduler.0.end': 4,
            'train_cfg.val_interval': 4,
            'default_hooks.checkpoint.interval': 4,
            'randomness.deterministic': True,
            'randomness.seed': 0,
            'load_from': None,
            'val_cfg': None,
            'val_dataloader': None,
            'val_evaluator': None
        },
    ])
def test_valid_options_are_accepted(dann, options):
    check_config(dann, options)


def test_overriding_a_helper_variable_warns(dann):
    # max_iters was copied into train_cfg when the file was read.
    with pytest.warns(
            UserWarning, match="override e.g. 'train_cfg.max_iters'"):
        check_config(dann, {'max_iters': 5})


def test_shot_loop_and_its_hooks_are_checked():
    shot = Config.fromfile(SHOT)
    hook = f'custom_hooks.{_hook_index(shot, "PseudoLabelHook")}'
    check_config(
        shot, {
            'train_cfg.max_epochs': 1,
            'train_dataloader.dataset.dataset.indices': 8,
            f'{hook}.drop_unpredicted': True
        })
    message = _refused(shot, {'train_cfg.max_epoch': 1})
    assert "not an argument of ExactResumeIterLoop; did you mean " \
        "'max_epochs'" in message
    message = _refused(shot, {f'{hook}.dataloader': {}})
    assert f"'{hook}.dataloader'" in message


def _hook_index(cfg, name):
    types = [
        getattr(h['type'], '__name__', str(h['type'])).split('.')[-1]
        for h in cfg.custom_hooks
    ]
    return types.index(name)


# ---------------------------------------------------------- config files
def test_misspelt_argument_in_a_file_is_refused(tmp_path):
    cfg = _user_config(tmp_path, 'default_hooks.checkpoint.intervl = 5\n')
    message = _refused(cfg)
    assert "unknown key 'default_hooks.checkpoint.intervl'" in message
    assert "did you mean 'interval'?" in message
    assert '--cfg-options' not in message.splitlines()[-1]
    assert 'my_dann.py' in message


@pytest.mark.parametrize('key, near', [('train_cfgg', 'train_cfg'),
                                       ('optim_wraper', 'optim_wrapper'),
                                       ('default_hook', 'default_hooks')])
def test_near_miss_top_level_key_in_a_file_is_refused(tmp_path, key, near):
    cfg = _user_config(tmp_path, f'{key} = dict(max_iters=5)\n')
    message = _refused(cfg)
    assert f"unknown key '{key}': nothing reads it; did you mean " \
        f"'{near}'?" in message


def test_helper_variables_in_a_file_are_accepted(tmp_path):
    cfg = _user_config(
        tmp_path,
        'my_iters = 5\n'
        'small_loader = dict(batch_size=8, num_workers=0)\n'
        'test_loader_cfg = dict(batch_size=8)\n'
        'data_root = "data/digits"\n'
        # a near miss of a Runner key, but used: it is a helper
        'val_dataloaders = dict(loader_cfg, dataset=uci_test)\n'
        'val_dataloader = val_dataloaders\n')
    check_config(cfg)


def test_train_cfg_without_type_is_checked_as_mmengine_infers_it():
    base = dict(
        model=dict(type='LeNet'),
        default_scope='mmda',
        train_cfg=dict(by_epoch=False, max_iter=5))
    message = _refused(Config(base))
    assert "'train_cfg.max_iter': not an argument of IterBasedTrainLoop; " \
        "did you mean 'max_iters'" in message
    base['train_cfg'] = dict(by_epoch=True, max_epochs=2, val_interval=1)
    check_config(Config(base))
    base['train_cfg'] = dict(max_iters=5)
    base['test_cfg'] = dict(fp61=True)
    message = _refused(Config(base))
    assert "train_cfg needs 'type' or 'by_epoch'" in message
    # ...and the other loops are still checked
    assert "'test_cfg.fp61': not an argument of TestLoop" in message


@pytest.mark.parametrize('type_', ['UCIDigits', 'mmda.UCIDigits'])
def test_string_types_resolve_in_mmda_scope(type_):
    cfg = Config(
        dict(
            default_scope='mmda',
            train_dataloader=dict(
                batch_size=2,
                dataset=dict(
                    type='ConcatDataset',
                    datasets=[
                        dict(type=type_, split='train'),
                        dict(type=type_, splitt='test')
                    ]))))
    message = _refused(cfg)
    assert "unknown key 'train_dataloader.dataset.datasets.1.splitt': not " \
        "an argument of UCIDigits; did you mean 'split'?" in message


def test_unknown_type_is_left_to_the_build(dann):
    # The Runner's build names it with the registries searched.
    check_config(dann, {'target_dataloader.dataset.type': 'NoSuchDataset'})


def test_test_stage_ignores_what_only_training_reads(dann):
    options = {'train_cfg.val_intervl': 5, 'optim_wrapper.lrr': 0.1}
    check_config(dann, options, stage='test')
    _refused(dann, options, stage='train')
    message = _refused(dann, {'test_dataloader.batch_sise': 4}, 'test')
    assert "did you mean 'batch_size'?" in message


# ----------------------------------------------------- accepted_arguments
def test_kwargs_are_followed_to_the_base_class():
    # AmpOptimWrapper(**kwargs) -> OptimWrapper.__init__
    names = accepted_arguments(AmpOptimWrapper)
    assert {
        'loss_scale', 'dtype', 'clip_grad', 'accumulative_counts', 'optimizer'
    } <= names
    assert accepted_arguments(OptimWrapper) < names


def test_checkpoint_hook_kwargs_go_to_save_checkpoint():
    # All of Runner.save_checkpoint's arguments are passed by the hook
    # itself: no other key is valid, so 'intervl' is caught at start-up.
    names = accepted_arguments(CheckpointHook)
    assert 'interval' in names and 'intervl' not in names


class _Base:

    def __init__(self, a=1, b=2):
        pass


class _Forwards(_Base):

    def __init__(self, c=3, **kwargs):
        kwargs.setdefault('a', 0)
        self.d = kwargs.pop('d', None)
        super().__init__(b=c, **kwargs)


class _Keeps(_Base):

    def __init__(self, c=3, **kwargs):
        self.extra = kwargs
        super().__init__()


class _KwargsHook(Hook):

    def __init__(self, **kwargs):
        self.kwargs = kwargs


def test_kwargs_forwarding_is_read_from_the_source():
    # b is passed by _Forwards itself; d is taken out of kwargs.
    assert accepted_arguments(_Forwards) == {'a', 'c', 'd'}
    # kwargs kept for other uses: the class cannot be checked.
    assert accepted_arguments(_Keeps) is None
    assert accepted_arguments(GRLLambdaHook) == {
        'gamma', 'max_value', 'horizon'
    }


def test_mmda_datasets_are_checkable():
    # Their **kwargs reach mmpretrain's BaseDataset through
    # build_transforms, which keeps the keys (_KEY_PRESERVING).
    from mmda.datasets import MNISTIdx, Office31
    assert {'split', 'pipeline', 'indices', 'test_mode'} <= \
        accepted_arguments(MNISTIdx)
    office = accepted_arguments(Office31)
    assert {'domain', 'split', 'pipeline', 'indices'} <= office
    # passed to the base by Office31's own base class: not valid twice
    assert 'data_prefix' not in office


def test_class_with_opaque_kwargs_is_not_checked(dann):
    dann.custom_hooks.append(dict(type=_KwargsHook, anything=1))
    check_config(dann)
    dann.custom_hooks.append(dict(type=GRLLambdaHook, anything=1))
    index = len(dann.custom_hooks) - 1
    assert f"'custom_hooks.{index}.anything'" in _refused(dann)


def test_runner_keys_come_from_the_runner():
    assert {
        'train_cfg', 'optim_wrapper', 'default_hooks', 'launcher', 'work_dir',
        'model_wrapper_cfg'
    } <= RUNNER_KEYS
    # read by UDATrainLoop, so read only where train_cfg names it
    assert 'target_dataloader' not in RUNNER_KEYS
    assert 'cfg' not in RUNNER_KEYS and 'self' not in RUNNER_KEYS
    assert 0.8 < NEAR_MISS < 1
