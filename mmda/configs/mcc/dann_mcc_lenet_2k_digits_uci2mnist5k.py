# MCC as a regulariser on top of DANN (Jin et al., ECCV 2020, who add MCC to
# existing methods) on UCI digits -> MNIST-5k: DANN's leaf
# (dann_lenet_2k_digits_uci2mnist5k.py: network, discriminator, GRL warm-up,
# recipe) with MCC's loss (lenet_mcc_digits.py: temperature 2.5, weight 1.0)
# beside its domain-adversarial loss. Not measured.
from mmengine.config import read_base

with read_base():
    from .._base_.models.lenet_mcc_digits import mcc_loss
    from ..dann.dann_lenet_2k_digits_uci2mnist5k import *  # noqa: F401,F403

model.update(da_losses=model.da_losses + [mcc_loss])
