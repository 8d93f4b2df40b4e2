# Copyright (c) mmda contributors. All rights reserved.
import re
from typing import List, Optional, Tuple

from mmengine.fileio import BaseStorageBackend

from .dataset_errors import DatasetFormatError


def read_image_list(
        list_file: str, name: str,
        backend: BaseStorageBackend) -> List[Tuple[int, str, Optional[str]]]:
    """Read an image list: ``(line_number, path, label_or_None)`` a line.

    A line is ``path label`` (the path may hold spaces; the label is the last
    field) or ``path`` alone. Blank lines and ``#`` comments are skipped. A
    list must be all labelled or all unlabelled.

    Args:
        list_file (str): The list's path.
        name (str): The dataset's class name, which starts errors.
        backend (BaseStorageBackend): The storage the list is read from.
    """
    if not backend.isfile(list_file):
        raise FileNotFoundError(f'{name}: image list {list_file!r} does not '
                                'exist')
    entries = []
    text = backend.get_text(list_file, encoding='utf-8')
    for lineno, raw in enumerate(text.split('\n'), 1):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        parts = line.rsplit(None, 1)
        if len(parts) == 2 and re.fullmatch(r'[+-]?\d+', parts[1]):
            entries.append((lineno, parts[0], parts[1]))
        else:
            entries.append((lineno, line, None))
    if not entries:
        raise DatasetFormatError(
            f'{name}: image list {list_file!r} has no entries; expected one '
            '"path label" line per image')
    labelled = [e[2] is not None for e in entries]
    if any(labelled) and not all(labelled):
        bad = [e for e in entries if e[2] is None][0]
        raise DatasetFormatError(
            f'{name}: {list_file}:{bad[0]}: {bad[1]!r} has no label while '
            'other lines do; expected "path label" on every line')
    return entries
