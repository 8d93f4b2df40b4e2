# Copyright (c) mmda contributors. All rights reserved.
"""An empty target set is refused naming the dataset, not with mmengine's
"need at least one array to concatenate"."""
import pytest

from mmda.datasets import UCIDigits, UnlabeledDataset


def test_empty_target_config_is_named():
    with pytest.raises(ValueError) as info:
        UnlabeledDataset(dict(type='UCIDigits', split='train', indices=0))
    assert str(info.value).startswith(
        "the target dataset UCIDigits (split='train', indices=0) holds no "
        'samples')
    assert 'concatenate' in str(info.value.__cause__)


def test_empty_built_target_is_named():
    empty = UCIDigits(split='train', indices=0, serialize_data=False)
    with pytest.raises(
            ValueError, match='target dataset UCIDigits .*holds '
            'no samples'):
        UnlabeledDataset(empty)


def test_non_empty_target_is_wrapped():
    assert len(UnlabeledDataset(dict(type='UCIDigits', indices=4))) == 4
