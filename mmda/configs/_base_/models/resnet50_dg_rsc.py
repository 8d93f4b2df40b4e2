# RSC on the ImageNet-pretrained ResNet-50 (resnet50_dg.py).
from mmengine.config import read_base

from mmda.models import DGDataPreprocessor, PluggedModel

with read_base():
    from .resnet50_dg import *  # noqa: F401,F403
    from .rsc_plugin import *  # noqa: F401,F403

# The official RSC loop's flip-concat batch (DeLightCMU/RSC train.py
# l.86-88): every training batch is followed by its horizontal flip, so the
# forward batch is 2x the loader batch (2 x 128 on PACS). Switch it off with
#   --cfg-options model.model.data_preprocessor.flip_concat=False
model.data_preprocessor.update(type=DGDataPreprocessor, flip_concat=True)
model = dict(type=PluggedModel, model=model, plugins=[rsc_plugin])
