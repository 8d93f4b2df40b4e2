# Copyright (c) mmda contributors. All rights reserved.
"""Building a dataset's pipeline in mmda's scope, and running it so that a
failure names the sample's file."""
from .dataset_errors import DatasetFormatError


def build_transforms(kwargs: dict) -> dict:
    """Build a ``pipeline`` given as configs in mmda's registry.

    mmpretrain's ``BaseDataset`` builds transforms in mmpretrain's registry,
    which does not see mmda's (``GrayToRGB``) outside the ``mmda`` scope.
    mmda's registry sees both, and mmcv's.
    """
    from mmda.registry import TRANSFORMS
    if kwargs.get('pipeline'):
        kwargs['pipeline'] = [
            TRANSFORMS.build(t) if isinstance(t, dict) else t
            for t in kwargs['pipeline']
        ]
    return kwargs


def run_pipeline(dataset, info: dict, idx: int):
    """Run ``dataset.pipeline`` on one sample's information.

    A failure is re-raised naming the sample's file; a ``None`` result (a
    transform that skipped an unreadable file) is an error too, as
    replacing the sample with another one would silently drop it.
    """
    name = type(dataset).__name__
    path = info.get('img_path', f'sample {idx}')
    try:
        result = dataset.pipeline(info)
    except Exception as e:
        if 'img_path' in info and 'img' not in info:
            raise DatasetFormatError(
                f'{name}: cannot read image {path!r} (sample {idx}, domain '
                f'{info.get("domain")!r}): {type(e).__name__}: {e}. '
                'Expected a readable image file (and a pipeline that starts '
                'with LoadImageFromFile)') from e
        raise RuntimeError(f'{name}: the pipeline failed on {path!r} (sample '
                           f'{idx}): {type(e).__name__}: {e}') from e
    if result is None:
        raise DatasetFormatError(
            f'{name}: the pipeline returned nothing for {path!r} (sample '
            f'{idx}); an unreadable image is an error, not a sample to '
            'replace (do not set ignore_empty=True)')
    return result
