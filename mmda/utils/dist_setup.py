# Copyright (c) mmda contributors. All rights reserved.
"""Start distributed training on GPUs (NCCL) or on CPUs (gloo)."""
import os

import torch
import torch.distributed as torch_dist
from mmengine.dist import init_dist


def setup_distributed(launcher: str, cfg) -> None:
    """Initialise the process group for ``launcher`` and adapt ``cfg``.

    mmengine's ``init_dist`` always calls ``torch.cuda.set_device``, which
    fails on a machine without GPUs. On GPUs this defers to it with NCCL.
    On CPUs it starts a gloo group from torchrun's environment variables
    and sets the DDP wrapper's ``device_ids`` to None, since there is no
    device to pin. Either way the Runner finds the group initialised.
    On CPUs ``env_cfg.dist_cfg.backend`` is set to ``'gloo'``, also for
    single-process runs, so the logged config says what is used.

    Args:
        launcher (str): ``'none'``, ``'pytorch'``, ``'slurm'`` or ``'mpi'``.
        cfg (Config): The config; ``env_cfg.dist_cfg`` and
            ``model_wrapper_cfg`` are read and updated.
    """
    dist_cfg = dict(cfg.get('env_cfg', {}).get('dist_cfg', {}))
    if not torch.cuda.is_available() and 'env_cfg' in cfg:
        # The config's default names NCCL; record the backend a CPU run
        # uses, so that the start-up dump and the saved config tell the
        # truth.
        cfg.env_cfg.dist_cfg = dict(dist_cfg, backend='gloo')
    if launcher == 'none' or torch_dist.is_initialized():
        return
    if torch.cuda.is_available():
        dist_cfg.setdefault('backend', 'nccl')
        init_dist(launcher, **dist_cfg)
        return
    if launcher != 'pytorch':
        raise RuntimeError(
            f'--launcher {launcher} on a machine without GPUs is not '
            'supported; use tools/dist_train.sh (torchrun, --launcher '
            'pytorch) for CPU runs')
    missing = [
        k for k in ('RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT')
        if k not in os.environ
    ]
    if missing:
        raise RuntimeError(
            f'--launcher pytorch needs the torchrun environment variables; '
            f'missing {", ".join(missing)}. Start with tools/dist_train.sh')
    timeout = dist_cfg.get('timeout')
    kwargs = {} if timeout is None else dict(timeout=timeout)
    torch_dist.init_process_group(backend='gloo', **kwargs)
    wrapper = dict(cfg.get('model_wrapper_cfg') or {})
    wrapper.setdefault('type', 'MMDistributedDataParallel')
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper


def finish_distributed() -> None:
    """Wait for every rank, then close the process group.

    Rank 0 is often still writing the last checkpoint when the other ranks
    finish training. If they exited then, gloo could abort rank 0 when their
    connections close (seen as a SIGABRT during "Saving checkpoint" in a
    2-process CPU run), and the last checkpoint would be lost. A no-op
    without a process group.
    """
    if not torch_dist.is_initialized():
        return
    torch_dist.barrier()
    torch_dist.destroy_process_group()
