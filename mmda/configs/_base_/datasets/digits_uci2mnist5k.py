# UCI digits (labelled source) -> MNIST-5k (unlabelled target).
# Validation uses the source's held-out split: target labels are never used
# for model selection. Testing reports the target's held-out split.
from mmengine.config import read_base

with read_base():
    from .embedded_digits import *  # noqa: F401,F403

train_dataloader = dict(**loader_cfg, dataset=uci_train, sampler=train_sampler)
target_dataloader = dict(
    **loader_cfg, dataset=mnist5k_train, sampler=train_sampler)
val_dataloader = dict(**loader_cfg, dataset=uci_test, sampler=test_sampler)
test_dataloader = dict(
    **loader_cfg, dataset=mnist5k_test, sampler=test_sampler)
val_evaluator = evaluator
test_evaluator = evaluator
