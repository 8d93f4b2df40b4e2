# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict, List

import torch


def non_finite_tensors(tensors: Dict[str, torch.Tensor]) -> List[str]:
    """Name the floating-point tensors that hold a NaN or an infinity, with
    how many.

    A diverging run can poison a buffer (a BatchNorm's ``running_var``)
    before its loss turns non-finite; such weights score like chance
    without any error. Used on every training iteration
    (``NonFiniteStopHook``) and on every checkpoint ``tools/test.py`` loads,
    so the usual all-finite case costs one device sync.

    Args:
        tensors (dict[str, Tensor]): Parameters and buffers by name, e.g. a
            state dict.

    Returns:
        list[str]: e.g. ``['neck.norm.running_var (3 inf of 500)']``, in
        the given order; empty when all values are finite.
    """
    named = [(name, t) for name, t in tensors.items()
             if torch.is_tensor(t) and t.is_floating_point()]
    if not named:
        return []
    finite = torch.stack([torch.isfinite(t).all() for _, t in named])
    if bool(finite.all()):
        return []
    found = []
    for (name, tensor), ok in zip(named, finite.tolist()):
        if ok:
            continue
        nan = int(torch.isnan(tensor).sum())
        inf = int(torch.isinf(tensor).sum())
        kinds = ' and '.join(f'{n} {k}'
                             for n, k in ((nan, 'nan'), (inf, 'inf')) if n)
        found.append(f'{name} ({kinds} of {tensor.numel()})')
    return found
