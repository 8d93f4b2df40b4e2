# Copyright (c) mmda contributors. All rights reserved.
from .unsupervised_scores import (DEV_DECAYS, batch_nuclear_norm,
                                  check_probabilities,
                                  deep_embedded_validation, density_ratios,
                                  dev_domain_probs, information_maximization,
                                  prediction_entropy,
                                  soft_neighborhood_density)

__all__ = [
    'prediction_entropy', 'information_maximization', 'batch_nuclear_norm',
    'soft_neighborhood_density', 'deep_embedded_validation', 'density_ratios',
    'check_probabilities', 'dev_domain_probs', 'DEV_DECAYS'
]
