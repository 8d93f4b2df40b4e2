# Copyright (c) mmda contributors. All rights reserved.
"""The error of malformed dataset files, and how errors list what they
name."""
from typing import Sequence

_MAX_LISTED = 5


class DatasetFormatError(ValueError):
    """A dataset's files exist but do not hold what the format requires."""


def short_listing(items: Sequence[str], n: int = _MAX_LISTED) -> str:
    """The first ``n`` items, comma-separated, and how many there are in
    all if some are left out: an error names examples, not thousands of
    files."""
    items = list(items)
    shown = ', '.join(map(str, items[:n]))
    return shown + (f', ... ({len(items)} in all)' if len(items) > n else '')
