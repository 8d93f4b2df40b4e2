# Pipelines of the RSC experiments (Huang et al., ECCV 2020; official code
# DeLightCMU/RSC, Domain_Generalization/data/data_helper.py, which follows
# JiGen): random-resized 222x222 crops of 80-100% of the image, horizontal
# flip, colour jitter 0.4, random greyscale 0.1 for training; the whole image
# resized to 222x222 for testing. ImageNet normalisation is the model's data
# preprocessor's. The ERM, RSC and CNSN DG configs all use them, so that the
# methods differ only in the model. Training is epoch based, hence a finite
# shuffling sampler.
from mmcv.transforms import LoadImageFromFile, RandomFlip, Resize
from mmengine.dataset import DefaultSampler
from mmpretrain.datasets import (NumpyToPIL, PackInputs, PILToNumpy,
                                 RandomGrayscale, RandomResizedCrop)

from mmda.datasets import DOMAIN_META_KEYS

dg_image_size = 222
dg_train_pipeline = [
    dict(type=LoadImageFromFile),
    dict(
        type=RandomResizedCrop,
        scale=dg_image_size,
        crop_ratio_range=(0.8, 1.0)),
    dict(type=RandomFlip, prob=0.5, direction='horizontal'),
    # torchvision's ColorJitter, as in the RSC code (mmcv's hue shift fails
    # on negative factors with NumPy 2); it works on RGB PIL images.
    dict(type=NumpyToPIL, to_rgb=True),
    dict(
        type='torchvision/ColorJitter',
        brightness=0.4,
        contrast=0.4,
        saturation=0.4,
        hue=0.4),
    dict(type=PILToNumpy, to_bgr=True),
    dict(type=RandomGrayscale, prob=0.1, keep_channels=True),
    dict(type=PackInputs, meta_keys=DOMAIN_META_KEYS),
]
dg_test_pipeline = [
    dict(type=LoadImageFromFile),
    dict(type=Resize, scale=(dg_image_size, dg_image_size), keep_ratio=False),
    dict(type=PackInputs, meta_keys=DOMAIN_META_KEYS),
]
dg_train_sampler = dict(type=DefaultSampler, shuffle=True)
# RSC's ResNet setting (Sec. 4.1 of the paper): batches of 128 images.
dg_batch_size = 128
