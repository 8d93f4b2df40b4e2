# DANN on UCI digits -> MNIST-5k (dann_lenet_2k_digits_uci2mnist5k.py),
# validated on the source's held-out split and, without labels, on the
# target training split. The best checkpoint by IM
# (best_target_unlabeled_im_iter_*.pth) is kept next to the last one;
# tools/test.py reports either on the target test split.
from mmengine.config import read_base

with read_base():
    from .._base_.validation.target_unlabeled import *  # noqa: F401,F403
    from .dann_lenet_2k_digits_uci2mnist5k import *  # noqa: F401,F403

val_cfg = dict(
    val_cfg_target_unlabeled,
    evaluations=[
        dict(
            target_validation,
            dataloader=dict(
                val_dataloader, dataset=target_dataloader['dataset']))
    ])
default_hooks['checkpoint'].update(
    save_best='target_unlabeled/im', rule='greater')
