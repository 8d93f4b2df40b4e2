# Domain generalisation on the embedded digits: train on UCI digits only,
# test on the unseen MNIST-5k domain. Validation uses the training domain's
# held-out split, so the unseen domain is never used for model selection.
from mmengine.config import read_base

with read_base():
    from .embedded_digits import *  # noqa: F401,F403

train_dataloader = dict(**loader_cfg, dataset=uci_train, sampler=train_sampler)
val_dataloader = dict(**loader_cfg, dataset=uci_test, sampler=test_sampler)
test_dataloader = dict(
    **loader_cfg, dataset=mnist5k_test, sampler=test_sampler)
val_evaluator = evaluator
test_evaluator = evaluator
