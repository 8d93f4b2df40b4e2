# CNSN (Tang et al., ICCV 2021) on the digits LeNet, inserted from the config
# alone: CrossNorm + SelfNorm after each conv -> pool -> ReLU block (20 and
# 50 channels). Each iteration, with probability cn_prob, one CrossNorm is
# switched on (2-instance, crop 'both', box share >= 0.1: the paper's
# default).
from mmengine.config import read_base

from mmda.engine.hooks import CrossNormActivationHook
from mmda.models import CNSN, PluggedModel

with read_base():
    from .lenet_digits_dg import *  # noqa: F401,F403

crossnorm = dict(mode='2-instance', crop='both', threshold=0.1, beta=1.0)
model = dict(
    type=PluggedModel,
    model=model,
    plugins=[
        dict(
            path=f'backbone.features.{index}',
            layer=dict(
                type=CNSN,
                channels=channels,
                crossnorm=crossnorm,
                selfnorm=dict(use_f=False)))
        for index, channels in ((2, 20), (6, 50))
    ])
plugin_hooks = [dict(type=CrossNormActivationHook, cn_prob=0.5, active_num=1)]
