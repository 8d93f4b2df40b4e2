# Copyright (c) mmda contributors. All rights reserved.
"""Load a checkpoint into the model its config builds, or say what differs."""
from typing import List, Mapping, Optional

import torch
from torch import nn

from mmda.utils.checkpoint.state_dict_mismatch import (checkpoint_state_dict,
                                                       compare_state_dicts,
                                                       read_checkpoint)


class CheckpointMismatchError(RuntimeError):
    """The checkpoint's weights do not fit the model built from the config."""


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
    mismatch = compare_state_dicts(model.state_dict(), state_dict)
    if mismatch is None:
        return None
    shapes = [
        f'{k}: checkpoint {ckpt} vs model {model_shape}'
        for k, ckpt, model_shape in mismatch.shapes
    ]
    parts: List[str] = []
    for title, keys in (('missing in checkpoint', mismatch.missing),
                        ('unexpected in checkpoint',
                         mismatch.unexpected), ('shape mismatch', shapes)):
        if keys:
            shown = ', '.join(keys[:limit])
            more = f' (+{len(keys) - limit} more)' if len(keys) > limit else ''
            parts.append(f'{title} ({len(keys)}): {shown}{more}')
    return '; '.join(parts)


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
    checkpoint = read_checkpoint(checkpoint_path)
    if not isinstance(checkpoint, Mapping):
        raise CheckpointMismatchError(
            f'{checkpoint_path} holds a {type(checkpoint).__name__}, '
            'expected a dict of weights or an mmengine checkpoint')
    state_dict = checkpoint_state_dict(checkpoint)
    mismatch = describe_mismatch(model, state_dict)
    if mismatch is not None:
        raise CheckpointMismatchError(
            f'checkpoint {checkpoint_path} does not match the model of '
            f'{config_name}: {mismatch}. Use the config the checkpoint was '
            'trained with (its work dir holds a copy).')
    model.load_state_dict(state_dict, strict=True)
    return dict(checkpoint)
