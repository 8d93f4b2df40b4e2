# DomainBed's MNIST_CNN for Colored MNIST: two input channels (x / 255) and
# a binary label.
from mmengine.config import read_base

with read_base():
    from .mnistcnn_domainbed import *  # noqa: F401,F403

model.data_preprocessor.update(mean=[0.0, 0.0], std=[255.0, 255.0])
model.backbone.update(in_channels=2)
model.head.update(num_classes=2)
