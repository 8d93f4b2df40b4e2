# SHOT's optimiser (Liang et al., ICML 2020, Sec. 4.1): SGD, momentum 0.9,
# weight decay 1e-3, nesterov, lr 0.01 annealed as lr0 (1 + 10 p)^-0.75.
# A pre-trained backbone takes 0.1x (set in the ResNet bases). With no
# `end`, the runner ends the schedule at the loop's last iteration.
from torch.optim import SGD

from mmda.engine.schedulers import InverseDecayLR

optim_wrapper = dict(
    optimizer=dict(
        type=SGD, lr=0.01, momentum=0.9, weight_decay=1e-3, nesterov=True))
param_scheduler = [
    dict(type=InverseDecayLR, alpha=10.0, beta=0.75, by_epoch=False)
]
