# Copyright (c) mmda contributors. All rights reserved.
"""Train a model from an mmda config (same interface as mmpretrain's)."""
import argparse
import logging
import os
import os.path as osp
import sys
from typing import Optional

from mmengine.config import DictAction
from mmengine.runner import Runner

from mmda.utils import (ResumeChoice, check_checkpoint_file, check_config,
                        explain_build_error, find_config,
                        find_resume_checkpoint, finish_distributed,
                        load_config, register_all_modules, setup_distributed,
                        trusted_local_checkpoints)
from mmda.utils.dist_timeout import timeout_in_seconds
from mmda.utils.fresh_work_dir import prepare_fresh_work_dir
from mmda.utils.loader_configs import loader_configs
from mmda.utils.work_dir_lock import WorkDirLock

#: The variable that holds a process's global rank, per launcher.
_RANK_VARIABLES = dict(
    pytorch='RANK', slurm='SLURM_PROCID', mpi='OMPI_COMM_WORLD_RANK')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument(
        'config',
        help='train config file path, or the file name of a packaged mmda '
        'config (e.g. dann_lenet_2k_digits_uci2mnist5k.py)')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='If specify checkpoint path, resume from it, while if not '
        'specify, try to auto resume from the latest checkpoint '
        'in the work directory.')
    parser.add_argument(
        '--overwrite',
        action='store_true',
        help='delete the checkpoints (*.pth, last_checkpoint) an earlier '
        'run left in the work dir before a fresh run; without it a fresh '
        'run into such a work dir is refused')
    parser.add_argument(
        '--amp',
        action='store_true',
        help='enable automatic-mixed-precision training')
    parser.add_argument(
        '--no-validate',
        action='store_true',
        help='whether not to evaluate the checkpoint during training')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='whether to auto scale the learning rate according to the '
        'actual batch size and the original batch size.')
    parser.add_argument(
        '--no-pin-memory',
        action='store_true',
        help='whether to disable the pin_memory option in dataloaders.')
    parser.add_argument(
        '--no-persistent-workers',
        action='store_true',
        help='whether to disable the persistent_workers option in '
        'dataloaders.')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override some settings in the used config, the key-value pair '
        'in xxx=yyy format will be merged into config file. If the value to '
        'be overwritten is a list, it should be like key="[a,b]" or key=a,b '
        'It also allows nested list/tuple values, e.g. key="[(a,b),(c,d)]" '
        'Note that the quotation marks are necessary and that no white space '
        'is allowed.')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args(argv)
    if args.overwrite and args.resume is not None:
        parser.error('--overwrite deletes the checkpoints --resume would '
                     'continue from; pass one of them')
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    try:
        # A name, not a path, is looked up among mmda's packaged configs.
        args.config = find_config(args.config)
    except FileNotFoundError as e:
        parser.error(str(e))
    return args


def merge_args(cfg, args):
    """Merge CLI arguments to config; the flags win over --cfg-options."""
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)

    if args.no_validate:
        cfg.val_cfg = None
        cfg.val_dataloader = None
        cfg.val_evaluator = None

    cfg.launcher = args.launcher

    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])

    if args.amp is True:
        optim_wrapper = cfg.optim_wrapper.get('type', 'OptimWrapper')
        if optim_wrapper not in ('OptimWrapper', 'AmpOptimWrapper'):
            raise ValueError('--amp needs optim_wrapper.type OptimWrapper or '
                             f'AmpOptimWrapper, got {optim_wrapper!r}')
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')

    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume

    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg:
            raise KeyError('--auto-scale-lr needs `auto_scale_lr` '
                           '(base_batch_size) in the config')
        cfg.auto_scale_lr.enable = True

    # Every loader, wherever it sits (target, validation, a hook's), so
    # that no hand list of loader keys can miss one.
    for loader in loader_configs(cfg):
        if args.no_pin_memory:
            loader['pin_memory'] = False
        if args.no_persistent_workers:
            loader['persistent_workers'] = False
    return cfg


def choose_resume(cfg, args) -> Optional[ResumeChoice]:
    """Check the checkpoint ``--resume`` continues from, before training.

    ``--resume PATH`` must be a complete local checkpoint (or a URL).
    Plain ``--resume`` goes through :func:`find_resume_checkpoint`, which
    never restarts silently over existing checkpoints; ``cfg.load_from``
    and ``cfg.resume`` are set from its choice.

    Returns:
        ResumeChoice | None: The choice of plain ``--resume``, to be logged.
    """
    if args.resume is None:
        return None
    if args.resume != 'auto':
        if '://' not in args.resume:  # remote files are mmengine's to load
            check_checkpoint_file(args.resume)
        return None
    choice = find_resume_checkpoint(cfg.work_dir)
    cfg.load_from = choice.path
    cfg.resume = choice.path is not None
    return choice


def launcher_rank(launcher: str) -> int:
    """The global rank the launcher gave this process (0 for ``'none'``),
    read before the process group exists."""
    variable = _RANK_VARIABLES.get(launcher)
    return int(os.environ.get(variable, 0)) if variable else 0


def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config)
    register_all_modules(init_default_scope=False)
    # Unknown keys (file or --cfg-options) stop here, before any training.
    check_config(cfg, args.cfg_options)
    cfg = merge_args(cfg, args)
    # Rank 0 owns the work dir for the run's life, before anything in it
    # is read or written; the kernel drops the lock when the process ends.
    lock = WorkDirLock(cfg.work_dir)
    deleted = []
    try:
        if launcher_rank(args.launcher) == 0:
            lock.acquire()
            if args.resume is None:
                deleted = prepare_fresh_work_dir(cfg.work_dir, args.overwrite,
                                                 cfg.get('load_from'))
        train(cfg, args, deleted)
    finally:
        lock.release()


def train(cfg, args, deleted=()) -> None:
    """Choose the checkpoint to resume from, then build and train;
    ``deleted`` are the files ``--overwrite`` deleted, to be logged."""
    resume = choose_resume(cfg, args)
    # env_cfg.dist_cfg.timeout is given in seconds; torch takes timedelta.
    with timeout_in_seconds(cfg):
        setup_distributed(args.launcher, cfg)
    try:
        runner = Runner.from_cfg(cfg)
        if deleted:
            runner.logger.warning(
                '--overwrite: deleted the checkpoints of an earlier run: ' +
                ', '.join(deleted))
        if resume is not None:
            runner.logger.log(
                logging.WARNING if resume.fallback else logging.INFO,
                f'--resume: {resume.note}')
        # --resume and load_from read mmengine's full checkpoints.
        with trusted_local_checkpoints():
            runner.train()
        finish_distributed()
    except KeyError as e:
        message = explain_build_error(e, cfg.get('default_scope'))
        if message is None:
            raise
        raise KeyError(message) from e


if __name__ == '__main__':
    sys.exit(main())
