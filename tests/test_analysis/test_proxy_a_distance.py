# Copyright (c) mmda contributors. All rights reserved.
import numpy as np
import pytest

from mmda.analysis import (a_distance_from_error, domain_classifier_error,
                           proxy_a_distance)


@pytest.mark.parametrize('error,expected', [(0.0, 2.0), (0.25, 1.0),
                                            (0.5, 0.0), (0.7, 0.0)])
def test_formula_two_times_one_minus_two_err(error, expected):
    assert a_distance_from_error(error) == pytest.approx(expected)


def test_error_outside_unit_interval_is_refused():
    with pytest.raises(ValueError, match='error must be in'):
        a_distance_from_error(1.5)


@pytest.mark.parametrize('classifier', ['logistic', 'svm'])
def test_identical_feature_sets_are_near_zero(classifier):
    feats = np.random.default_rng(0).normal(size=(300, 8))
    assert proxy_a_distance(feats, feats.copy(), classifier=classifier) < 0.2


def test_same_distribution_is_near_zero_even_when_sizes_differ():
    rng = np.random.default_rng(1)
    small, large = rng.normal(size=(100, 8)), rng.normal(size=(1000, 8))
    # Without balancing, always answering "target" would err 9% only.
    assert proxy_a_distance(small, large) < 0.35


@pytest.mark.parametrize('classifier', ['logistic', 'svm'])
def test_separable_feature_sets_are_near_two(classifier):
    rng = np.random.default_rng(2)
    source = rng.normal(size=(200, 8))
    target = rng.normal(size=(200, 8)) + 6.0
    assert proxy_a_distance(
        source, target, classifier=classifier) == pytest.approx(2.0)


def test_partial_overlap_lies_between():
    rng = np.random.default_rng(3)
    source = rng.normal(size=(1000, 1))
    target = rng.normal(size=(1000, 1)) + 1.0
    # Bayes error of two unit Gaussians 1 apart: Phi(-0.5) = 0.3085.
    error = domain_classifier_error(source, target)
    assert error == pytest.approx(0.3085, abs=0.04)
    assert proxy_a_distance(source,
                            target) == pytest.approx(2 * (1 - 2 * error))


def test_bad_shapes_and_classifier_are_refused():
    with pytest.raises(ValueError, match='same D'):
        proxy_a_distance(np.zeros((10, 3)), np.zeros((10, 4)))
    with pytest.raises(ValueError, match='classifier must be one of'):
        proxy_a_distance(np.zeros((10, 3)), np.zeros((10, 3)), 'knn')
    with pytest.raises(ValueError, match='too few samples'):
        proxy_a_distance(np.zeros((1, 3)), np.zeros((1, 3)))
