# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict, List

import torch


def non_finite_tensors(state_dict: Dict[str, torch.Tensor]) -> List[str]:
    """Name the floating-point tensors of ``state_dict`` that hold a NaN or
    an infinity, with how many.

    A diverging run can poison a buffer (a BatchNorm's ``running_var``)
    before its loss turns non-finite; such weights score like chance
    without any error.

    Args:
        state_dict (dict[str, Tensor]): Parameters and buffers.

    Returns:
        list[str]: e.g. ``['neck.norm.running_var (3 of 500 inf)']``, in
        the state dict's order; empty when all values are finite.
    """
    found = []
    for name, tensor in state_dict.items():
        if not torch.is_tensor(tensor) or not tensor.is_floating_point():
            continue
        nan = int(torch.isnan(tensor).sum())
        inf = int(torch.isinf(tensor).sum())
        if nan or inf:
            kinds = ' and '.join(f'{n} {k}'
                                 for n, k in ((nan, 'nan'), (inf, 'inf')) if n)
            found.append(f'{name} ({kinds} of {tensor.numel()})')
    return found
