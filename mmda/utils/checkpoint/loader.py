# Copyright (c) mmda contributors. All rights reserved.
"""Local checkpoint loading that works with torch>=2.6, only where mmda asks.

torch 2.6 made ``torch.load`` default to ``weights_only=True``. mmengine
0.10.x's local loader does not pass ``weights_only``, so resuming a run (the
checkpoint holds mmengine's ``HistoryBuffer`` and other non-tensor objects)
fails. mmda does not change mmengine for the whole process: its own tools
and loops wrap their loading in :func:`trusted_local_checkpoints`, which
swaps the local loader in and puts the previous one back on exit.
"""
import os.path as osp
import types
from contextlib import contextmanager
from typing import Callable, Iterator, Optional, Union

import torch
from mmengine.runner.checkpoint import CheckpointLoader, load_from_local
from mmengine.utils import digit_version

# mmengine registers its local loader under the empty prefix: it is the
# fallback for every path without a scheme.
_LOCAL_PREFIX = ''


def load_trusted_local_checkpoint(
        filename: str,
        map_location: Optional[Union[str, torch.device]] = None) -> dict:
    """Load a local checkpoint written by mmengine, unpickling it fully.

    Local files are written by the user's own runs, so they are trusted;
    remote schemes keep their own loaders. Only load checkpoints you trust:
    unpickling can run arbitrary code.

    Args:
        filename (str): Path of the checkpoint file.
        map_location (str | torch.device, optional): As in ``torch.load``.

    Returns:
        dict: The loaded checkpoint.

    Raises:
        CorruptCheckpointError: If the file is truncated or damaged, naming
            it.
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint file {filename!r} does not exist')
    try:
        return torch.load(
            filename, map_location=map_location, weights_only=False)
    except Exception as e:
        # torch's message names no file; say which one, and whether it is
        # damaged (truncated by a kill, a full disk) rather than unloadable.
        from .problem import CorruptCheckpointError, checkpoint_problem
        problem = checkpoint_problem(filename)
        if problem is None:
            raise
        raise CorruptCheckpointError(
            f'corrupt checkpoint file: {problem}') from e


def _code_mentions(code: types.CodeType, name: str) -> bool:
    """Whether a code object (or one nested in it) uses ``name``.

    A keyword argument's name is stored among the caller's constants (the
    ``kwnames`` tuple of the call), so this finds ``weights_only=...``
    without needing the source file.
    """
    for const in code.co_consts:
        if const == name or (isinstance(const, tuple) and name in const):
            return True
        if isinstance(const, types.CodeType) and _code_mentions(const, name):
            return True
    return name in code.co_names or name in code.co_varnames


def local_loader_needs_fix(torch_version: Optional[str] = None,
                           local_loader: Optional[Callable] = None) -> bool:
    """Whether mmengine's local loader fails on mmengine's own checkpoints.

    That is the case with torch>=2.6 (``weights_only=True`` by default) and
    an mmengine whose ``load_from_local`` does not pass ``weights_only``
    (mmengine<=0.10.7).

    Args:
        torch_version (str, optional): Defaults to the installed torch's.
        local_loader (Callable, optional): Defaults to mmengine's
            ``load_from_local``.

    Returns:
        bool: True if :func:`trusted_local_checkpoints` has to swap the
        local loader.
    """
    torch_version = torch_version or torch.__version__
    local_loader = local_loader or load_from_local
    if digit_version(torch_version) < digit_version('2.6.0'):
        return False
    code = getattr(local_loader, '__code__', None)
    return code is None or not _code_mentions(code, 'weights_only')


@contextmanager
def trusted_local_checkpoints(enable: Optional[bool] = None) -> Iterator[None]:
    """Within the block, load local checkpoints with ``weights_only=False``.

    mmda's tools (``train.py``, ``test.py``, ``multi_seed.py``, the analysis
    tools) and its SHOT target loop load checkpoints inside this block. On
    exit the local loader that was registered before is registered again,
    so nothing changes for other packages in the process.

    Args:
        enable (bool, optional): Force the swap on or off. Defaults to
            :func:`local_loader_needs_fix`, i.e. only on the torch/mmengine
            versions that need it.

    Example:
        >>> with trusted_local_checkpoints():
        ...     runner.train()  # resume/load_from read full checkpoints
    """
    if enable is None:
        enable = local_loader_needs_fix()
    if not enable:
        yield
        return
    # mmengine has no public way to read a registered loader back, and the
    # one in place must be restored on exit: its table is read here alone.
    previous = CheckpointLoader._schemes.get(_LOCAL_PREFIX)
    CheckpointLoader.register_scheme(
        prefixes=_LOCAL_PREFIX,
        loader=load_trusted_local_checkpoint,
        force=True)
    try:
        yield
    finally:
        if previous is None:
            CheckpointLoader._schemes.pop(_LOCAL_PREFIX, None)
        else:
            # register_scheme re-sorts the prefixes: the order is as before.
            CheckpointLoader.register_scheme(
                prefixes=_LOCAL_PREFIX, loader=previous, force=True)
