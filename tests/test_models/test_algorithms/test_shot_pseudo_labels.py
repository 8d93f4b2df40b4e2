# Copyright (c) mmda contributors. All rights reserved.
import math

import pytest
import torch

from mmda.models.algorithms import shot_pseudo_labels
from mmda.utils import gather_by_index


def _feature_at(degrees):
    # A 1-d feature x becomes (x, 1) / |(x, 1)|: a unit vector at angle
    # atan(x) from the appended ones-axis. Cosines are cosines of angle
    # differences, so the example can be worked with angles.
    return [math.tan(math.radians(degrees))]


def test_soft_round_corrects_a_wrong_prediction():
    # Samples at 0, 45 and 0 degrees; the classifier is sure about the
    # first two and wrong (0.8 on class 1) about the third.
    feats = torch.tensor([_feature_at(0), _feature_at(45), _feature_at(0)])
    probs = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.2, 0.8]])
    # Eq. (4): c_0 = (1 u_0 + 0.2 u_0) / 1.2 lies at 0 degrees, so the third
    # sample (cosine 1 with c_0) moves to class 0. c_1 ~ u_45 + 0.8 u_0
    # lies at ~25 degrees, nearer the 45-degree sample than c_0 (20 vs 45).
    assert shot_pseudo_labels(feats, probs).tolist() == [0, 1, 0]


def test_hard_round_refines_the_soft_labels():
    # Samples at 0, 45 and 60 degrees, probs of class 1: 0, 0, 0.5.
    feats = torch.tensor([_feature_at(a) for a in (0, 45, 60)])
    probs = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.5, 0.5]])
    # Soft round: c_0 ~ u_0 + u_45 + 0.5 u_60 lies at 30.2 degrees and
    # c_1 ~ 0.5 u_60 at 60: the 45-degree sample is 14.8 degrees from c_0
    # and 15 from c_1 -> soft labels [0, 0, 1].
    # Hard round: c_0 = mean(u_0, u_45) at 22.5 degrees, c_1 = u_60: the
    # 45-degree sample is now 22.5 vs 15 degrees away -> class 1.
    assert shot_pseudo_labels(feats, probs).tolist() == [0, 1, 1]


def test_empty_class_gets_no_sample_and_shapes_are_checked():
    feats = torch.randn(50, 8)
    probs = torch.zeros(50, 3)
    probs[:, 0], probs[:, 1] = 0.6, 0.4  # class 2 never predicted
    labels = shot_pseudo_labels(feats, probs)
    assert labels.dtype == torch.int64 and labels.shape == (50, )
    assert (labels < 2).all()
    with pytest.raises(ValueError, match=r'features \(N, D\) and probs'):
        shot_pseudo_labels(feats, probs[:10])


def test_gather_by_index_single_process_orders_rows():
    index = torch.tensor([2, 0, 1, 2])  # a padded shard repeats a sample
    values = torch.tensor([[20.], [0.], [10.], [20.]])
    (full, ) = gather_by_index(index, values, size=3)
    assert full.flatten().tolist() == [0.0, 10.0, 20.0]
    with pytest.raises(RuntimeError, match='processed 3 of 4 samples'):
        gather_by_index(index, values, size=4)


def test_drop_unpredicted_leaves_out_classes_no_sample_predicts():
    # Samples at 0, 45 and 60 degrees; class 1 is never the argmax, but
    # its soft centroid (0.4 u_45 + 0.4 u_60, at 52.5 degrees) is the
    # nearest one for the 45 and 60-degree samples in the digits code.
    feats = torch.tensor([_feature_at(a) for a in (0, 45, 60)])
    probs = torch.tensor([[1.0, 0.0], [0.6, 0.4], [0.6, 0.4]])
    assert shot_pseudo_labels(feats, probs).tolist() == [0, 1, 1]
    # The object code (labelset of predicted classes) only has class 0.
    assert shot_pseudo_labels(
        feats, probs, drop_unpredicted=True).tolist() == [0, 0, 0]


def _reference_labels(feats, probs, drop_unpredicted):
    # The clustering as SHOT's code states it, with scipy's cosine cdist:
    # two rounds, each over the classes in `labelset` (all classes in the
    # digits code's first round; the predicted ones otherwise).
    import numpy as np
    from scipy.spatial.distance import cdist
    f = np.concatenate([feats, np.ones((len(feats), 1))], axis=1)
    f = f / np.linalg.norm(f, axis=1, keepdims=True)
    k = probs.shape[1]
    aff, predict = probs, probs.argmax(axis=1)
    for round_idx in range(2):
        centroids = aff.T @ f / (1e-8 + aff.sum(axis=0)[:, None])
        if round_idx == 0 and not drop_unpredicted:
            labelset = np.arange(k)
        else:
            labelset = np.where(np.bincount(predict, minlength=k) > 0)[0]
        predict = labelset[cdist(f, centroids[labelset],
                                 'cosine').argmin(axis=1)]
        aff = np.eye(k)[predict]
    return predict


@pytest.mark.parametrize('drop_unpredicted', [False, True])
def test_labels_match_the_official_clustering(drop_unpredicted):
    gen = torch.Generator().manual_seed(0)
    for _ in range(5):
        feats = torch.randn(200, 16, generator=gen, dtype=torch.float64)
        # Peaked predictions over 6 classes, of which some are never the
        # argmax (logits of classes 4 and 5 pushed down).
        logits = 3 * torch.randn(200, 6, generator=gen, dtype=torch.float64)
        logits[:, 4:] -= 8
        probs = logits.softmax(dim=1)
        expected = _reference_labels(feats.numpy(), probs.numpy(),
                                     drop_unpredicted)
        labels = shot_pseudo_labels(
            feats, probs, drop_unpredicted=drop_unpredicted)
        assert labels.tolist() == expected.tolist()
