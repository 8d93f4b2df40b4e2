# AFN (Xu et al., ICCV 2019) on SVHN -> MNIST with the DTN, 10,000
# iterations of 64 + 64 images; the method configs add HAFN or SAFN.
from mmengine.config import read_base

with read_base():
    from ..datasets.digits import *  # noqa: F401,F403
    from ..default_runtime import *  # noqa: F401,F403
    from ..models.afn_losses import *  # noqa: F401,F403
    from ..models.dtn_digits import *  # noqa: F401,F403
    from ..models.lenet_afn_digits import *  # noqa: F401,F403
    from ..schedules.digits_sgd_10k import *  # noqa: F401,F403

model.backbone = dtn_backbone
model.neck.in_channels = dtn_out_channels
model.data_preprocessor.update(rgb_normalisation)
