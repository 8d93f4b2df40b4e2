# Copyright (c) mmda contributors. All rights reserved.
"""Histograms of per-sample L2 feature norms, source vs target.

The motivating figure of AFN (Xu et al., ICCV 2019): target features of a
source-trained model have smaller norms. Writes ``feature_norms.png`` and
prints each domain's mean norm.

Example::

    python tools/analysis_tools/feature_norms.py \\
        configs/source_only/source_only_lenet_2k_digits_uci2mnist5k.py \\
        work_dirs/source-only/iter_2000.pth
"""
import argparse
import os.path as osp
import sys

import numpy as np

from mmda.analysis import (add_feature_arguments, features_from_args,
                           figure_title, l2_norms, plot_norm_histograms)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_feature_arguments(parser, max_samples=0, size_px=(640, 400))
    parser.add_argument('--bins', type=int, default=40)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    feats, _, out_dir = features_from_args(args)
    norms = {d: l2_norms(f.features) for d, f in feats.items()}
    print(f'| domain | samples | mean L2 norm ({args.layer}) | std |')
    print('|---|---:|---:|---:|')
    for domain, values in norms.items():
        print(f'| {domain} | {len(values)} | {np.mean(values):.4f} | '
              f'{np.std(values):.4f} |')
    path = plot_norm_histograms(
        norms,
        osp.join(out_dir, 'feature_norms.png'),
        bins=args.bins,
        title=figure_title(args, args.layer),
        size_px=tuple(args.size))
    print(f'saved {path}')
    return norms


if __name__ == '__main__':
    main()
    sys.exit(0)
