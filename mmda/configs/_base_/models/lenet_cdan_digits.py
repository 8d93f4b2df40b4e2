# CDAN's digits network (Long et al., NeurIPS 2018) as the official recipe
# of tllib (thuml/Transfer-Learning-Library,
# examples/domain_adaptation/image_classification/cdan.py with cdan.sh's
# "Digits" lines): DANN's tllib digits network (lenet_tllib_digits.py: a
# 256-d bottleneck, a linear classifier) and cdan.py's discriminator,
# DomainDiscriminator(256 * 10, hidden_size=1024): the multilinear map of
# the 256-d features and the 10 class probabilities (2,560-d) -> 1024 ->
# 1024 -> 1 with BatchNorm1d and ReLU, no dropout. cdan.sh's "Digits" lines
# use neither --entropy (CDAN+E: the cdan_e_* leaves set it) nor
# --randomized, and the default --trade-off 1. Pair it with
# dann_digits_sgd_2k.py (lr, weight decay, GRL warm-up: cdan.py's GRL is
# the same WarmStartGradientReverseLayer(alpha=1, max_iters=1000)).
from mmengine.config import read_base

from mmda.models import ConditionalDomainAdversarialLoss, DomainDiscriminator

with read_base():
    from .lenet_tllib_digits import *  # noqa: F401,F403

model.update(da_losses=[
    dict(
        type=ConditionalDomainAdversarialLoss,
        discriminator=dict(
            type=DomainDiscriminator,
            in_channels=256 * 10,
            hidden_channels=(1024, 1024),
            dropout=0.0,
            norm=True),
        loss_weight=1.0,
        entropy_conditioning=False,
        randomized=False)
])
