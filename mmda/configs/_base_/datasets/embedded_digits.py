# The two real digit domains that ship in PyPI packages (no download).
# Both are brought to MNIST's format: 28x28 grey, the digit in the central
# 20x20 box.
from mmcv.transforms import Resize
from mmengine.dataset import DefaultSampler, InfiniteSampler, pseudo_collate
from mmpretrain.datasets import PackInputs, RandomCrop
from mmpretrain.evaluation import Accuracy

from mmda.datasets import MNIST5k, RandomRotation, UCIDigits

uci_pipeline = [
    dict(type=Resize, scale=(20, 20)),
    # Pads 4 px on every side (20 -> 28); the 28x28 crop keeps it whole.
    dict(type=RandomCrop, crop_size=28, padding=4),
    dict(type=PackInputs),
]
mnist5k_pipeline = [dict(type=PackInputs)]
# SHOT's official digits code augments a USPS source (USPS -> MNIST) with
# RandomCrop(28, padding=4) + RandomRotation(10), on its training AND its
# validation split (tim-learn/SHOT, digit/uda_digit.py, digit_load, 'u2m');
# the MNIST source (MNIST -> USPS) is not augmented. UCI -> MNIST-5k is the
# embedded counterpart of USPS -> MNIST, so SHOT's UCI source stage uses it.
uci_shot_source_pipeline = uci_pipeline[:-1] + [
    dict(type=RandomCrop, crop_size=28, padding=4),
    dict(type=RandomRotation, max_angle=10),
    dict(type=PackInputs),
]

uci_train = dict(type=UCIDigits, split='train', pipeline=uci_pipeline)
uci_test = dict(type=UCIDigits, split='test', pipeline=uci_pipeline)
mnist5k_train = dict(type=MNIST5k, split='train', pipeline=mnist5k_pipeline)
mnist5k_test = dict(type=MNIST5k, split='test', pipeline=mnist5k_pipeline)

# Training loaders cycle for the iteration-based UDA loop.
train_sampler = dict(type=InfiniteSampler, shuffle=True)
test_sampler = dict(type=DefaultSampler, shuffle=False)
# Each iteration draws one batch of this size from each domain. Said in
# full (persistent_workers, collate_fn: mmengine's defaults) so that
# mmpretrain's tools/train.py, whose defaults are persistent workers and
# default_collate, trains these configs as mmda's does.
loader_cfg = dict(
    batch_size=64,
    num_workers=0,
    persistent_workers=False,
    collate_fn=dict(type=pseudo_collate))

evaluator = dict(type=Accuracy, topk=(1, ))
