# Copyright (c) mmda contributors. All rights reserved.
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmda.registry import HOOKS


@HOOKS.register_module()
class ResumeCheckHook(Hook):
    """Refuse to resume from a checkpoint of another model.

    mmengine loads the weights of a resumed run non-strictly: resuming a
    DANN run from a source-only checkpoint would keep a freshly initialised
    discriminator and only log a warning. Resuming means continuing the
    same run, so here the checkpoint's parameter names and shapes must match
    the model exactly. ``load_from`` (fine-tuning, stage transfer) keeps
    mmengine's lenient behaviour.
    """

    priority = 'VERY_HIGH'

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        if not getattr(runner, '_resume', False):
            return
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        expected = {k: tuple(v.shape) for k, v in model.state_dict().items()}
        found = {
            k: tuple(v.shape)
            for k, v in checkpoint.get('state_dict', {}).items()
        }
        missing = sorted(set(expected) - set(found))
        unexpected = sorted(set(found) - set(expected))
        shapes = sorted(k for k in set(expected) & set(found)
                        if expected[k] != found[k])
        if not (missing or unexpected or shapes):
            return
        source = getattr(runner, '_load_from', None) or 'the latest checkpoint'
        parts = []
        for name, keys in (('missing', missing), ('unexpected', unexpected),
                           ('shape-mismatched', shapes)):
            if keys:
                shown = ', '.join(keys[:5]) + (', ...' if len(keys) > 5 else '')
                parts.append(f'{len(keys)} {name} keys ({shown})')
        raise RuntimeError(
            f'cannot resume from {source}: it was written by a different '
            f'model than this config builds: {"; ".join(parts)}. Use '
            '`load_from` without --resume to initialise from it instead.')
