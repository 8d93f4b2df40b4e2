# The digit benchmarks from their release files: MNIST (idx), USPS (LIBSVM
# bz2), SVHN (.mat) and MNIST-M (PNG folder + labels list). The loaders
# below are SVHN -> MNIST at 32x32 RGB, the DTN's input; each domain's
# train and test sets are defined for other tasks, also at 28x28 grey
# (LeNet's input for USPS <-> MNIST, as SHOT), e.g.
#   train_dataloader.dataset = usps_train_gray28
#   target_dataloader.dataset = mnist_train_gray28
# Validation reports the source's test split; testing the target's.
# Batches of 64 per domain (SHOT's digits setting).
from mmcv.transforms import LoadImageFromFile, Resize
from mmengine.dataset import DefaultSampler, InfiniteSampler
from mmpretrain.datasets import PackInputs
from mmpretrain.evaluation import Accuracy

from mmda.datasets import MNISTM, SVHN, USPS, GrayToRGB, MNISTIdx

data_root = 'data/digits'
# MNIST, USPS and SVHN are read into memory: no file loading
digits_pipeline = [
    dict(type=GrayToRGB),
    dict(type=Resize, scale=(32, 32)),
    dict(type=PackInputs),
]
mnistm_pipeline = [dict(type=LoadImageFromFile)] + digits_pipeline

mnist_train = dict(
    type=MNISTIdx,
    data_root=f'{data_root}/mnist',
    split='train',
    pipeline=digits_pipeline)
mnist_test = dict(
    type=MNISTIdx,
    data_root=f'{data_root}/mnist',
    split='test',
    pipeline=digits_pipeline)
usps_train = dict(
    type=USPS,
    data_root=f'{data_root}/usps',
    split='train',
    pipeline=digits_pipeline)
usps_test = dict(
    type=USPS,
    data_root=f'{data_root}/usps',
    split='test',
    pipeline=digits_pipeline)
svhn_train = dict(
    type=SVHN,
    data_root=f'{data_root}/svhn',
    split='train',
    pipeline=digits_pipeline)
svhn_test = dict(
    type=SVHN,
    data_root=f'{data_root}/svhn',
    split='test',
    pipeline=digits_pipeline)
mnistm_train = dict(
    type=MNISTM,
    data_root=f'{data_root}/mnist_m',
    split='train',
    pipeline=mnistm_pipeline)
mnistm_test = dict(
    type=MNISTM,
    data_root=f'{data_root}/mnist_m',
    split='test',
    pipeline=mnistm_pipeline)
gray28_pipeline = [dict(type=Resize, scale=(28, 28)), dict(type=PackInputs)]
mnist_train_gray28 = dict(mnist_train, pipeline=gray28_pipeline)
mnist_test_gray28 = dict(mnist_test, pipeline=gray28_pipeline)
usps_train_gray28 = dict(usps_train, pipeline=gray28_pipeline)
usps_test_gray28 = dict(usps_test, pipeline=gray28_pipeline)

# Training loaders cycle for the iteration-based UDA loop.
train_loader_cfg = dict(
    batch_size=64,
    num_workers=2,
    sampler=dict(type=InfiniteSampler, shuffle=True))
test_loader_cfg = dict(
    batch_size=256,
    num_workers=2,
    sampler=dict(type=DefaultSampler, shuffle=False))
train_dataloader = dict(**train_loader_cfg, dataset=svhn_train)
target_dataloader = dict(**train_loader_cfg, dataset=mnist_train)
val_dataloader = dict(**test_loader_cfg, dataset=svhn_test)
test_dataloader = dict(**test_loader_cfg, dataset=mnist_test)
val_evaluator = dict(type=Accuracy, topk=(1, ))
test_evaluator = dict(type=Accuracy, topk=(1, ))
