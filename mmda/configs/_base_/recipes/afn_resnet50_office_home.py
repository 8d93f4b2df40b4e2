# AFN on Office-Home with ResNet-50 (lambda 0.05, R 25, dr 1.0: afn_losses.py);
# task configs pick HAFN or SAFN and set the two domains.
from mmengine.config import read_base

with read_base():
    from ..datasets.office_home import *  # noqa: F401,F403
    from ..default_runtime import *  # noqa: F401,F403
    from ..models.afn_losses import *  # noqa: F401,F403
    from ..models.resnet50_afn import *  # noqa: F401,F403
    from ..schedules.resnet_afn_10k import *  # noqa: F401,F403

model['head']['num_classes'] = 65
