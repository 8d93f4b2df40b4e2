# Copyright (c) mmda contributors. All rights reserved.
"""Set-up shared by the tests that spawn gloo processes on the CPU."""
import os
import socket

import torch


def free_port() -> str:
    """A free TCP port on the loopback address, for MASTER_PORT."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return str(s.getsockname()[1])


def join_group(rank: int, port: str, world_size: int = 2) -> None:
    """The torchrun environment of ``rank``, one thread per process, and
    mmda's modules registered (a spawned child imports afresh)."""
    os.environ.update(
        RANK=str(rank),
        LOCAL_RANK=str(rank),
        WORLD_SIZE=str(world_size),
        MASTER_ADDR='127.0.0.1',
        MASTER_PORT=port,
        OMP_NUM_THREADS='1')
    torch.set_num_threads(1)
    from mmda.utils import register_all_modules
    register_all_modules(init_default_scope=False)
