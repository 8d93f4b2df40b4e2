# The corruption benchmark of the embedded MNIST-5k test split (1,000
# images, 32x32): make it once, deterministic from --seed, with
#   python tools/dataset_converters/make_corruptions.py data/mnist5k-c \
#       --dataset "dict(type='MNIST5k', split='test')" --size 32 32 --seed 0
# Tested on the 15 corruptions at severity 5; select others with
#   test_dataloader.dataset.corruption / .severity.
# A config sets test_dataloader = corrupted_test_dataloader and
# test_evaluator = corruption_evaluator after its imports (isort orders
# them, so the last import cannot be relied on to win).
# The order of the loader is the order of test-time adaptation: no shuffle.
# 200 (TENT's CIFAR batch size) divides the 1,000 images of each domain.
from mmengine.dataset import DefaultSampler, pseudo_collate
from mmpretrain.datasets import PackInputs

from mmda.datasets import DigitsC
from mmda.evaluation import CorruptionError, PredictionCollapse

corrupted_root = 'data/mnist5k-c'
corrupted_test_dataloader = dict(
    batch_size=200,
    num_workers=0,
    persistent_workers=False,
    collate_fn=dict(type=pseudo_collate),
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(
        type=DigitsC,
        data_root=corrupted_root,
        corruption='all',
        severity=5,
        pipeline=[
            dict(
                type=PackInputs,
                meta_keys=('sample_idx', 'corruption', 'severity'))
        ]))
# The error table, and a flag for the corruption x severity sets whose
# predictions collapsed into one class (test-time adaptation can collapse;
# such an error is not a plain number).
corruption_evaluator = [
    dict(type=CorruptionError),
    dict(type=PredictionCollapse)
]
