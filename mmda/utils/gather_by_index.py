# Copyright (c) mmda contributors. All rights reserved.
from typing import Tuple

import torch
from mmengine.dist import all_gather
from torch import Tensor


def gather_by_index(index: Tensor, *tensors: Tensor,
                    size: int) -> Tuple[Tensor, ...]:
    """All-gather per-sample rows from every rank into dataset order.

    Each rank passes the dataset indices of the samples it processed and
    one row per sample in each tensor. Every rank receives full tensors of
    ``size`` rows where row ``i`` belongs to dataset sample ``i``, whatever
    shard it came from, so all ranks hold identical tensors. Samples seen
    twice (a distributed sampler pads its shards) simply overwrite their
    row with the same values.

    Args:
        index (Tensor): ``(n,)`` dataset indices of this rank's samples.
        *tensors (Tensor): ``(n, ...)`` per-sample values.
        size (int): Number of samples in the dataset.

    Returns:
        tuple[Tensor]: One ``(size, ...)`` tensor per input tensor.

    Raises:
        RuntimeError: If the ranks together did not cover every index.
    """
    counts = [int(c) for c in all_gather(torch.tensor([len(index)]))]
    longest = max(counts)

    def gather(t: Tensor) -> Tensor:
        padded = t.new_zeros((longest, ) + tuple(t.shape[1:]))
        padded[:len(t)] = t
        return torch.cat(
            [part[:n] for part, n in zip(all_gather(padded), counts)])

    all_index = gather(index.long())
    covered = torch.zeros(size, dtype=torch.bool)
    covered[all_index] = True
    if not bool(covered.all()):
        raise RuntimeError(
            f'the ranks together processed {int(covered.sum())} of {size} '
            'samples; the loader must visit every sample (a DefaultSampler, '
            'no drop_last)')
    outputs = []
    for t in tensors:
        full = t.new_zeros((size, ) + tuple(t.shape[1:]))
        full[all_index] = gather(t)
        outputs.append(full)
    return tuple(outputs)
