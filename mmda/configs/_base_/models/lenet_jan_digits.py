# JAN's digits network (Long et al., ICML 2017) as tllib's recipe
# (thuml/Transfer-Learning-Library,
# examples/domain_adaptation/image_classification/jan.py with jan.sh's
# "Digits" lines, "-a lenet --no-pool --scratch"): tllib's digits LeNet
# (lenet_tllib_digits.py) under JAN's bottleneck, tllib/alignment/jan.py's
# ImageClassifier: Linear(500, 256) + BatchNorm1d + ReLU + Dropout(0.5)
# (the DANN family's plus the dropout). The JMMD is taken jointly on the
# bottleneck's output and the softmax of the logits, with jan.py's kernels
# (features: GaussianKernel(alpha=2^k), k = -3..1; probabilities: one
# GaussianKernel(sigma=0.92) of fixed bandwidth), the quadratic-time
# estimate (jan.sh passes no --linear), no adversarial Theta (no
# --adversarial) and --trade-off 1. jan.py's train forwards
# torch.cat((x_s, x_t)) in one pass: domain_forward='joint'.
from mmengine.config import read_base

from mmda.models import JMMDLoss, LinearDropoutNeck

with read_base():
    from .lenet_tllib_digits import *  # noqa: F401,F403

model.neck.update(type=LinearDropoutNeck, dropout=0.5)
jmmd_loss = dict(
    type=JMMDLoss,
    feature_alphas=(0.125, 0.25, 0.5, 1.0, 2.0),
    prob_sigmas=(0.92, ),
    linear=False,
    loss_weight=1.0)
model.update(da_losses=[jmmd_loss], domain_forward='joint')
