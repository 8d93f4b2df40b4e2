# Copyright (c) mmda contributors. All rights reserved.
"""Listing and decoding image files through an mmengine storage backend."""
import io
from typing import List, Sequence, Tuple

from mmengine.fileio import BaseStorageBackend

from .dataset_errors import DatasetFormatError

IMG_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif',
                  '.tiff', '.webp')
# Files that image folders commonly hold besides the images.
IGNORED_FILES = ('.ds_store', 'thumbs.db', 'desktop.ini')


def list_folder(backend: BaseStorageBackend,
                folder: str) -> Tuple[List[str], List[str]]:
    """The names of a folder's sub-folders and of its files, each sorted."""
    dirs = backend.list_dir_or_file(folder, list_dir=True, list_file=False)
    files = backend.list_dir_or_file(folder, list_dir=False, list_file=True)
    return sorted(dirs), sorted(files)


def _walk_order(rel_path: str) -> list:
    # A folder's own files come before its sub-folders', as in a sorted
    # top-down os.walk: sample indices do not depend on the backend.
    *dirs, name = rel_path.replace('\\', '/').split('/')
    return [(1, d) for d in dirs] + [(0, name)]


def find_image_files(backend: BaseStorageBackend, folder: str,
                     extensions: Sequence[str]) -> Tuple[List[str], List[str]]:
    """Every image file under ``folder``, at any depth, in a stable order.

    Args:
        backend (BaseStorageBackend): The storage the folder is on.
        folder (str): Where to look.
        extensions (Sequence[str]): Lower-case image extensions.

    Returns:
        tuple[list[str], list[str]]: The images' paths, and the paths of
        the other files (:data:`IGNORED_FILES` are neither).
    """
    files, skipped = [], []
    extensions = tuple(extensions)
    rel_paths = backend.list_dir_or_file(
        folder, list_dir=False, list_file=True, recursive=True)
    for rel in sorted(rel_paths, key=_walk_order):
        path = backend.join_path(folder, rel)
        base = rel.replace('\\', '/').rsplit('/', 1)[-1].lower()
        if base.endswith(extensions):
            files.append(path)
        elif base not in IGNORED_FILES:
            skipped.append(path)
    return files, skipped


def verify_image(path: str, name: str, backend: BaseStorageBackend) -> None:
    """Decode an image fully; raise naming the file if that fails."""
    from PIL import Image
    try:
        with Image.open(io.BytesIO(backend.get(path))) as img:
            img.load()
    except Exception as e:  # PIL raises many types for bad files
        raise DatasetFormatError(
            f'{name}: cannot decode image {path!r} ({type(e).__name__}: '
            f'{e}); expected a readable image file') from e
