# Copyright (c) mmda contributors. All rights reserved.
from .domain_adversarial_loss import (DomainAdversarialLoss,
                                      domain_adversarial_loss)

__all__ = ['DomainAdversarialLoss', 'domain_adversarial_loss']
