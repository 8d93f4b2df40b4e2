# CNSN on WideResNet-40-2 (wrn40_2_cifar10.py), placed as in CNSN's official
# WRN scripts (Tang et al., ICCV 2021; amazon-research/crossnorm-selfnorm,
# cifar10-scripts/wideresnet/run-cnsn.sh, pos=post): after every one of the
# 18 residual blocks, CrossNorm (2-instance, crop 'both', Beta(1, 1)) then
# SelfNorm (g only); each iteration, with probability 0.25, two of the 18
# CrossNorms are switched on (cn_prob=0.25, active_num=2).
from mmengine.config import read_base

from mmda.models import PluggedModel

with read_base():
    from .cnsn_plugin import *  # noqa: F401,F403
    from .wrn40_2_cifar10 import *  # noqa: F401,F403

model = dict(
    type=PluggedModel,
    model=model,
    plugins=[
        dict(
            path=f'backbone.layer{stage}.{block}',
            layer=dict(cnsn_layer, channels=channels))
        for stage, channels in enumerate(stage_channels, 1)
        for block in range(blocks_per_stage)
    ])
plugin_hooks[0].update(cn_prob=0.25, active_num=2)
