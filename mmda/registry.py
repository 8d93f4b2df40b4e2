# Copyright (c) mmda contributors. All rights reserved.
"""mmda registries: one child of each mmpretrain registry.

Each node's parent is the mmpretrain node of the same name, so a config with
``default_scope='mmda'`` finds mmda, mmpretrain and mmengine modules, and a
config in another scope reaches mmda's modules as ``type='mmda.Name'``.
``locations`` lists where each node's modules live, so they are imported
lazily on the first lookup. Nodes without ``locations`` hold no mmda
module yet and serve only as scope-aware views of their parents.
"""
from mmengine.registry import Registry
from mmpretrain import registry as mmpretrain_registry

__all__ = [
    'RUNNERS', 'RUNNER_CONSTRUCTORS', 'LOOPS', 'HOOKS', 'LOG_PROCESSORS',
    'OPTIMIZERS', 'OPTIM_WRAPPERS', 'OPTIM_WRAPPER_CONSTRUCTORS',
    'PARAM_SCHEDULERS', 'DATASETS', 'DATA_SAMPLERS', 'TRANSFORMS', 'MODELS',
    'MODEL_WRAPPERS', 'WEIGHT_INITIALIZERS', 'BATCH_AUGMENTS', 'TASK_UTILS',
    'TOKENIZER', 'METRICS', 'EVALUATORS', 'VISUALIZERS', 'VISBACKENDS'
]

RUNNERS = Registry(
    'runner', parent=mmpretrain_registry.RUNNERS, locations=['mmda.engine'])
RUNNER_CONSTRUCTORS = Registry(
    'runner constructor',
    parent=mmpretrain_registry.RUNNER_CONSTRUCTORS,
    locations=['mmda.engine'])
LOOPS = Registry(
    'loop', parent=mmpretrain_registry.LOOPS, locations=['mmda.engine'])
HOOKS = Registry(
    'hook', parent=mmpretrain_registry.HOOKS, locations=['mmda.engine'])
LOG_PROCESSORS = Registry(
    'log processor',
    parent=mmpretrain_registry.LOG_PROCESSORS,
    locations=['mmda.engine'])
OPTIMIZERS = Registry(
    'optimizer',
    parent=mmpretrain_registry.OPTIMIZERS,
    locations=['mmda.engine'])
OPTIM_WRAPPERS = Registry(
    'optimizer_wrapper',
    parent=mmpretrain_registry.OPTIM_WRAPPERS,
    locations=['mmda.engine'])
OPTIM_WRAPPER_CONSTRUCTORS = Registry(
    'optimizer wrapper constructor',
    parent=mmpretrain_registry.OPTIM_WRAPPER_CONSTRUCTORS,
    locations=['mmda.engine'])
PARAM_SCHEDULERS = Registry(
    'parameter scheduler',
    parent=mmpretrain_registry.PARAM_SCHEDULERS,
    locations=['mmda.engine'])
DATASETS = Registry(
    'dataset',
    parent=mmpretrain_registry.DATASETS,
    locations=['mmda.datasets'])
DATA_SAMPLERS = Registry(
    'data sampler',
    parent=mmpretrain_registry.DATA_SAMPLERS,
    locations=['mmda.datasets'])
TRANSFORMS = Registry(
    'transform',
    parent=mmpretrain_registry.TRANSFORMS,
    locations=['mmda.datasets'])
MODELS = Registry(
    'model', parent=mmpretrain_registry.MODELS, locations=['mmda.models'])
MODEL_WRAPPERS = Registry(
    'model_wrapper',
    parent=mmpretrain_registry.MODEL_WRAPPERS,
    locations=['mmda.models'])
WEIGHT_INITIALIZERS = Registry(
    'weight initializer',
    parent=mmpretrain_registry.WEIGHT_INITIALIZERS,
    locations=['mmda.models'])
BATCH_AUGMENTS = Registry(
    'batch augment',
    parent=mmpretrain_registry.BATCH_AUGMENTS,
    locations=['mmda.models'])
TASK_UTILS = Registry(
    'task util',
    parent=mmpretrain_registry.TASK_UTILS,
    locations=['mmda.models'])
TOKENIZER = Registry(
    'tokenizer',
    parent=mmpretrain_registry.TOKENIZER,
    locations=['mmda.models'])
METRICS = Registry(
    'metric',
    parent=mmpretrain_registry.METRICS,
    locations=['mmda.evaluation'])
EVALUATORS = Registry(
    'evaluator',
    parent=mmpretrain_registry.EVALUATORS,
    locations=['mmda.evaluation'])
VISUALIZERS = Registry('visualizer', parent=mmpretrain_registry.VISUALIZERS)
VISBACKENDS = Registry('vis_backend', parent=mmpretrain_registry.VISBACKENDS)
