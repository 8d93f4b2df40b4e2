# Copyright (c) mmda contributors. All rights reserved.
"""Domain datasets list and read their files through ``backend_args``."""
import re

import pytest
from mmengine.fileio import BaseStorageBackend, register_backend

from mmda.datasets import DatasetFormatError, Office31


class MemoryBackend(BaseStorageBackend):
    """Files held in a dict: nothing of a dataset under it is on disk."""

    files: dict = {}
    listed: list = []

    def get(self, filepath):
        return self.files[filepath]

    def get_text(self, filepath, encoding='utf-8'):
        return self.files[filepath].decode(encoding)

    def isfile(self, filepath):
        return filepath in self.files

    def isdir(self, filepath):
        prefix = filepath.rstrip('/') + '/'
        return any(k.startswith(prefix) for k in self.files)

    def exists(self, filepath):
        return self.isfile(filepath) or self.isdir(filepath)

    def join_path(self, filepath, *filepaths):
        return '/'.join([filepath.rstrip('/')] +
                        [p.strip('/') for p in filepaths if p])

    def list_dir_or_file(self,
                         dir_path,
                         list_dir=True,
                         list_file=True,
                         suffix=None,
                         recursive=False):
        self.listed.append(dir_path)
        prefix = dir_path.rstrip('/') + '/'
        seen = set()
        for key in self.files:
            if not key.startswith(prefix):
                continue
            parts = key[len(prefix):].split('/')
            for depth in range(1, len(parts) if recursive else 2):
                folder = '/'.join(parts[:depth])
                if list_dir and depth < len(parts) and folder not in seen:
                    seen.add(folder)
                    yield folder
            if list_file and (recursive or len(parts) == 1):
                yield '/'.join(parts)


register_backend('mmda_test_memory', MemoryBackend, force=True)
# A local-looking root that does not exist: only the backend knows it.
ROOT = '/mmda-memory-backend/office31'
ARGS = dict(backend='mmda_test_memory')


@pytest.fixture
def memory():
    MemoryBackend.files.clear()
    MemoryBackend.listed.clear()
    yield MemoryBackend.files
    MemoryBackend.files.clear()


def _png() -> bytes:
    import cv2
    import numpy as np
    ok, data = cv2.imencode('.png', np.zeros((4, 4, 3), np.uint8))
    assert ok
    return data.tobytes()


def test_folder_layout_is_listed_through_the_backend(memory):
    # Stored out of order: the listing must not depend on the backend's.
    for rel in ('bike/sub/a.png', 'bike/b.png', 'back_pack/notes.txt',
                'back_pack/img_1.png', 'back_pack/img_0.png'):
        memory[f'{ROOT}/amazon/images/{rel}'] = _png()
    ds = Office31(ROOT, domain='amazon', backend_args=ARGS)
    assert ds.backend_args == ARGS
    assert isinstance(ds.file_backend, MemoryBackend)
    assert f'{ROOT}/amazon/images' in MemoryBackend.listed
    base = f'{ROOT}/amazon/images/'
    # a folder's own files before its sub-folders', as a sorted os.walk
    assert [ds.get_data_info(i)['img_path'] for i in range(len(ds))] == [
        base + 'back_pack/img_0.png', base + 'back_pack/img_1.png',
        base + 'bike/b.png', base + 'bike/sub/a.png'
    ]
    assert list(ds.get_gt_labels()) == [0, 0, 1, 1]


def test_image_list_is_read_through_the_backend(memory):
    memory[f'{ROOT}/webcam/images/mug/x.png'] = _png()
    memory[f'{ROOT}/image_list/webcam.txt'] = (
        b'webcam/images/mug/x.png 17\n# a comment\n')
    ds = Office31(ROOT, domain='webcam', backend_args=ARGS)
    assert ds.sources['webcam'] == f'{ROOT}/image_list/webcam.txt'
    assert ds.get_data_info(0)['img_path'] == f'{ROOT}/webcam/images/mug/x.png'
    assert ds.get_data_info(0)['gt_label'] == 17


def test_errors_name_the_backend_files(memory):
    with pytest.raises(
            FileNotFoundError,
            match=re.escape(f"data_root '{ROOT}' does not exist")):
        Office31(ROOT, domain='amazon', backend_args=ARGS)
    memory[f'{ROOT}/dslr/images/mug/bad.png'] = b'not an image'
    with pytest.raises(
            DatasetFormatError,
            match=re.escape(
                f"cannot decode image '{ROOT}/dslr/images/mug/bad.png'")):
        Office31(ROOT, domain='dslr', backend_args=ARGS, verify_images=True)
