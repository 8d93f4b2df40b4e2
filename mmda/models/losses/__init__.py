# Copyright (c) mmda contributors. All rights reserved.
from .conditional_domain_adversarial_loss import (
    ConditionalDomainAdversarialLoss, entropy_weight)
from .domain_adversarial_loss import (DomainAdversarialLoss,
                                      domain_adversarial_loss)
from .entropy_loss import EntropyLoss, entropy, softmax_entropy
from .hafn_loss import HAFNLoss, hafn_loss
from .information_maximization_loss import information_maximization_loss
from .mcc_loss import MCCLoss, mcc_loss
from .mmd_losses import (JMMDLoss, MKMMDLoss, gaussian_kernel_matrix, jmmd,
                         mk_mmd, mmd_estimator_weights)
from .safn_loss import SAFNLoss, safn_loss

__all__ = [
    'ConditionalDomainAdversarialLoss', 'entropy_weight',
    'DomainAdversarialLoss', 'domain_adversarial_loss', 'EntropyLoss',
    'entropy', 'HAFNLoss', 'hafn_loss', 'information_maximization_loss',
    'MCCLoss', 'mcc_loss', 'JMMDLoss', 'MKMMDLoss', 'gaussian_kernel_matrix',
    'jmmd', 'mk_mmd', 'mmd_estimator_weights', 'SAFNLoss', 'safn_loss',
    'softmax_entropy'
]
