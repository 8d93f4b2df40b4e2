# SHOT stage 2 on the digit benchmarks (Liang et al., ICML 2020),
# source-free: the target's training set is the only training data
# (unlabelled; shuffled for training, in order for the pseudo-label pass),
# 30 target epochs, LeNet. Task configs set the target domain, load_from
# (the stage-1 checkpoint), the DTN for SVHN -> MNIST and, for SHOT-IM,
# beta = 0.
from mmengine.config import read_base

from mmda.datasets import UnlabeledDataset
from mmda.engine.hooks import LoadFromCheckHook, PseudoLabelHook

with read_base():
    from ..datasets.digits import *  # noqa: F401,F403
    from ..default_runtime import *  # noqa: F401,F403
    from ..models.lenet_shot_digits import *  # noqa: F401,F403
    from ..models.shot_target import *  # noqa: F401,F403
    from ..schedules.shot_target_30e import *  # noqa: F401,F403

model.update(shot_digits)
# Source-free: the unlabelled target domain is the only training data.
train_dataloader = dict(
    target_dataloader,
    dataset=dict(type=UnlabeledDataset, dataset=target_dataloader['dataset']))
target_dataloader = None
# SHOT's pseudo-labels (SHOT leaves append it; SHOT-IM, beta = 0, needs
# none); the digit targets are not augmented, so the labelling pass is the
# training set as it is.
pseudo_label_hook = dict(type=PseudoLabelHook)
# The stage starts from exactly the source model (load_from).
custom_hooks.append(dict(type=LoadFromCheckHook, stage='the source stage'))
