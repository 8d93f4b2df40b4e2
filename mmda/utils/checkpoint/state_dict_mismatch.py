# Copyright (c) mmda contributors. All rights reserved.
"""Whether a checkpoint's weights fit a model exactly, and how not.

mmengine's ``load_checkpoint(strict=True)`` is not enough for mmda's
checks: it copies the fitting tensors into the model before it raises,
raises on rank 0 only (the other ranks go on with a half-loaded model),
lists every key however many differ and cannot compare without loading,
which ``ResumeCheckHook`` needs. Its key revision is kept: a ``module.``
prefix (DDP, DataParallel) is not a difference.
"""
import re
from collections import OrderedDict
from typing import List, Mapping, NamedTuple, Optional, Tuple

from mmengine.runner.checkpoint import CheckpointLoader
from torch import Tensor, nn

from .loader import trusted_local_checkpoints

# As mmengine's load_checkpoint revises keys by default.
_WRAPPER_PREFIX = r'^module\.'


class StateDictMismatch(NamedTuple):
    """How a checkpoint's state dict differs from a model's.

    Attributes:
        missing (list[str]): The model's keys absent from the checkpoint,
            in the model's order (``num_batches_tracked`` is not counted,
            as mmengine's ``load_state_dict`` does not).
        unexpected (list[str]): The checkpoint's keys the model lacks, in
            the checkpoint's order.
        shapes (list[tuple]): ``(key, checkpoint shape, model shape)`` of
            the keys on both sides whose shapes differ, in the model's
            order.
    """
    missing: List[str]
    unexpected: List[str]
    shapes: List[Tuple[str, tuple, tuple]]


def compare_state_dicts(
        expected: Mapping[str, Tensor],
        found: Mapping[str, Tensor]) -> Optional[StateDictMismatch]:
    """Compare a checkpoint's state dict with a model's, key by key.

    Args:
        expected (Mapping[str, Tensor]): The model's ``state_dict()``.
        found (Mapping[str, Tensor]): The checkpoint's state dict.

    Returns:
        StateDictMismatch | None: None if every key is on both sides with
        the same shape (values without a shape are not compared).
    """
    # As mmengine's load_state_dict: BatchNorm's num_batches_tracked may
    # be absent (checkpoints written before torch added it).
    missing = [
        k for k in expected
        if k not in found and not k.endswith('num_batches_tracked')
    ]
    unexpected = [k for k in found if k not in expected]
    shapes = [(k, tuple(found[k].shape), tuple(v.shape))
              for k, v in expected.items()
              if k in found and hasattr(found[k], 'shape')
              and tuple(found[k].shape) != tuple(v.shape)]
    if missing or unexpected or shapes:
        return StateDictMismatch(missing, unexpected, shapes)
    return None


def state_dict_mismatch(expected: Mapping[str, Tensor],
                        found: Mapping[str, Tensor],
                        shown: int = 5) -> Optional[str]:
    """Describe how a checkpoint's state dict differs from a model's.

    Args:
        expected (Mapping[str, Tensor]): The model's ``state_dict()``.
        found (Mapping[str, Tensor]): The checkpoint's state dict.
        shown (int): How many names to list per kind of difference.

    Returns:
        str | None: e.g. ``'2 missing keys (a, b); 1 shape-mismatched keys
        (head.fc.bias: checkpoint (10,), model (9,))'``, or None if the
        names and shapes agree.
    """
    mismatch = compare_state_dicts(expected, found)
    if mismatch is None:
        return None
    shapes = [
        f'{k}: checkpoint {ckpt}, model {model}'
        for k, ckpt, model in sorted(mismatch.shapes)
    ]
    parts = []
    for name, keys in (('missing', sorted(mismatch.missing)),
                       ('unexpected', sorted(mismatch.unexpected)),
                       ('shape-mismatched', shapes)):
        if keys:
            listed = ', '.join(keys[:shown])
            more = ', ...' if len(keys) > shown else ''
            parts.append(f'{len(keys)} {name} keys ({listed}{more})')
    return '; '.join(parts)


def checkpoint_state_dict(checkpoint: Mapping) -> 'OrderedDict[str, Tensor]':
    """The model weights of a loaded checkpoint, as a model names them.

    mmengine saves ``dict(meta=..., state_dict=..., optimizer=...)``; a
    plain ``torch.save(model.state_dict())`` is accepted too. The
    ``module.`` prefix that model wrappers add is removed.
    """
    state = checkpoint.get('state_dict', checkpoint)
    return OrderedDict(
        (re.sub(_WRAPPER_PREFIX, '', k), v) for k, v in state.items())


def checkpoint_mismatch(model: nn.Module,
                        checkpoint: Mapping,
                        shown: int = 5) -> Optional[str]:
    """Describe how a loaded checkpoint's weights differ from a model's.

    Args:
        model (nn.Module): The model, not wrapped.
        checkpoint (Mapping): The loaded checkpoint (see
            :func:`checkpoint_state_dict`).
        shown (int): How many names to list per kind of difference.

    Returns:
        str | None: As :func:`state_dict_mismatch`; None if they fit.
    """
    return state_dict_mismatch(model.state_dict(),
                               checkpoint_state_dict(checkpoint), shown)


def read_checkpoint(filename: str) -> dict:
    """Load a checkpoint onto the CPU, trusting local files (the user's own
    runs write them, and they hold more than tensors)."""
    with trusted_local_checkpoints():
        return CheckpointLoader.load_checkpoint(filename, map_location='cpu')
