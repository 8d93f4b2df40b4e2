# CDAN+E (Long et al., NeurIPS 2018, Sec. 3.4: entropy conditioning) on the
# same task and recipe as cdan_lenet_2k_digits_uci2mnist5k.py, as cdan.py's
# --entropy: each sample's discriminator loss is weighted by
# 1 + exp(-H(g)), normalised over the batch. cdan.sh's "Digits" lines do
# not use it.
from mmengine.config import read_base

with read_base():
    from .cdan_lenet_2k_digits_uci2mnist5k import *  # noqa: F401,F403

model.da_losses[0].update(entropy_conditioning=True)
