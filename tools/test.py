# Copyright (c) mmda contributors. All rights reserved.
"""Evaluate a checkpoint on a config's test set (mmpretrain's interface)."""
import argparse
import json
import os
import os.path as osp
import sys

from mmengine.config import DictAction
from mmengine.runner import Runner
from mmpretrain.utils import get_ori_model

from mmda.engine.runner.test_time_adapt_loop import PROTOCOL_KEY
from mmda.utils import (check_checkpoint_file, check_config,
                        checkpoint_mismatch, explain_build_error, find_config,
                        finish_distributed, load_config, non_finite_tensors,
                        read_checkpoint, register_all_modules,
                        setup_distributed, trusted_local_checkpoints)
from mmda.utils.dist_timeout import timeout_in_seconds


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Test (and eval) a model')
    parser.add_argument(
        'config',
        help='test config file path, or the file name of a packaged mmda '
        'config')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--work-dir',
        help='the directory to save the file containing evaluation metrics')
    parser.add_argument(
        '--out-metrics', help='also write the metrics as JSON to this file')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override some settings in the used config, the key-value pair '
        'in xxx=yyy format will be merged into config file.')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args(argv)
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    try:
        # A name, not a path, is looked up among mmda's packaged configs.
        args.config = find_config(args.config)
    except FileNotFoundError as e:
        parser.error(str(e))
    if not osp.isfile(args.checkpoint):
        parser.error(f'checkpoint file {args.checkpoint!r} does not exist')
    return args


def refuse_non_finite(model, checkpoint: str, shown: int = 5) -> None:
    """Raise if the loaded weights hold a NaN or an infinity.

    A run that diverged may have saved poisoned buffers (``running_var =
    inf``) before its loss became non-finite; scoring them would report
    chance accuracy as if it were a result.
    """
    bad = non_finite_tensors(get_ori_model(model).state_dict())
    if bad:
        more = f', ... ({len(bad)} in all)' if len(bad) > shown else ''
        raise ValueError(
            f'checkpoint {checkpoint!r} holds non-finite values in '
            f'{", ".join(bad[:shown])}{more}: the run diverged before it '
            'was saved; test an earlier checkpoint')


def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config)
    register_all_modules(init_default_scope=False)
    # Unknown keys of what testing reads stop here, before the runner.
    check_config(cfg, args.cfg_options, stage='test')
    # A damaged file is named as such before anything is built, and not
    # mistaken below for the checkpoint of another model.
    check_checkpoint_file(args.checkpoint)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    # Loaded below, strictly: the checkpoint must be of this config's model.
    cfg.load_from = None
    cfg.resume = False
    # env_cfg.dist_cfg.timeout is given in seconds; torch takes timedelta.
    with timeout_in_seconds(cfg):
        setup_distributed(args.launcher, cfg)
    try:
        runner = Runner.from_cfg(cfg)
        # mmengine's load_from is lenient (a mismatch is only a warning);
        # testing a checkpoint of another model must fail instead, on
        # every rank and before any weight is copied.
        mismatch = checkpoint_mismatch(
            get_ori_model(runner.model), read_checkpoint(args.checkpoint))
        if mismatch is not None:
            raise RuntimeError(
                f'checkpoint {args.checkpoint!r} does not match the model of '
                f'{args.config!r}: {mismatch}')
        with trusted_local_checkpoints():
            runner.load_checkpoint(args.checkpoint, strict=True)
        refuse_non_finite(runner.model, args.checkpoint)
        metrics = runner.test()
        finish_distributed()
    except KeyError as e:
        message = explain_build_error(e, cfg.get('default_scope'))
        if message is None:
            raise
        raise KeyError(message) from e
    if args.out_metrics and runner.rank == 0:
        out = dict(metrics)
        protocol = runner.message_hub.get_info(PROTOCOL_KEY)
        if protocol is not None:
            # test-time adaptation: how the numbers were measured
            out[PROTOCOL_KEY] = protocol
        with open(args.out_metrics, 'w') as f:
            json.dump(out, f, indent=2)
    return metrics


if __name__ == '__main__':
    main()
    sys.exit(0)
