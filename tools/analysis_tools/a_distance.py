# Copyright (c) mmda contributors. All rights reserved.
"""Proxy A-distance between source and target test features.

A linear classifier is trained on half of the (balanced) features to tell
the domains apart; its error on the other half gives 2 (1 - 2 err)
(Ben-David et al. 2007, 2010; see mmda/analysis/proxy_a_distance.py).
0 means the domains are indistinguishable, 2 linearly separable.

Example::

    python tools/analysis_tools/a_distance.py \\
        configs/dann/dann_lenet_2k_digits_uci2mnist5k.py \\
        work_dirs/dann/iter_2000.pth
"""
import argparse
import sys

from mmda.analysis import (a_distance_from_error, add_feature_arguments,
                           domain_classifier_error, features_from_args)
from mmda.analysis.proxy_a_distance import CLASSIFIERS


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_feature_arguments(parser, max_samples=2000)
    parser.add_argument(
        '--classifier', choices=CLASSIFIERS, default='logistic')
    parser.add_argument(
        '--C',
        type=float,
        default=1.0,
        help='inverse regularisation of the classifier')
    parser.add_argument(
        '--test-ratio',
        type=float,
        default=0.5,
        help='held-out fraction measuring the error')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    feats, _, _ = features_from_args(args)
    error = domain_classifier_error(
        feats['source'].features,
        feats['target'].features,
        classifier=args.classifier,
        C=args.C,
        test_ratio=args.test_ratio,
        seed=args.seed)
    distance = a_distance_from_error(error)
    print(f'domain classifier ({args.classifier}, C={args.C}) held-out '
          f'error: {error:.4f}')
    print(f'proxy A-distance ({args.layer}): {distance:.4f}')
    return distance


if __name__ == '__main__':
    main()
    sys.exit(0)
