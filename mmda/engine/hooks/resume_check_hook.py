# Copyright (c) mmda contributors. All rights reserved.
from mmengine.config import Config
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

    It also refuses a checkpoint at or past the run's last iteration
    (another stage's checkpoint, SHOT's ``best_source.pth`` say, would
    otherwise train nothing and exit 0), and says what a resume keeps from
    the checkpoint when the config changed since it was written: the
    optimiser's state and learning rates and the schedulers' state come
    from the checkpoint; a new batch size is used, and the resumed run is
    then not the uninterrupted one.

    Whether the run resumes, and from what, is read from the config
    (``resume``, ``load_from``), as ``tools/train.py`` sets them.
    """

    priority = 'VERY_HIGH'

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        if not runner.cfg.get('resume', False):
            return
        mismatch = checkpoint_mismatch(
            get_ori_model(runner.model), checkpoint.get('state_dict', {}))
        source = runner.cfg.get('load_from') or 'the latest checkpoint'
        if mismatch is not None:
            raise RuntimeError(
                f'cannot resume from {source}: it was written by a different '
                f'model than this config builds: {mismatch}. Use '
                '`load_from` without --resume to initialise from it instead.')
        self._check_progress(runner, checkpoint, source)
        self._log_changes(runner, checkpoint, source)

    @staticmethod
    def _check_progress(runner, checkpoint: dict, source: str) -> None:
        done = checkpoint.get('meta', {}).get('iter')
        total = getattr(runner.train_loop, 'max_iters', None)
        if done is not None and total is not None and done >= total:
            raise RuntimeError(
                f'cannot resume from {source}: it was written at iteration '
                f'{done}, and this run has {total} iterations, so nothing '
                'would be trained. If it is another stage\'s checkpoint '
                '(a source model), start from it with `load_from` and no '
                '--resume; if the run is complete, test it instead.')

    @staticmethod
    def _log_changes(runner, checkpoint: dict, source: str) -> None:
        text = checkpoint.get('meta', {}).get('cfg')
        if not isinstance(text, str):
            return
        try:
            saved = Config.fromstring(text, file_format='.py')
        except Exception:  # an unreadable copy only loses the note
            return
        notes = []
        lr_now = _get(runner.cfg, 'optim_wrapper.optimizer.lr')
        lr_then = _get(saved, 'optim_wrapper.optimizer.lr')
        if lr_now is not None and lr_then is not None and lr_now != lr_then:
            notes.append(
                f'optim_wrapper.optimizer.lr is {lr_now} in the config but '
                f'{lr_then} in the checkpoint: the resumed run keeps the '
                "checkpoint's optimiser state and learning rates (and its "
                'schedulers\'), so the new lr is not used; start a new run '
                'with load_from to train with it')
        for loader in ('train_dataloader', 'target_dataloader'):
            now = _get(runner.cfg, f'{loader}.batch_size')
            then = _get(saved, f'{loader}.batch_size')
            if now is not None and then is not None and now != then:
                notes.append(
                    f'{loader}.batch_size is {now} in the config but {then} '
                    'in the checkpoint: the new batch size is used, so the '
                    'resumed run is not the uninterrupted one')
        for note in notes:
            runner.logger.warning(f'resuming from {source}: {note}')


def _get(cfg, dotted: str):
    node = cfg
    for key in dotted.split('.'):
        try:
            node = node[key]
        except (KeyError, TypeError, AttributeError):
            return None
    return node
