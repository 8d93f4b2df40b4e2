# Copyright (c) mmda contributors. All rights reserved.
from mmengine.hooks import Hook
from mmpretrain.utils import get_ori_model

from mmda.registry import HOOKS
from mmda.utils.checkpoint import checkpoint_mismatch


@HOOKS.register_module()
class ResumeCheckHook(Hook):
    """Refuse to resume from a checkpoint of another model.

    mmengine loads the weights of a resumed run non-strictly: resuming a
    DANN run from a source-only checkpoint would keep a freshly initialised
    discriminator and only log a warning. Resuming means continuing the
    same run, so here the checkpoint's parameter names and shapes must match
    the model exactly. ``load_from`` (fine-tuning, stage transfer) keeps
    mmengine's lenient behaviour; :class:`LoadFromCheckHook` makes it
    strict where a stage must start from exactly its predecessor's model.

    Whether the run resumes, and from what, is read from the config
    (``resume``, ``load_from``), as ``tools/train.py`` sets them.
    """

    priority = 'VERY_HIGH'

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        if not runner.cfg.get('resume', False):
            return
        mismatch = checkpoint_mismatch(
            get_ori_model(runner.model), checkpoint.get('state_dict', {}))
        if mismatch is None:
            return
        source = runner.cfg.get('load_from') or 'the latest checkpoint'
        raise RuntimeError(
            f'cannot resume from {source}: it was written by a different '
            f'model than this config builds: {mismatch}. Use '
            '`load_from` without --resume to initialise from it instead.')
