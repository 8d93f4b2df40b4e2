# Copyright (c) mmda contributors. All rights reserved.
"""Target-domain confusion matrix and per-class accuracy of an mmda model.

Writes ``confusion_matrix_target.png`` (rows: true class, normalised) and
prints per-class accuracy as a markdown table.

Example::

    python tools/analysis_tools/confusion_matrix.py \\
        configs/dann/dann_lenet_2k_digits_uci2mnist5k.py \\
        work_dirs/dann/iter_2000.pth
"""
import argparse
import os.path as osp
import sys

from mmda.analysis import (add_feature_arguments, confusion_matrix,
                           features_from_args, figure_title, per_class_table,
                           plot_confusion_matrix)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_feature_arguments(parser, max_samples=0, size_px=(600, 560))
    parser.add_argument(
        '--domain',
        choices=['target', 'source'],
        default='target',
        help='which test split to score')
    parser.add_argument(
        '--counts',
        action='store_true',
        help='show counts instead of row-normalised rates')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    feats, classes, out_dir = features_from_args(args, domains=[args.domain])
    result = feats[args.domain]
    num_classes = len(classes) if classes else int(
        max(result.labels.max(), result.preds.max()) + 1)
    matrix = confusion_matrix(result.preds, result.labels, num_classes)
    print(f'{args.domain} per-class accuracy '
          f'({osp.basename(args.checkpoint)}):')
    print(per_class_table(matrix, classes))
    path = plot_confusion_matrix(
        matrix,
        osp.join(out_dir, f'confusion_matrix_{args.domain}.png'),
        classes=classes,
        normalize=not args.counts,
        title=figure_title(args, args.domain),
        size_px=tuple(args.size))
    print(f'saved {path}')
    return matrix


if __name__ == '__main__':
    main()
    sys.exit(0)
