# CIFAR schedule of CNSN's official WideResNet scripts (amazon-research/
# crossnorm-selfnorm, cifar10-scripts/wideresnet/run-cnsn.sh and cifar.py,
# which follow AugMix): SGD with Nesterov momentum 0.9, lr 0.1, weight decay
# 5e-4, batches of 128, 100 epochs, cosine annealing per iteration down to
# 1e-6. Counted in iterations, as cifar10_c.py's loader samples endlessly:
# 100 epochs of ceil(50000 / 128) = 391 batches. Validation on the clean
# test set every 10 epochs.
from mmengine.optim import CosineAnnealingLR
from torch.optim import SGD

from mmda.engine.runner import ExactResumeIterLoop

iters_per_epoch = 391
max_iters = 100 * iters_per_epoch

optim_wrapper = dict(
    optimizer=dict(
        type=SGD, lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True))
param_scheduler = [
    dict(
        type=CosineAnnealingLR,
        by_epoch=False,
        begin=0,
        end=max_iters,
        T_max=max_iters,
        eta_min=1e-6)
]
train_cfg = dict(
    type=ExactResumeIterLoop,
    max_iters=max_iters,
    val_interval=10 * iters_per_epoch)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=128)
