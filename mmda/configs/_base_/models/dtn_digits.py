# The DTN-style CNN for SVHN -> MNIST (Liang et al., ICML 2020, Sec. 4.1):
# 32x32 RGB -> (N, 256, 4, 4), i.e. 4,096 values that the neck flattens.
# A task config swaps it into a LeNet model of the same method:
#   model.backbone = dtn_backbone
#   model.neck.in_channels = dtn_out_channels
#   model.data_preprocessor.update(rgb_normalisation)
from mmda.models import DTN

dtn_backbone = dict(type=DTN, in_channels=3)
dtn_out_channels = 256 * 4 * 4
rgb_normalisation = dict(mean=[127.5] * 3, std=[127.5] * 3)
