# CNSN (Tang et al., ICCV 2021) on the digits LeNet: CrossNorm + SelfNorm
# after each conv -> pool -> ReLU block (20 and 50 channels). Each
# iteration, with probability cn_prob, one CrossNorm is switched on
# (2-instance, crop 'both', box share >= 0.1: the paper's default). Wrap
# any LeNet model with it:
#   model = dict(type=PluggedModel, model=model, plugins=lenet_cnsn_plugins)
#   custom_hooks.extend(plugin_hooks)
from mmda.engine.hooks import CrossNormActivationHook
from mmda.models import CNSN

crossnorm = dict(mode='2-instance', crop='both', threshold=0.1, beta=1.0)
lenet_cnsn_plugins = [
    dict(
        path=f'backbone.features.{index}',
        layer=dict(
            type=CNSN,
            channels=channels,
            crossnorm=crossnorm,
            selfnorm=dict(use_f=False)))
    for index, channels in ((2, 20), (6, 50))
]
plugin_hooks = [dict(type=CrossNormActivationHook, cn_prob=0.5, active_num=1)]
