# Copyright (c) mmda contributors. All rights reserved.
import glob
import os
import os.path as osp

from mmengine.dist import is_main_process
from mmengine.fileio import LocalBackend
from mmengine.hooks import CheckpointHook

from mmda.registry import HOOKS

#: Suffix of a checkpoint or ``last_checkpoint`` still being written.
PARTIAL_SUFFIX = '.partial'


def commit_partial(path: str) -> None:
    """Make the complete ``<path>.partial`` the file ``path``.

    ``os.replace`` is atomic on POSIX and Windows file systems, so a process
    killed at any moment leaves either the old file or the new one, never an
    empty or partial one. The data is flushed to disk first, so that the
    rename cannot reach the disk before the bytes it points at.

    Args:
        path (str): The file to (re)write; ``path + '.partial'`` holds its
            new content.
    """
    partial = path + PARTIAL_SUFFIX
    fd = os.open(partial, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, path)


def write_text_atomically(path: str, text: str) -> None:
    """Replace the text file ``path`` by ``text`` (see
    :func:`commit_partial`)."""
    with open(path + PARTIAL_SUFFIX, 'w') as f:
        f.write(text)
    commit_partial(path)


def save_error(error: OSError, checkpoint: str, pointer: str) -> OSError:
    """``error`` (a full disk, a lost mount: the OS names no file when a
    write fails) as an ``OSError`` of the same kind naming the checkpoint;
    the partial files it left are deleted to give the space back."""
    for path in (checkpoint, pointer):
        if osp.isfile(path + PARTIAL_SUFFIX):
            os.remove(path + PARTIAL_SUFFIX)
    return type(error)(
        error.errno, f'saving checkpoint {checkpoint!r} failed: '
        f'{error.strerror or error}. The previous checkpoints and '
        f'{pointer!r} are unchanged')


@HOOKS.register_module()
class AtomicCheckpointHook(CheckpointHook):
    """``CheckpointHook`` whose files survive a kill at any moment.

    mmengine 0.10 writes ``iter_N.pth`` in place, then truncates and
    rewrites ``last_checkpoint``, and deletes the oldest checkpoint *before*
    writing the new one. A kill during a save can therefore leave an empty
    ``last_checkpoint`` (``--resume`` then fails although complete
    checkpoints lie beside it), and with ``max_keep_ckpts=1`` no complete
    checkpoint at all. Here, on a local disk:

    - the checkpoint and ``last_checkpoint`` are written to
      ``<name>.partial`` and renamed over the old file, so either the old
      or the new one is there, complete;
    - ``last_checkpoint`` is replaced only once its checkpoint is complete;
    - checkpoints beyond ``max_keep_ckpts`` are deleted only after that.

    Partial files a kill left behind are deleted at the next start.
    Remote backends (``backend_args``) keep mmengine's behaviour, as they
    have no rename. Arguments are those of ``CheckpointHook``.
    """

    def before_train(self, runner) -> None:
        super().before_train(runner)
        if not self._is_local() or not is_main_process():
            return
        for folder in {self.out_dir, runner.work_dir}:
            for path in glob.glob(osp.join(folder, '*' + PARTIAL_SUFFIX)):
                runner.logger.warning(
                    f'deleting {path}: a save interrupted by a kill left it '
                    'incomplete')
                os.remove(path)

    def _is_local(self) -> bool:
        return isinstance(self.file_backend, LocalBackend)

    def _save_checkpoint_with_step(self, runner, step, meta) -> None:
        if not self._is_local():
            super()._save_checkpoint_with_step(runner, step, meta)
            return
        # mmengine's bookkeeping of the kept checkpoints, with the deletion
        # postponed until the new checkpoint is complete.
        stale = None
        if self.max_keep_ckpts > 0 and not (self.keep_ckpt_ids and
                                            self.keep_ckpt_ids[-1] == step):
            if len(self.keep_ckpt_ids) == self.max_keep_ckpts:
                stale = self.keep_ckpt_ids.popleft()
            self.keep_ckpt_ids.append(step)
            runner.message_hub.update_info('keep_ckpt_ids',
                                           list(self.keep_ckpt_ids))

        filename = self.filename_tmpl.format(step)
        self.last_ckpt = osp.join(self.out_dir, filename)
        runner.message_hub.update_info('last_ckpt', self.last_ckpt)
        pointer = osp.join(runner.work_dir, 'last_checkpoint')
        try:
            runner.save_checkpoint(
                self.out_dir,
                filename + PARTIAL_SUFFIX,
                self.file_client_args,
                save_optimizer=self.save_optimizer,
                save_param_scheduler=self.save_param_scheduler,
                meta=meta,
                by_epoch=self.by_epoch,
                backend_args=self.backend_args,
                **self.args)
            if not is_main_process():
                return
            commit_partial(self.last_ckpt)
            write_text_atomically(pointer, self.last_ckpt)
        except OSError as e:
            raise save_error(e, self.last_ckpt, pointer) from e
        if stale is not None:
            path = osp.join(self.out_dir, self.filename_tmpl.format(stale))
            if osp.isfile(path):
                os.remove(path)
