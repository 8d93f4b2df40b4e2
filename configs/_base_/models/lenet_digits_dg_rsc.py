# RSC (Huang et al., ECCV 2020) on the digits LeNet, inserted from the config
# alone: it challenges the backbone's last feature maps (50 x 4 x 4). Paper
# settings: spatial-wise with probability 0.5, 1/3 of the positions or 1/3.2
# of the channels muted, 1/3 of the batch challenged.
from mmengine.config import read_base

from mmda.models import RSC, PluggedModel

with read_base():
    from .lenet_digits_dg import *  # noqa: F401,F403

model = dict(
    type=PluggedModel,
    model=model,
    plugins=[
        dict(
            path='backbone',
            layer=dict(
                type=RSC,
                head=('neck', 'head'),
                spatial_prob=0.5,
                spatial_drop=1 / 3,
                channel_drop=1 / 3.2,
                batch_percent=1 / 3))
    ])
