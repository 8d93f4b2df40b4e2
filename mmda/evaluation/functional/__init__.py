# Copyright (c) mmda contributors. All rights reserved.
from .unsupervised_scores import (batch_nuclear_norm, check_probabilities,
                                  deep_embedded_validation, density_ratios,
                                  information_maximization,
                                  prediction_entropy,
                                  soft_neighborhood_density)

__all__ = [
    'prediction_entropy', 'information_maximization', 'batch_nuclear_norm',
    'soft_neighborhood_density', 'deep_embedded_validation',
    'density_ratios', 'check_probabilities'
]
