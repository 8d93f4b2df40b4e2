# LeNet UDA model with DANN's domain-adversarial loss on the 500-d
# bottleneck (Ganin & Lempitsky, ICML 2015). Pair it with GRLLambdaHook.
from mmengine.config import read_base

from mmda.models import DomainAdversarialLoss, DomainDiscriminator

with read_base():
    from .lenet_digits import *  # noqa: F401,F403

model.update(
    da_losses=[
        dict(
            type=DomainAdversarialLoss,
            discriminator=dict(
                type=DomainDiscriminator,
                in_channels=500,
                hidden_channels=(500, 500),
                dropout=0.5),
            loss_weight=1.0)
    ])
