# DAN's digits network (Long et al., ICML 2015) as tllib's recipe
# (thuml/Transfer-Learning-Library,
# examples/domain_adaptation/image_classification/dan.py with dan.sh's
# "Digits" lines, "-a lenet --no-pool --scratch"): tllib's digits LeNet
# (lenet_tllib_digits.py) under DAN's own bottleneck, which differs from
# the DANN family's: tllib/alignment/dan.py's ImageClassifier is
# Linear(500, 256) + ReLU + Dropout(0.5), with no BatchNorm. The MK-MMD is
# taken on the bottleneck's output (the classifier's input), with dan.py's
# kernels (GaussianKernel(alpha=2^k), k = -3..1), its linear-time estimate
# (linear = not --non-linear, which dan.sh does not pass) and --trade-off 1.
# dan.py's train forwards the source and the target batches in two passes
# (model(x_s), model(x_t)): domain_forward='separate'.
from mmengine.config import read_base

from mmda.models import LinearDropoutNeck, MKMMDLoss

with read_base():
    from .lenet_tllib_digits import *  # noqa: F401,F403

model.neck.update(type=LinearDropoutNeck, norm_cfg=None, dropout=0.5)
mkmmd_loss = dict(
    type=MKMMDLoss,
    alphas=(0.125, 0.25, 0.5, 1.0, 2.0),
    linear=True,
    loss_weight=1.0)
model.update(da_losses=[mkmmd_loss], domain_forward='separate')
