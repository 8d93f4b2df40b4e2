# Copyright (c) mmda contributors. All rights reserved.
import math

from mmengine.dist import get_world_size
from torch.utils.data import DataLoader


def epoch_length(dataloader: DataLoader) -> int:
    """Iterations of one pass over ``dataloader``'s dataset by all ranks:
    ``ceil(N / (batch_size * world_size))``.

    ``len(dataloader)`` would not do: with mmengine's ``InfiniteSampler``
    it counts the whole dataset on every rank.
    """
    return math.ceil(
        len(dataloader.dataset) / (dataloader.batch_size * get_world_size()))
