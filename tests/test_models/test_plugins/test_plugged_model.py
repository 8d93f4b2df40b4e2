# Copyright (c) mmda contributors. All rights reserved.
import pytest
from mmpretrain.models import ClsDataPreprocessor

from mmda.models import DGDataPreprocessor, PluggedModel, build_plugged_model
from mmda.registry import MODELS

INNER = dict(
    type='ImageClassifier',
    backbone=dict(type='LeNet5', num_classes=0),
)


def test_outer_data_preprocessor_reaches_the_inner_model():
    model = MODELS.build(
        dict(
            type=PluggedModel,
            model=INNER,
            data_preprocessor=dict(type=DGDataPreprocessor, flip_concat=True)))
    assert isinstance(model.data_preprocessor, DGDataPreprocessor)
    assert model.data_preprocessor.flip_concat


def test_two_data_preprocessors_are_refused_not_one_ignored():
    inner = dict(INNER, data_preprocessor=dict(type=DGDataPreprocessor))
    # e.g. --cfg-options model.data_preprocessor.flip_concat=True
    with pytest.raises(ValueError, match='model.model.data_preprocessor'):
        build_plugged_model(inner, data_preprocessor=dict(flip_concat=True))
    built = MODELS.build(INNER)
    assert isinstance(built.data_preprocessor, ClsDataPreprocessor)
    with pytest.raises(ValueError, match='inner model has its own'):
        build_plugged_model(built, data_preprocessor=dict(flip_concat=True))
