# CNSN (Tang et al., ICCV 2021) settings: CrossNorm 2-instance with crop
# 'both' (statistics from and to random boxes of at least 10% of the map,
# box share ~ Beta(1, 1)), the paper's default, then SelfNorm with g only
# (the official code's default, is_two=False). Each iteration, with
# probability cn_prob, active_num of the CrossNorm layers are switched on.
from mmda.engine.hooks import CrossNormActivationHook
from mmda.models import CNSN

cnsn_layer = dict(
    type=CNSN,
    crossnorm=dict(mode='2-instance', crop='both', threshold=0.1, beta=1.0),
    selfnorm=dict(use_f=False))
plugin_hooks = [dict(type=CrossNormActivationHook, cn_prob=0.5, active_num=1)]
