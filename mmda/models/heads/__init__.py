# Copyright (c) mmda contributors. All rights reserved.
from .domain_discriminator import DomainDiscriminator

__all__ = ['DomainDiscriminator']
