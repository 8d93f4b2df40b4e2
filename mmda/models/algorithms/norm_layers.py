# Copyright (c) mmda contributors. All rights reserved.
"""Select and configure the normalisation layers that test-time adaptation
updates (BN adaptation, TENT)."""
from typing import List, Sequence, Tuple

from torch import nn

# The batch-normalisation classes of torch (mmcv builds these too); matched
# by class name along the MRO, so subclasses count.
NamedModules = Sequence[Tuple[str, nn.Module]]

BATCH_NORM_TYPES = ('BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d',
                    'SyncBatchNorm')


def find_norm_layers(model: nn.Module,
                     norm_types: Sequence[str]) -> NamedModules:
    """The ``(name, module)`` pairs of ``model`` whose class, or a base
    class, is named in ``norm_types``, in ``named_modules`` order."""
    wanted = set(norm_types)
    return [(name, m) for name, m in model.named_modules() if any(
        c.__name__ in wanted for c in type(m).__mro__)]


def use_batch_statistics(layers: Sequence[nn.Module]) -> None:
    """Make each batch-norm layer normalise with the statistics of the batch
    it sees, in train and eval mode alike, without touching its running
    statistics (BN-1: Schneider et al., NeurIPS 2020, with N = 0 source
    samples; Nado et al., 2020, "prediction-time BN").

    ``track_running_stats = False`` stops ``F.batch_norm`` from reading or
    updating the running buffers, which stay in the state dict, so a reset
    or a saved checkpoint is the source model's.
    """
    for m in layers:
        m.track_running_stats = False
        m.train()


def affine_parameters(layers: NamedModules) -> List[Tuple[str, nn.Parameter]]:
    """The scale (``weight``) and shift (``bias``) of each layer that has
    them, as ``(qualified name, parameter)``: what TENT updates (Wang et
    al., ICLR 2021, Sec. 3, "Modulation Parameters")."""
    params = []
    for name, m in layers:
        for pname in ('weight', 'bias'):
            p = getattr(m, pname, None)
            if isinstance(p, nn.Parameter):
                params.append((f'{name}.{pname}' if name else pname, p))
    return params
