# Copyright (c) mmda contributors. All rights reserved.
"""The Fisher importance of a test-time adapter's parameters on source
data, computed once before the test (EATA's anti-forgetting weights)."""
from typing import Dict, Iterable, Iterator, Optional, Union

from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmpretrain.utils import get_ori_model
from torch.utils.data import DataLoader

from mmda.registry import HOOKS


def source_batches(loader: Iterable[dict],
                   num_samples: Optional[int] = None) -> Iterator[dict]:
    """The batches of ``loader`` up to ``num_samples`` samples in all (the
    last one cut short), or all of them when ``num_samples`` is None.

    The first ``num_samples`` samples of a shuffled pass are a uniformly
    random subset in a random order, as the test-time adaptation library's
    ``random.sample`` of the source set under a shuffling loader.
    """
    left = num_samples
    for batch in loader:
        if left is not None:
            if left <= 0:
                return
            batch = {k: v[:left] for k, v in batch.items()}
            left -= len(batch['inputs'])
        yield batch


@HOOKS.register_module()
class FisherImportanceHook(Hook):
    """Hand a test-time adapter the Fisher importance of its adapted
    parameters on unlabelled source data, before the first test batch.

    In ``before_test`` (after the checkpoint is loaded), the adapter (e.g.
    :class:`mmda.models.EATAAdapter`) returns to its source weights
    (``reset()``, which records them at the first call), the hook builds
    ``dataloader`` with ``Runner.build_dataloader`` and passes the first
    ``num_samples`` samples, through the adapter's data preprocessor, to
    the adapter's ``compute_fisher``. Labels are not used. A model with
    ``fisher_alpha == 0`` (ETA) needs no importance and is skipped.

    The test-time adaptation library (``methods/eata.py``) draws
    ``SOURCE.NUM_SAMPLES`` (2,000 for CIFAR-10-C) random images of the
    source training set, in a shuffling loader of the test batch size; a
    ``DefaultSampler(shuffle=True, seed=...)`` with ``num_samples`` does the
    same, reproducibly.

    Args:
        dataloader (dict | DataLoader): The source data, as a
            ``test_dataloader`` (dataset, sampler, batch size...).
        num_samples (int, optional): How many samples to use, the first
            ones of the loader. Defaults to None: the whole loader.
    """

    priority = 'NORMAL'

    def __init__(self,
                 dataloader: Union[Dict, DataLoader],
                 num_samples: Optional[int] = None) -> None:
        if not isinstance(dataloader, (dict, DataLoader)):
            raise TypeError(
                'FisherImportanceHook: custom_hooks[...].dataloader must be '
                'a dataloader config (dict) of the source data, got '
                f'{type(dataloader).__name__}')
        if num_samples is not None and num_samples < 1:
            raise ValueError(
                'FisherImportanceHook: custom_hooks[...].num_samples must '
                f'be >= 1 or None, got {num_samples}')
        self.dataloader = dataloader
        self.num_samples = num_samples

    def before_test(self, runner) -> None:
        model = get_ori_model(runner.model)
        if not callable(getattr(model, 'compute_fisher', None)):
            raise TypeError(
                'FisherImportanceHook needs a model with compute_fisher '
                f'(e.g. EATAAdapter) as model; {type(model).__name__} has '
                'none')
        if getattr(model, 'fisher_alpha', None) == 0:
            print_log(
                'FisherImportanceHook: model.fisher_alpha=0 (ETA), no '
                'Fisher importance computed',
                logger='current')
            return
        loader = runner.build_dataloader(self.dataloader, seed=runner.seed)
        if len(loader) == 0:
            raise ValueError(
                'FisherImportanceHook: custom_hooks[...].dataloader has no '
                'sample to compute the Fisher importance from')
        model.reset()
        n, pre = len(loader.dataset), model.data_preprocessor
        model.compute_fisher(
            pre(batch, False)['inputs']
            for batch in source_batches(loader, self.num_samples))
        print_log(
            'FisherImportanceHook: Fisher importance of '
            f'{len(model.fisher)} parameters from '
            f'{min(self.num_samples or n, n)} source samples',
            logger='current')
