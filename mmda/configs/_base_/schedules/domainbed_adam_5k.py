# DomainBed's defaults for its small images (hparams_registry.py): Adam,
# lr 1e-3, no weight decay, a constant rate, 5,000 steps; evaluated every
# 100 steps (checkpoint_freq). The leaves keep the checkpoint best on the
# training-domain validation data (save_best; the test-domain data is never
# used to choose); tools/test.py on it (or tools/multi_seed.py
# --test-selected) gives DomainBed's selected number, while a test right
# after training scores the last model.
from torch.optim import Adam

from mmda.engine.runner import ExactResumeIterLoop

max_iters = 5000

optim_wrapper = dict(optimizer=dict(type=Adam, lr=1e-3, weight_decay=0.0))
param_scheduler = []
train_cfg = dict(
    type=ExactResumeIterLoop, max_iters=max_iters, val_interval=100)
val_cfg = dict()
test_cfg = dict()
