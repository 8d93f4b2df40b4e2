# Copyright (c) mmda contributors. All rights reserved.
"""mmda registries: one child of each mmpretrain registry.

Each node's parent is the mmpretrain node of the same name, so a config with
``default_scope='mmda'`` finds mmda, mmpretrain and mmengine modules, and a
config in another scope reaches mmda's modules as ``type='mmda.Name'``.
``locations`` lists where each node's modules live, so they are imported
lazily on the first lookup, and that lookup also imports the mmpretrain
node's locations (see :class:`ChildRegistry`). The visualizer nodes hold no
mmda module and serve as scope-aware views of their parents.
"""
from mmengine.registry import Registry
from mmpretrain import registry as mmpretrain_registry


class ChildRegistry(Registry):
    """A :class:`~mmengine.registry.Registry` whose lazy import also covers
    its parent.

    mmengine's :meth:`Registry.get` imports only the searched node's
    ``locations`` before it walks up to the parents, so with
    ``default_scope='mmda'`` and no ``register_all_modules()`` call (e.g.
    under mmpretrain's ``tools/train.py``) mmpretrain's
    ``UniversalVisualizer``, ``PreciseBNHook`` or ``LARS`` would not be
    found. Importing the parent's
    own ``locations`` as well registers them where the walk looks.
    """

    def import_from_location(self) -> None:
        super().import_from_location()
        if isinstance(self.parent, Registry):
            self.parent.import_from_location()


__all__ = [
    'RUNNERS', 'RUNNER_CONSTRUCTORS', 'LOOPS', 'HOOKS', 'LOG_PROCESSORS',
    'OPTIMIZERS', 'OPTIM_WRAPPERS', 'OPTIM_WRAPPER_CONSTRUCTORS',
    'PARAM_SCHEDULERS', 'DATASETS', 'DATA_SAMPLERS', 'TRANSFORMS', 'MODELS',
    'MODEL_WRAPPERS', 'WEIGHT_INITIALIZERS', 'BATCH_AUGMENTS', 'TASK_UTILS',
    'TOKENIZER', 'METRICS', 'EVALUATORS', 'VISUALIZERS', 'VISBACKENDS'
]

RUNNERS = ChildRegistry(
    'runner', parent=mmpretrain_registry.RUNNERS, locations=['mmda.engine'])
RUNNER_CONSTRUCTORS = ChildRegistry(
    'runner constructor',
    parent=mmpretrain_registry.RUNNER_CONSTRUCTORS,
    locations=['mmda.engine'])
LOOPS = ChildRegistry(
    'loop', parent=mmpretrain_registry.LOOPS, locations=['mmda.engine'])
HOOKS = ChildRegistry(
    'hook', parent=mmpretrain_registry.HOOKS, locations=['mmda.engine'])
LOG_PROCESSORS = ChildRegistry(
    'log processor',
    parent=mmpretrain_registry.LOG_PROCESSORS,
    locations=['mmda.engine'])
OPTIMIZERS = ChildRegistry(
    'optimizer',
    parent=mmpretrain_registry.OPTIMIZERS,
    locations=['mmda.engine'])
OPTIM_WRAPPERS = ChildRegistry(
    'optimizer_wrapper',
    parent=mmpretrain_registry.OPTIM_WRAPPERS,
    locations=['mmda.engine'])
OPTIM_WRAPPER_CONSTRUCTORS = ChildRegistry(
    'optimizer wrapper constructor',
    parent=mmpretrain_registry.OPTIM_WRAPPER_CONSTRUCTORS,
    locations=['mmda.engine'])
PARAM_SCHEDULERS = ChildRegistry(
    'parameter scheduler',
    parent=mmpretrain_registry.PARAM_SCHEDULERS,
    locations=['mmda.engine'])
DATASETS = ChildRegistry(
    'dataset',
    parent=mmpretrain_registry.DATASETS,
    locations=['mmda.datasets'])
DATA_SAMPLERS = ChildRegistry(
    'data sampler',
    parent=mmpretrain_registry.DATA_SAMPLERS,
    locations=['mmda.datasets'])
TRANSFORMS = ChildRegistry(
    'transform',
    parent=mmpretrain_registry.TRANSFORMS,
    locations=['mmda.datasets'])
MODELS = ChildRegistry(
    'model', parent=mmpretrain_registry.MODELS, locations=['mmda.models'])
MODEL_WRAPPERS = ChildRegistry(
    'model_wrapper',
    parent=mmpretrain_registry.MODEL_WRAPPERS,
    locations=['mmda.models'])
WEIGHT_INITIALIZERS = ChildRegistry(
    'weight initializer',
    parent=mmpretrain_registry.WEIGHT_INITIALIZERS,
    locations=['mmda.models'])
BATCH_AUGMENTS = ChildRegistry(
    'batch augment',
    parent=mmpretrain_registry.BATCH_AUGMENTS,
    locations=['mmda.models'])
TASK_UTILS = ChildRegistry(
    'task util',
    parent=mmpretrain_registry.TASK_UTILS,
    locations=['mmda.models'])
TOKENIZER = ChildRegistry(
    'tokenizer',
    parent=mmpretrain_registry.TOKENIZER,
    locations=['mmda.models'])
METRICS = ChildRegistry(
    'metric',
    parent=mmpretrain_registry.METRICS,
    locations=['mmda.evaluation'])
EVALUATORS = ChildRegistry(
    'evaluator',
    parent=mmpretrain_registry.EVALUATORS,
    locations=['mmda.evaluation'])
VISUALIZERS = ChildRegistry(
    'visualizer', parent=mmpretrain_registry.VISUALIZERS)
VISBACKENDS = ChildRegistry(
    'vis_backend', parent=mmpretrain_registry.VISBACKENDS)
