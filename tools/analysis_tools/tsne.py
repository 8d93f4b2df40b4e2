# Copyright (c) mmda contributors. All rights reserved.
"""t-SNE of source and target test features of a trained mmda model.

Writes ``tsne_domain.png`` (coloured by domain: do the domains mix?) and
``tsne_class.png`` (coloured by class, marker by domain: do the classes
line up across domains?).

Example::

    python tools/analysis_tools/tsne.py \\
        configs/dann/dann_lenet_2k_digits_uci2mnist5k.py \\
        work_dirs/dann/iter_2000.pth --max-samples 500
"""
import argparse
import os.path as osp
import sys

import numpy as np

from mmda.analysis import (add_feature_arguments, features_from_args,
                           figure_title, plot_embedding, tsne_embedding)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_feature_arguments(parser, max_samples=1000, size_px=(600, 600))
    parser.add_argument('--perplexity', type=float, default=30.0)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    feats, classes, out_dir = features_from_args(args)
    names = list(feats)
    points = tsne_embedding(
        np.concatenate([feats[d].features for d in names]),
        perplexity=args.perplexity,
        seed=args.seed)
    domain_ids = np.concatenate(
        [np.full(len(feats[d].features), i) for i, d in enumerate(names)])
    labels = np.concatenate([feats[d].labels for d in names])
    classes = classes or [str(c) for c in range(labels.max() + 1)]
    style = dict(
        title=figure_title(args, f't-SNE of {args.layer}'),
        size_px=tuple(args.size))
    outputs = [
        plot_embedding(points, domain_ids, names,
                       osp.join(out_dir, 'tsne_domain.png'), **style),
        plot_embedding(
            points,
            labels,
            classes,
            osp.join(out_dir, 'tsne_class.png'),
            markers=domain_ids,
            marker_names=names,
            **style),
    ]
    for path in outputs:
        print(f'saved {path}')
    return outputs


if __name__ == '__main__':
    main()
    sys.exit(0)
