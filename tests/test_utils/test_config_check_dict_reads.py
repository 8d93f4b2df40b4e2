# Copyright (c) mmda contributors. All rights reserved.
"""The keys that mmengine's Runner, its builders and the loops read are
derived from their sources, so no list names them."""
import copy

import pytest
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.runner import IterBasedTrainLoop, Runner

from mmda.engine.runner import UDATrainLoop
from mmda.registry import LOOPS
from mmda.utils import check_config
from mmda.utils.config_check import ConfigKeyError, runner_keys
from mmda.utils.config_check.config_walker import ConfigWalker
from mmda.utils.config_check.dict_reads import cfg_keys_read, dict_reads


def _spread_to(a=1, b=2, c=3):
    pass


def _reads(cfg, extra):
    local = copy.deepcopy(cfg)
    alias = local.copy()
    first = alias.pop('first')
    if 'second' in cfg and local.get('third'):
        sub = local.get('sub', {})
        _spread_to(1, c=sub.get('c'), **sub)
    anything = cfg['anything']
    _spread_to(**anything, **first)
    return extra.get('not_cfg')


def test_dict_reads_follow_copies_and_spreads():
    reads = dict_reads(_reads, 'cfg')
    assert reads.popped == {'first'}
    # sub's keys: _spread_to's arguments less the ones passed (a, c)
    assert reads.schema == {
        'first': ('a', 'b', 'c'),
        'second': (),
        'third': (),
        'sub': ('b', 'c'),
        'anything': ('a', 'b', 'c'),
    }
    assert dict_reads(_reads, 'extra').schema == {'not_cfg': ()}


def test_builder_keys_match_what_mmengine_takes_out():
    # The lists the checker kept by hand for mmengine 0.10.
    assert runner_keys.HOOK_EXTRA == {'priority'}
    assert runner_keys.OPTIM_WRAPPER_EXTRA == {'constructor', 'paramwise_cfg'}
    assert 'convert_to_iter_based' in runner_keys.SCHEDULER_EXTRA
    assert {
        'dataset', 'sampler', 'batch_sampler', 'collate_fn', 'worker_init_fn',
        'num_batch_per_epoch', 'disable_subprocess_warning'
    } <= runner_keys.DATALOADER_EXTRA
    assert runner_keys.ENV_CFG == {
        'cudnn_benchmark': (),
        'mp_cfg': ('mp_start_method', 'opencv_num_threads'),
        'dist_cfg': None,  # init_dist(**dist_cfg) takes any keyword
        'resource_limit': (),
    }
    assert set(runner_keys.AUTO_SCALE_LR) == {'enable', 'base_batch_size'}


def test_runner_keys_read_outside_init_are_found():
    assert {
        'model_wrapper_cfg', 'sync_bn', 'find_unused_parameters', 'compile',
        'activation_checkpointing', 'efficient_conv_bn_eval'
    } <= cfg_keys_read(Runner) <= runner_keys.RUNNER_KEYS
    assert 'custom_imports' in runner_keys.RUNNER_KEYS


def test_loop_keys_come_from_the_loop_source():
    assert 'target_dataloader' in runner_keys.loop_keys(UDATrainLoop)
    assert runner_keys.loop_keys(IterBasedTrainLoop) == frozenset()


class _AuxLoop(IterBasedTrainLoop):
    """A loop that reads a top-level key no list knows."""

    def __init__(self, runner, dataloader, max_iters: int) -> None:
        super().__init__(runner, dataloader, max_iters)
        self.aux = runner.cfg.get('aux_dataloader')


@pytest.fixture
def aux_loop():
    LOOPS.register_module(
        name='_AuxLoopForCfgCheck', module=_AuxLoop, force=True)
    return dict(
        default_scope='mmda',
        model=dict(type='LeNet'),
        train_cfg=dict(type='_AuxLoopForCfgCheck', max_iters=2),
        aux_dataloader=dict(batch_size=2, dataset=dict(type='UCIDigits')))


def test_a_new_loops_top_level_key_is_read_and_walked(aux_loop):
    with DefaultScope.overwrite_default_scope('mmda'):
        walker = ConfigWalker(Config(aux_loop))
    assert 'aux_dataloader' in walker.read_keys
    assert 'aux_dataloader' in walker.train_only
    check_config(Config(aux_loop), {'aux_dataloader.batch_size': 4})
    # walked as a data loader, as target_dataloader is for UDATrainLoop
    aux_loop['aux_dataloader']['batch_sise'] = 4
    with pytest.raises(
            ConfigKeyError,
            match="'aux_dataloader.batch_sise': "
            "not an argument of DataLoader; did you mean "
            "'batch_size'"):
        check_config(Config(aux_loop))
    # ...and left out by tools/test.py, since only the train loop reads it
    check_config(Config(aux_loop), stage='test')


def test_target_loader_is_checked_where_uda_train_loop_reads_it():
    base = dict(
        default_scope='mmda',
        model=dict(type='LeNet'),
        train_cfg=dict(type='UDATrainLoop', max_iters=2),
        target_dataloader=dict(
            batch_size=2, dataset=dict(type='UCIDigits', splitt='train')))
    with pytest.raises(
            ConfigKeyError, match="'target_dataloader.dataset.splitt'"):
        check_config(Config(base))
    check_config(Config(base), stage='test')


def test_a_key_only_another_loop_reads_is_no_misspelling():
    # tools/train.py's tests pass one set of options to every config; a DG
    # config has no target loader, and UDATrainLoop's key is still no typo.
    from mmda.utils.config_lookup import CONFIG_ROOT
    rsc = Config.fromfile(
        f'{CONFIG_ROOT}/rsc/rsc_lenet_500i_digits_mnist5k.py')
    assert 'target_dataloader' not in rsc
    check_config(rsc, {'target_dataloader.batch_size': 8})
    with pytest.raises(ConfigKeyError, match="did you mean 'test_dataloader'"):
        check_config(rsc, {'test_dataloder.batch_size': 8})
