# Copyright (c) mmda contributors. All rights reserved.
"""Run DomainBed's own ``train.py`` (facebookresearch/DomainBed,
``domainbed/scripts/train.py``) on Rotated or Colored MNIST built from the
embedded MNIST-5k, and report its test-domain accuracy under DomainBed's
model-selection rules.

Runtime shims only (:mod:`benchmarks.peers.domainbed_mnist_environments`):
DomainBed's torchvision ``MNIST`` serves the embedded MNIST-5k (so its
environments are mmda's ``RotatedMNIST`` / ``ColoredMNIST``, identical
sample for sample), the ``wilds`` / ``timm`` stand-ins, and the dataset's
``N_WORKERS`` set to ``--workers`` (DomainBed's 8 loader processes per
domain would swamp a small machine; workers do not change the data).
Everything else is ``train.py`` run as ``__main__`` with its own
arguments: ``--algorithm``, ``--test_envs``, ``--seed``, ``--steps``,
``--checkpoint_freq`` and ``--hparams`` (JSON; e.g. a smaller
``batch_size`` than the default 64, within DomainBed's own search range
``2^U(3, 9)``).

From ``results.jsonl`` it reports, as DomainBed's ``model_selection.py``:
``training_domain`` (the checkpoint whose mean ``out`` accuracy over the
training domains is highest; its test domain's ``in`` accuracy),
``oracle`` (labelled as such, DomainBed's test-domain validation: the run's
last checkpoint, as ``OracleSelectionMethod`` allows no early stopping)
and ``last``; also ``test_domain_early_stopping`` (the checkpoint the test
domain's ``out`` accuracy picks), which is no DomainBed rule.

Example::

    python benchmarks/peers/domainbed_mnist.py /work/scratch/peers/DomainBed \\
        --algorithm CORAL --test-env 5 --seed 0 --steps 1000 \\
        --hparams '{"batch_size": 16}' --work-dir work_dirs/peers/domainbed
"""
import argparse
import json
import os.path as osp
import runpy
import sys
from typing import Dict, List

if __package__ in (None, ''):
    sys.path.insert(
        0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from benchmarks.peers.domainbed_import import import_domainbed  # noqa: E402
from benchmarks.peers.domainbed_mnist_environments import \
    import_domainbed_mnist  # noqa: E402
from mmda.analysis.domainbed_protocol import Record  # noqa: E402
from mmda.analysis.domainbed_protocol import choose_record


def select(records: List[dict], test_env: int) -> Dict[str, float]:
    """Test-domain accuracy (%) of one run under DomainBed's selection rules
    (``domainbed/model_selection.py``).

    Args:
        records (list[dict]): ``results.jsonl``'s rows, one a checkpoint.
        test_env (int): The held-out environment.

    Returns:
        dict: ``training_domain`` (``IIDAccuracySelectionMethod``: the
        checkpoint whose mean ``out`` accuracy over the training domains is
        highest) and its ``training_domain_step``; ``oracle``
        (``OracleSelectionMethod``, test-domain validation: it picks among
        hyper-parameter settings by the test domain's ``out`` accuracy but
        takes each run's last checkpoint, no early stopping, so within one
        run it is the last checkpoint) and ``oracle_val`` (that ``out``
        accuracy); ``last``; and ``test_domain_early_stopping`` with its
        ``_step`` (the checkpoint the test domain's ``out`` accuracy picks:
        not a DomainBed rule, an upper reference only).
    """
    envs = sorted({
        int(k[3:].split('_')[0])
        for k in records[0] if k.startswith('env') and k.endswith('_out_acc')
    })
    train_envs = [e for e in envs if e != test_env]

    def val(r):
        return sum(r[f'env{e}_out_acc'] for e in train_envs) / len(train_envs)

    # the rules are mmda's own (mmda.analysis.domainbed_protocol), tested
    # against DomainBed's model_selection.py
    rows = [
        Record(r['step'], val(r), r[f'env{test_env}_out_acc'],
               r[f'env{test_env}_in_acc']) for r in records
    ]
    chosen = choose_record(rows, 'training_domain')
    last = choose_record(rows, 'last')
    early = max(
        records, key=lambda r: (r[f'env{test_env}_out_acc'], -r['step']))
    return dict(
        training_domain=100 * chosen.test,
        training_domain_step=chosen.step,
        oracle=100 * last.test,
        oracle_val=100 * last.oracle,
        last=100 * last.test,
        test_domain_early_stopping=100 * early[f'env{test_env}_in_acc'],
        test_domain_early_stopping_step=early['step'])


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('domainbed', help='a checkout of DomainBed')
    parser.add_argument(
        '--dataset',
        default='RotatedMNIST',
        choices=['RotatedMNIST', 'ColoredMNIST'])
    parser.add_argument('--algorithm', default='ERM')
    parser.add_argument('--test-env', type=int, default=5)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--steps', type=int, default=None)
    parser.add_argument('--checkpoint-freq', type=int, default=None)
    parser.add_argument('--hparams', default=None, help='JSON')
    parser.add_argument('--workers', type=int, default=0)
    parser.add_argument('--work-dir', default='work_dirs/peers/domainbed')
    opts = parser.parse_args(argv)

    from mmda.datasets.digits.environment_mnist import _mnist_pool
    datasets, _ = import_domainbed_mnist(opts.domainbed, _mnist_pool(None))
    getattr(datasets, opts.dataset).N_WORKERS = opts.workers
    import_domainbed(opts.domainbed, 'algorithms')
    out_dir = osp.join(opts.work_dir, opts.dataset, opts.algorithm,
                       f'env{opts.test_env}_seed{opts.seed}')
    args = [
        '--data_dir', 'embedded-mnist5k', '--dataset', opts.dataset,
        '--algorithm', opts.algorithm, '--test_envs',
        str(opts.test_env), '--seed',
        str(opts.seed), '--output_dir', out_dir, '--skip_model_save'
    ]
    for flag, value in (('--steps', opts.steps), ('--checkpoint_freq',
                                                  opts.checkpoint_freq),
                        ('--hparams', opts.hparams)):
        if value is not None:
            args += [flag, str(value)]
    results = osp.join(out_dir, 'results.jsonl')
    if osp.exists(results):
        raise FileExistsError(f'{results} exists: DomainBed appends to it; '
                              'give another --work-dir')
    argv_saved, stdout, stderr = sys.argv, sys.stdout, sys.stderr
    sys.argv = ['train.py'] + args
    try:
        runpy.run_path(
            osp.join(opts.domainbed, 'domainbed/scripts/train.py'),
            run_name='__main__')
    finally:
        sys.argv, sys.stdout, sys.stderr = argv_saved, stdout, stderr
    with open(results) as f:
        records = [json.loads(line) for line in f]
    summary = dict(
        vars(opts), **select(records, opts.test_env), checkpoints=len(records))
    with open(osp.join(out_dir, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=2)
    print(json.dumps(summary))
    return summary


if __name__ == '__main__':
    main()
