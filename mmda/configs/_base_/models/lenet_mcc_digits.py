# MCC's digits network (Jin et al., ECCV 2020) as tllib's recipe
# (thuml/Transfer-Learning-Library,
# examples/domain_adaptation/image_classification/mcc.py with mcc.sh's
# "Digits" lines): the network of tllib's DANN-family digits scripts
# (lenet_tllib_digits.py: LeNet + Linear(800, 500) + ReLU + Dropout(0.5),
# bottleneck Linear(500, 256) + BatchNorm1d + ReLU, a linear classifier) and
# MCC's loss on the target logits. mcc.sh's digits lines leave mcc.py's
# defaults for the loss: --temperature 2.5, --trade-off 1.0. One joint pass
# over the source and target batches, as mcc.py's train
# (torch.cat((x_s, x_t))). No discriminator and no GRL schedule.
from mmengine.config import read_base

from mmda.models import MCCLoss

with read_base():
    from .lenet_tllib_digits import *  # noqa: F401,F403

mcc_loss = dict(type=MCCLoss, temperature=2.5, loss_weight=1.0)
model.update(da_losses=[mcc_loss])
