# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict, Optional

from torch import Tensor


def state_dict_mismatch(expected: Dict[str, Tensor],
                        found: Dict[str, Tensor],
                        shown: int = 5) -> Optional[str]:
    """Describe how a checkpoint's state dict differs from a model's.

    Args:
        expected (dict): The model's ``state_dict()``.
        found (dict): The checkpoint's state dict.
        shown (int): How many names to list per kind of difference.

    Returns:
        str | None: e.g. ``'2 missing keys (a, b); 1 shape-mismatched keys
        (head.fc.bias: checkpoint (10,), model (9,))'``, or None if the
        names and shapes agree.
    """
    missing = sorted(set(expected) - set(found))
    unexpected = sorted(set(found) - set(expected))
    shapes = [
        f'{k}: checkpoint {tuple(found[k].shape)}, model '
        f'{tuple(expected[k].shape)}'
        for k in sorted(set(expected)
                        & set(found))
        if tuple(expected[k].shape) != tuple(found[k].shape)
    ]
    parts = []
    for name, keys in (('missing', missing), ('unexpected', unexpected),
                       ('shape-mismatched', shapes)):
        if keys:
            listed = ', '.join(keys[:shown])
            more = ', ...' if len(keys) > shown else ''
            parts.append(f'{len(keys)} {name} keys ({listed}{more})')
    return '; '.join(parts) or None
