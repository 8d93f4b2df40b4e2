# RSC (Huang et al., ECCV 2020) as a plugin on the backbone output of an
# mmpretrain ImageClassifier: it challenges the last feature maps before
# global pooling, and runs neck + head to get the logits. Paper settings
# (Sec. 3, 4.1): spatial-wise with probability 0.5, the top 1/3 of the
# positions or 1/3.2 of the channels muted, 1/3 of the batch challenged.
# The official code's later curriculum (0.3, 0.5, 0.7 every 10 epochs) is
# RSCBatchPercentHook(start=0.3, step=0.2, interval=10) in custom_hooks.
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
