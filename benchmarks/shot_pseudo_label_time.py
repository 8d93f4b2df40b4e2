# Copyright (c) mmda contributors. All rights reserved.
"""Time of one SHOT pseudo-label pass at VisDA-2017 size.

Clusters synthetic bottleneck features of the 55,388 VisDA-2017 validation
images (256-d, 12 classes) with :func:`shot_pseudo_labels` (soft round and
one hard round, Liang et al., ICML 2020, Eq. (4)-(6)). The network's
forward pass over the target set is not included: it is the same as a
test pass. Prints the median of several repetitions.

Usage::

    python benchmarks/shot_pseudo_label_time.py [--repeats 5]
"""
import argparse
import statistics
import time

import torch

from mmda.models.algorithms import shot_pseudo_labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--samples', type=int, default=55388)
    parser.add_argument('--dim', type=int, default=256)
    parser.add_argument('--classes', type=int, default=12)
    parser.add_argument('--repeats', type=int, default=5)
    args = parser.parse_args()

    g = torch.Generator().manual_seed(0)
    feats = torch.randn(args.samples, args.dim, generator=g)
    probs = torch.randn(args.samples, args.classes, generator=g).softmax(1)
    shot_pseudo_labels(feats[:1000], probs[:1000])  # warm-up
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        shot_pseudo_labels(feats, probs)
        times.append(time.perf_counter() - start)
    print(f'SHOT pseudo-labels, {args.samples} x {args.dim} features, '
          f'{args.classes} classes, torch threads {torch.get_num_threads()}')
    print(f'median of {args.repeats}: {statistics.median(times):.3f} s '
          f'(min {min(times):.3f} s; target < 2 s)')


if __name__ == '__main__':
    main()
