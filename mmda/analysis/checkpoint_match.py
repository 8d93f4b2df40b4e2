# Copyright (c) mmda contributors. All rights reserved.
"""Load a checkpoint into the model its config builds, or say what differs."""
from collections import OrderedDict
from typing import Dict, List, Mapping, Optional

import torch
from mmengine.runner.checkpoint import _load_checkpoint
from torch import nn

from mmda.utils.checkpoint_loader import trusted_local_checkpoints


class CheckpointMismatchError(RuntimeError):
    """The checkpoint's weights do not fit the model built from the config."""


def state_dict_of(checkpoint: Mapping) -> 'OrderedDict[str, torch.Tensor]':
    """The model weights of an mmengine checkpoint.

    mmengine saves ``dict(meta=..., state_dict=..., optimizer=...)``; a
    plain ``torch.save(model.state_dict())`` file is accepted too. The
    ``module.`` prefix that DDP and DataParallel wrappers add is removed.

    Args:
        checkpoint (Mapping): The loaded checkpoint.

    Returns:
        OrderedDict[str, Tensor]: Parameter and buffer names to tensors.
    """
    state = checkpoint.get('state_dict', checkpoint)
    return OrderedDict(
        (k[len('module.'):] if k.startswith('module.') else k, v)
        for k, v in state.items())


def describe_mismatch(model: nn.Module,
                      state_dict: Mapping[str, torch.Tensor],
                      limit: int = 10) -> Optional[str]:
    """List the keys on which a state dict and a model disagree.

    Args:
        model (nn.Module): The model built from the config.
        state_dict (Mapping[str, Tensor]): The checkpoint's weights.
        limit (int): At most this many keys are named per kind.

    Returns:
        str | None: ``None`` if every key exists on both sides with the
        same shape, else a message naming the missing, unexpected and
        shape-mismatched keys.
    """
    expected: Dict[str, torch.Tensor] = model.state_dict()
    missing = [k for k in expected if k not in state_dict]
    unexpected = [k for k in state_dict if k not in expected]
    shapes = [
        f'{k}: checkpoint {tuple(state_dict[k].shape)} vs model '
        f'{tuple(v.shape)}' for k, v in expected.items()
        if k in state_dict and hasattr(state_dict[k], 'shape')
        and tuple(state_dict[k].shape) != tuple(v.shape)
    ]
    parts: List[str] = []
    for title, keys in (('missing in checkpoint',
                         missing), ('unexpected in checkpoint', unexpected),
                        ('shape mismatch', shapes)):
        if keys:
            shown = ', '.join(keys[:limit])
            more = f' (+{len(keys) - limit} more)' if len(keys) > limit else ''
            parts.append(f'{title} ({len(keys)}): {shown}{more}')
    return '; '.join(parts) or None


def load_matching_checkpoint(model: nn.Module,
                             checkpoint_path: str,
                             config_name: str = 'the config') -> dict:
    """Load weights that must fit the model exactly.

    Analysis of a half-loaded model would silently show random features,
    so unlike ``load_from`` during training no key may be missing, left
    over or of another shape.

    Args:
        model (nn.Module): The model built from the config.
        checkpoint_path (str): Path (or URL) of the checkpoint.
        config_name (str): Named in the error message.

    Returns:
        dict: The checkpoint (its ``meta`` may be useful to callers).

    Raises:
        CheckpointMismatchError: If the keys or shapes differ.
    """
    with trusted_local_checkpoints():
        checkpoint = _load_checkpoint(checkpoint_path, map_location='cpu')
    if not isinstance(checkpoint, Mapping):
        raise CheckpointMismatchError(
            f'{checkpoint_path} holds a {type(checkpoint).__name__}, '
            'expected a dict of weights or an mmengine checkpoint')
    state_dict = state_dict_of(checkpoint)
    mismatch = describe_mismatch(model, state_dict)
    if mismatch is not None:
        raise CheckpointMismatchError(
            f'checkpoint {checkpoint_path} does not match the model of '
            f'{config_name}: {mismatch}. Use the config the checkpoint was '
            'trained with (its work dir holds a copy).')
    model.load_state_dict(state_dict, strict=True)
    return dict(checkpoint)
