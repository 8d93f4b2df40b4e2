# Copyright (c) mmda contributors. All rights reserved.
"""The corruption names of CIFAR-10-C / CIFAR-100-C, shared by the dataset
that reads them and the metric that averages over them."""

# The 15 corruptions of Hendrycks & Dietterich (ICLR 2019), in their order:
# the mean corruption error averages over these.
CORRUPTIONS = ('gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur',
               'glass_blur', 'motion_blur', 'zoom_blur', 'snow', 'frost',
               'fog', 'brightness', 'contrast', 'elastic_transform',
               'pixelate', 'jpeg_compression')
# Released with CIFAR-10-C as well, and not part of the mean.
EXTRA_CORRUPTIONS = ('speckle_noise', 'gaussian_blur', 'spatter', 'saturate')
SEVERITIES = (1, 2, 3, 4, 5)
