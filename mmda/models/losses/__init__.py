# Copyright (c) mmda contributors. All rights reserved.
from .conditional_domain_adversarial_loss import (
    ConditionalDomainAdversarialLoss, entropy_weight)
from .coral_loss import CORALLoss, coral_distance
from .domain_adversarial_loss import (DomainAdversarialLoss,
                                      domain_adversarial_loss)
from .domain_groups import DomainGroups, group_by_domain
from .entropy_loss import EntropyLoss, entropy, softmax_entropy
from .gaussian_mmd_loss import GaussianMMDLoss, gaussian_mmd
from .group_dro_loss import GroupDROLoss, group_dro_excess, group_dro_weights
from .hafn_loss import HAFNLoss, hafn_loss
from .information_maximization_loss import information_maximization_loss
from .irm_penalty import IRMPenalty, irm_penalty
from .mcc_loss import MCCLoss, mcc_loss
from .mdd_loss import (MarginDisparityDiscrepancyLoss,
                       margin_disparity_discrepancy)
from .mmd_losses import (JMMDLoss, MKMMDLoss, gaussian_kernel_matrix, jmmd,
                         mk_mmd, mmd_estimator_weights)
from .safn_loss import SAFNLoss, safn_loss
from .vrex_penalty import VRExPenalty, risk_variance

__all__ = [
    'ConditionalDomainAdversarialLoss', 'entropy_weight',
    'DomainAdversarialLoss', 'domain_adversarial_loss', 'EntropyLoss',
    'entropy', 'HAFNLoss', 'hafn_loss', 'information_maximization_loss',
    'MCCLoss', 'mcc_loss', 'SAFNLoss', 'safn_loss', 'softmax_entropy',
    'CORALLoss', 'coral_distance', 'DomainGroups', 'group_by_domain',
    'GaussianMMDLoss', 'gaussian_mmd', 'IRMPenalty', 'irm_penalty',
    'VRExPenalty', 'risk_variance', 'JMMDLoss', 'MKMMDLoss',
    'gaussian_kernel_matrix', 'jmmd', 'mk_mmd', 'mmd_estimator_weights',
    'MarginDisparityDiscrepancyLoss', 'margin_disparity_discrepancy',
    'GroupDROLoss', 'group_dro_excess', 'group_dro_weights'
]
