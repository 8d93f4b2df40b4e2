# Copyright (c) mmda contributors. All rights reserved.
"""The default demo: source-only vs DANN on real digits, no download.

Trains both configs through ``tools/train.py`` (the mmengine Runner), tests
the final checkpoints on the target domain's held-out split through
``tools/test.py``, and prints the two target accuracies side by side.
No checkpoint is chosen by target accuracy: the last one is tested.

Example::

    python demo/uda_digits_demo.py                   # UCI -> MNIST-5k, seed 0
    python demo/uda_digits_demo.py --seeds 0 1 2     # mean and std
    python demo/uda_digits_demo.py --task mnist5k2uci
"""
import argparse
import json
import os
import os.path as osp
import statistics
import subprocess
import sys
import time

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
METHODS = {
    'source-only': 'configs/source_only/source_only_lenet_2k_digits_{}.py',
    'DANN': 'configs/dann/dann_lenet_2k_digits_{}.py',
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--task', default='uci2mnist5k', choices=['uci2mnist5k',
                                                  'mnist5k2uci'])
    parser.add_argument('--seeds', type=int, nargs='+', default=[0])
    parser.add_argument('--work-dir', default='work_dirs/demo')
    parser.add_argument(
        '--cfg-options', nargs='+', default=[],
        help='passed to tools/train.py, e.g. train_cfg.max_iters=500')
    return parser.parse_args()


def run(args):
    env = dict(os.environ)
    env['PYTHONPATH'] = REPO + os.pathsep + env.get('PYTHONPATH', '')
    proc = subprocess.run([sys.executable, *args], cwd=REPO, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f'failed: {" ".join(args)}')


def train_and_test(config, work_dir, seed, cfg_options):
    run(['tools/train.py', config, '--work-dir', work_dir, '--cfg-options',
         f'randomness.seed={seed}', *cfg_options])
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        checkpoint = f.read().strip()
    metrics_file = osp.join(work_dir, 'target_test_metrics.json')
    run(['tools/test.py', config, checkpoint, '--work-dir', work_dir,
         '--out-metrics', metrics_file])
    with open(metrics_file) as f:
        return json.load(f)['accuracy/top1']


def main():
    args = parse_args()
    results = {name: [] for name in METHODS}
    for seed in args.seeds:
        for name, pattern in METHODS.items():
            config = pattern.format(args.task)
            work_dir = osp.join(args.work_dir, args.task,
                                f'{name}_seed{seed}')
            start = time.time()
            acc = train_and_test(config, work_dir, seed, args.cfg_options)
            results[name].append(acc)
            print(f'[seed {seed}] {name:<12} target test accuracy '
                  f'{acc:6.2f} %  ({time.time() - start:.0f} s, {config})',
                  flush=True)

    src, tgt = args.task.split('2')
    print(f'\n{src} -> {tgt}, target test accuracy (%), '
          f'seeds {" ".join(map(str, args.seeds))}')
    print(f'{"method":<12} {"mean":>7} {"std":>6}   per seed')
    for name, accs in results.items():
        std = statistics.stdev(accs) if len(accs) > 1 else 0.0
        print(f'{name:<12} {statistics.mean(accs):7.2f} {std:6.2f}   '
              + ' '.join(f'{a:.2f}' for a in accs))


if __name__ == '__main__':
    main()
