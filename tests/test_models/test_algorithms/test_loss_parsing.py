# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from mmda.models.algorithms import parse_losses_across_ranks


def test_total_and_log_vars_single_process():
    losses = dict(
        loss_cls=torch.tensor([1.0, 3.0]),
        loss_domain=[torch.tensor(0.5), torch.tensor(0.25)],
        domain_acc=torch.tensor(80.0))
    loss, log_vars = parse_losses_across_ranks(losses)
    assert loss.item() == pytest.approx(2.0 + 0.75)
    assert list(log_vars) == ['loss', 'loss_cls', 'loss_domain', 'domain_acc']
    assert log_vars['domain_acc'].item() == 80.0


def test_non_finite_and_reserved_name():
    # A non-finite value is returned, for NonFiniteStopHook to stop at.
    _, log_vars = parse_losses_across_ranks(
        dict(loss_cls=torch.tensor(float('nan'))))
    assert torch.isnan(log_vars['loss']) and torch.isnan(log_vars['loss_cls'])
    with pytest.raises(KeyError, match="named 'loss'"):
        parse_losses_across_ranks(dict(loss=torch.tensor(1.0)))


def _worker(rank, init_file, results):
    dist.init_process_group(
        'gloo', init_method=f'file://{init_file}', rank=rank, world_size=2)
    try:
        value = torch.tensor(float(rank + 1), requires_grad=True)
        loss, log_vars = parse_losses_across_ranks(
            dict(loss_cls=value * 2, acc=torch.tensor(10.0 * rank)))
        results[rank] = (loss.item(), log_vars['loss'].item(),
                         log_vars['acc'].item())
        bad = float('inf') if rank == 1 else 1.0
        # Every rank sees the non-finite total of one rank, so the
        # NonFiniteStopHook of every rank stops at the same iteration.
        _, log_vars = parse_losses_across_ranks(
            dict(loss_cls=torch.tensor(bad)))
        results[rank + 2] = ('stopped' if not torch.isfinite(log_vars['loss'])
                             else 'no error')
    finally:
        dist.destroy_process_group()


def test_logged_values_are_averaged_over_ranks(tmp_path):
    results = mp.Manager().dict()
    mp.spawn(
        _worker, args=(str(tmp_path / 'init'), results), nprocs=2, join=True)
    # backward uses each rank's own loss; the log shows the mean
    assert results[0] == (2.0, 3.0, 5.0)
    assert results[1] == (4.0, 3.0, 5.0)
    # one rank diverging stops both, so neither waits on the other
    assert results[2] == results[3] == 'stopped'
