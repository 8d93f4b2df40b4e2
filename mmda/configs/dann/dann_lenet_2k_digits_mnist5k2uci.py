# DANN (Ganin & Lempitsky, ICML 2015) on MNIST-5k -> UCI digits.
# GRL lambda follows 2 / (1 + exp(-10 p)) - 1; lr 0.01 / (1 + 10 p)^0.75.
from mmengine.config import read_base

from mmda.engine.hooks import GRLLambdaHook

with read_base():
    from .._base_.datasets.digits_mnist5k2uci import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_dann_digits import *  # noqa: F401,F403
    from .._base_.schedules.digits_sgd_2k import *  # noqa: F401,F403

custom_hooks.append(dict(type=GRLLambdaHook, gamma=10.0, max_value=1.0))
