# Copyright (c) mmda contributors. All rights reserved.
from .conditional_domain_adversarial_loss import (
    ConditionalDomainAdversarialLoss, entropy_weight)
from .domain_adversarial_loss import (DomainAdversarialLoss,
                                      domain_adversarial_loss)
from .entropy_loss import EntropyLoss, entropy, softmax_entropy
from .hafn_loss import HAFNLoss, hafn_loss
from .information_maximization_loss import information_maximization_loss
from .mcc_loss import MCCLoss, mcc_loss
from .mdd_loss import (MarginDisparityDiscrepancyLoss,
                       margin_disparity_discrepancy)
from .safn_loss import SAFNLoss, safn_loss

__all__ = [
    'ConditionalDomainAdversarialLoss', 'entropy_weight',
    'DomainAdversarialLoss', 'domain_adversarial_loss', 'EntropyLoss',
    'entropy', 'HAFNLoss', 'hafn_loss', 'information_maximization_loss',
    'MCCLoss', 'mcc_loss', 'MarginDisparityDiscrepancyLoss',
    'margin_disparity_discrepancy', 'SAFNLoss', 'safn_loss', 'softmax_entropy'
]
