# The RSC paper's ResNet schedule (Huang et al., ECCV 2020, Sec. 4.1):
# SGD, lr 0.004, batches of 128 (dg_pipelines.py), 30 epochs. The official
# code (DeLightCMU/RSC, optimizer/optimizer_helper.py) adds momentum 0.9,
# weight decay 5e-4, no Nesterov, and StepLR with step_size int(0.8 *
# epochs), i.e. lr x 0.1 after epoch 24. The ERM baselines use the same.
# Validation (where the dataset config has one) runs after every epoch.
from mmengine.optim import MultiStepLR
from torch.optim import SGD

from mmda.engine.runner import ExactResumeEpochLoop

max_epochs = 30

optim_wrapper = dict(
    optimizer=dict(
        type=SGD, lr=0.004, momentum=0.9, weight_decay=5e-4, nesterov=False))
param_scheduler = [
    dict(
        type=MultiStepLR,
        by_epoch=True,
        milestones=[int(0.8 * max_epochs)],
        gamma=0.1)
]
train_cfg = dict(
    type=ExactResumeEpochLoop, max_epochs=max_epochs, val_interval=1)
auto_scale_lr = dict(base_batch_size=128)
