# Copyright (c) mmda contributors. All rights reserved.
from .array_dataset import ArrayDataset
from .base_domain_dataset import DomainDataset
from .cifar import (CIFAR10_CLASSES, CIFAR100_CLASSES, CIFAR10Batches,
                    CIFAR100Batches)
from .cifar_c import (CIFAR10C, CIFAR100C, CORRUPTIONS, EXTRA_CORRUPTIONS,
                      SEVERITIES, DigitsC)
from .dataset_errors import DatasetFormatError
from .digits import MNISTM, SVHN, USPS, ColoredMNIST, MNISTIdx, RotatedMNIST
from .domain_names import NamedDomains
from .domainnet import DOMAINNET_CLASSES, DomainNet
from .embedded_digits import MNIST5k, UCIDigits
from .image_clef import IMAGE_CLEF_CLASSES, ImageCLEF
from .multi_domain_dataset import MultiDomainDataset, leave_one_domain_out
from .office31 import OFFICE31_CLASSES, Office31
from .office_home import OFFICE_HOME_CLASSES, OfficeHome
from .pacs import PACS, PACS_CLASSES
from .samplers import ClassBalancedSampler, DomainStratifiedSampler
from .transforms import DOMAIN_META_KEYS, GrayToRGB, RandomRotation
from .unlabeled_dataset import UnlabeledDataset, as_unlabeled, unlabeled_loader
from .visda2017 import VISDA2017_CLASSES, VisDA2017
from .vlcs import VLCS, VLCS_CLASSES

__all__ = [
    'DomainStratifiedSampler', 'RotatedMNIST', 'ColoredMNIST', 'NamedDomains',
    'UCIDigits', 'MNIST5k', 'UnlabeledDataset', 'as_unlabeled',
    'unlabeled_loader', 'DomainDataset', 'ArrayDataset', 'DatasetFormatError',
    'Office31', 'OfficeHome', 'VisDA2017', 'PACS', 'VLCS', 'DomainNet',
    'ImageCLEF', 'MNISTIdx', 'USPS', 'SVHN', 'MNISTM', 'CIFAR10Batches',
    'CIFAR100Batches', 'CIFAR10C', 'CIFAR100C', 'DigitsC',
    'MultiDomainDataset', 'leave_one_domain_out', 'ClassBalancedSampler',
    'GrayToRGB', 'RandomRotation', 'DOMAIN_META_KEYS', 'CORRUPTIONS',
    'EXTRA_CORRUPTIONS', 'SEVERITIES', 'OFFICE31_CLASSES',
    'OFFICE_HOME_CLASSES', 'VISDA2017_CLASSES', 'PACS_CLASSES', 'VLCS_CLASSES',
    'DOMAINNET_CLASSES', 'IMAGE_CLEF_CLASSES', 'CIFAR10_CLASSES',
    'CIFAR100_CLASSES'
]
