# Copyright (c) mmda contributors. All rights reserved.
"""Start-up validation of a config: misspelled keys are refused.

mmengine accepts any key. ``default_hooks.checkpoint.intervl=5`` trains a
whole run and then fails at the first save, and ``train_cfgg.max_iters=5``
adds a key that nothing reads. :func:`check_config` finds such keys before
the Runner is built and names each with the nearest valid name.

What is checked:

* **Components** (:mod:`.config_walker`). The keys of hooks
  (``default_hooks.*``, ``custom_hooks``), loops (``train_cfg``,
  ``val_cfg``, ``test_cfg``, with the type mmengine infers when there is
  none), the optimiser wrapper (``optim_wrapper`` and its ``optimizer``),
  the parameter schedulers, the data loaders, their samplers and datasets
  (recursively through wrappers such as ``UnlabeledDataset`` or
  ``ConcatDataset``) and the log processor are checked against the
  arguments of the class that ``type`` names, resolved as the Runner does
  (class objects, ``'mmda.X'``, or ``'X'`` under the config's
  ``default_scope``). Where a class's ``**kwargs`` go is read from its
  source (:func:`accepted_arguments`, :mod:`.signature_keys`); a class
  whose ``**kwargs`` go anywhere else **cannot be checked**, and all its
  keys are accepted. The keys that mmengine's builders take out of a dict
  before building it (a hook's ``priority``, a loader's ``sampler``...)
  and the keys of ``randomness``, ``env_cfg`` and ``auto_scale_lr`` are
  read from mmengine's source (:mod:`.runner_keys`, :mod:`.dict_reads`).
* **Top-level keys of the file** (:mod:`.top_level_keys`). The keys that
  are read are :data:`RUNNER_KEYS` and those that loops read from
  ``runner.cfg`` (``UDATrainLoop``'s ``target_dataloader``), found in the
  source of the config's loops and of every registered loop. Pure-Python
  configs keep helper variables (``max_iters``, ``loader_cfg``,
  ``data_root``...) at the top level; they are accepted. A top-level key
  that nothing reads but that is a near miss of a key that is read
  (``difflib`` ratio >= :data:`NEAR_MISS`, e.g. ``train_cfgg``,
  ``optim_wraper``) is refused, unless its value (a non-empty dict or
  list) is used elsewhere in the file, which makes it a helper
  (``val_dataloaders = dict(...)`` copied into ``val_dataloader``).
* **``--cfg-options``** (:mod:`.cfg_options`). A key that does not exist in
  the config is refused, unless it is a valid argument of the component
  whose dict it lands in (a dict with ``type``, or one of the components
  above), or a top-level key that is read. A key under a nested ``*_cfg``
  dict (``model.neck.norm_cfg.requires_grad``) is not checked: such dicts
  go to builder functions that may take keys out before the class sees the
  rest. Overriding an existing top-level key that nothing reads only warns:
  such a key is a helper variable whose value the file has already copied
  where it is used, so the override most likely changes nothing.
"""
from .check import ConfigKeyError, check_config
from .runner_keys import RUNNER_KEYS
from .signature_keys import accepted_arguments
from .top_level_keys import NEAR_MISS

__all__ = [
    'ConfigKeyError', 'RUNNER_KEYS', 'NEAR_MISS', 'accepted_arguments',
    'check_config'
]
