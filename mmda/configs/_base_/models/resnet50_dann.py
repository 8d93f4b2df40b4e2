# DANN on ResNet-50 (Ganin & Lempitsky, ICML 2015; docs/methods.md): the domain
# discriminator 256 -> 1024 -> 1024 -> 1 (ReLU, dropout 0.5) behind a GRL on
# the bottleneck features. Pair it with GRLLambdaHook.
from mmengine.config import read_base

from mmda.models import DomainAdversarialLoss, DomainDiscriminator

with read_base():
    from .resnet50_uda import *  # noqa: F401,F403

model.update(da_losses=[
    dict(
        type=DomainAdversarialLoss,
        discriminator=dict(
            type=DomainDiscriminator,
            in_channels=256,
            hidden_channels=(1024, 1024),
            dropout=0.5),
        loss_weight=1.0)
])
