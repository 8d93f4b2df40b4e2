# RSC (Huang et al., ECCV 2020) as a plugin on the backbone output of an
# mmpretrain ImageClassifier: it challenges the last feature maps before
# global pooling, and runs neck + head to get the logits. Paper settings
# (Sec. 3, 4.1): spatial-wise with probability 0.5, the top 1/3 of the
# positions or 1/3.2 of the channels muted, 1/3 of the batch challenged.
# The official training always runs a curriculum on the batch percentage
# (DeLightCMU/RSC, Domain_Generalization/models/resnet.py, forward with
# flag=True: 0.3 + (epoch / 10) * 0.2 set at epochs 0, 10, 20, i.e. 0.3,
# 0.5, 0.7 over its 30 epochs), so the method configs add
# `custom_hooks.append(rsc_curriculum)`; the 1/3 below is only the value
# before the hook first sets it. The hook also draws each iteration's
# spatial- or channel-wise muting from the run's seed and iteration; a
# config without the curriculum appends `rsc_spatial_choice` instead.
from mmda.engine.hooks import RSCBatchPercentHook, RSCSpatialChoiceHook
from mmda.models import RSC

rsc_plugin = dict(
    path='backbone',
    layer=dict(
        type=RSC,
        head=('neck', 'head'),
        spatial_prob=0.5,
        spatial_drop=1 / 3,
        channel_drop=1 / 3.2,
        batch_percent=1 / 3))
rsc_curriculum = dict(
    type=RSCBatchPercentHook, start=0.3, step=0.2, interval=10, by_epoch=True)
rsc_spatial_choice = dict(type=RSCSpatialChoiceHook)
