# Copyright (c) mmda contributors. All rights reserved.
"""The online protocol of test-time adaptation (not mmengine's test-time
augmentation, ``TTA``)."""
from typing import Dict, List, Optional, Sequence, Union

from mmengine.logging import print_log
from mmengine.runner import TestLoop
from mmpretrain.utils import get_ori_model
from torch.utils.data import DataLoader

from mmda.registry import LOOPS

RESETS = ('per_domain', 'continual')

#: The message hub's info key of the protocol of the last test.
PROTOCOL_KEY = 'test_time_adaptation'


@LOOPS.register_module()
class TestTimeAdaptLoop(TestLoop):
    """Test with test-time adaptation: the model adapts on each test batch
    and its prediction for that batch is scored before the next batch is
    seen.

    The method is the model (e.g. :class:`mmda.models.TentAdapter`); this
    loop only decides when the model returns to the source weights. The
    protocol is logged at the start of the test:

    - ``reset='per_domain'``: at the first batch of each domain (the
      ``domain_keys`` of the samples, e.g. a corruption and severity), as
      the TENT paper's CIFAR-10-C evaluation; a batch that mixes two
      domains stops the test (choose a batch size that divides each
      domain's size).
    - ``reset='continual'``: once, before the first batch; the model keeps
      adapting across domains.
    - ``episodic=True``: also before every batch.

    The batch size is the test dataloader's; which parameters adapt is the
    model's (``norm_types``).

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): The test dataloader; its order is
            the order of adaptation, so it must not shuffle.
        evaluator (Evaluator | dict | list): The test evaluator.
        reset (str): ``'per_domain'`` or ``'continual'``. Defaults to
            ``'per_domain'``.
        episodic (bool): Reset before every batch. Defaults to False.
        domain_keys (Sequence[str]): Sample metainfo keys that name a
            sample's domain. Defaults to ``('corruption', 'severity')``.
        fp16 (bool): As mmengine's ``TestLoop``. Defaults to False.
    """

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, Dict],
                 evaluator: Union[Dict, List],
                 reset: str = 'per_domain',
                 episodic: bool = False,
                 domain_keys: Sequence[str] = ('corruption', 'severity'),
                 fp16: bool = False) -> None:
        if reset not in RESETS:
            raise ValueError(f'test_cfg.reset must be one of {RESETS}, got '
                             f'{reset!r}')
        super().__init__(runner, dataloader, evaluator, fp16)
        self.reset = reset
        self.episodic = bool(episodic)
        self.domain_keys = tuple(domain_keys)
        self._domain: Optional[tuple] = None

    @property
    def adapter(self):
        model = get_ori_model(self.runner.model)
        if not callable(getattr(model, 'reset', None)):
            raise TypeError(
                f'test_cfg.type=TestTimeAdaptLoop needs a test-time '
                f'adaptation model (e.g. BNAdapter, TentAdapter) as model; '
                f'{type(model).__name__} has no reset()')
        return model

    def protocol_settings(self) -> dict:
        """The protocol as data: what ``tools/test.py --out-metrics``
        writes beside the metrics (``test_time_adaptation``), so that a
        number is never separated from how it was measured."""
        model = self.adapter
        return dict(
            method=model.method,
            reset=self.reset,
            episodic=self.episodic,
            batch_size=self.dataloader.batch_size,
            norm_types=list(model.norm_types),
            adapted_parameters=model.adapted_parameter_names())

    def protocol(self) -> str:
        """The protocol in words, as logged."""
        p = self.protocol_settings()
        params = p['adapted_parameters']
        return (f'test-time adaptation: method={p["method"]}, '
                f'reset={p["reset"]}, episodic={p["episodic"]}, '
                f'batch_size={p["batch_size"]}, '
                f'norm_types={p["norm_types"]}, '
                f'adapted parameters={len(params)} '
                f'({", ".join(params) or "none: batch statistics only"})')

    def run(self) -> dict:
        print_log(self.protocol(), logger='current')
        self.runner.message_hub.update_info(PROTOCOL_KEY,
                                            self.protocol_settings())
        self._domain = None
        return super().run()

    def run_iter(self, idx, data_batch: Sequence[dict]) -> None:
        domain = self._batch_domain(idx, data_batch)
        if (self._domain is None or self.episodic
                or (self.reset == 'per_domain' and domain != self._domain)):
            self.adapter.reset()
        self._domain = domain
        super().run_iter(idx, data_batch)

    def _batch_domain(self, idx: int, data_batch: dict) -> tuple:
        samples = data_batch.get('data_samples') or []
        domains = {
            tuple(s.metainfo.get(k) for k in self.domain_keys)
            for s in samples
        }
        if self.reset == 'per_domain':
            if any(None in d for d in domains):
                raise KeyError(
                    f'test batch {idx}: a sample has no '
                    f'{"/".join(self.domain_keys)} (test_cfg.domain_keys) '
                    'in its metainfo, so the domain to reset on is '
                    'unknown; add them to PackInputs meta_keys')
            if len(domains) > 1:
                raise ValueError(
                    f'test batch {idx} mixes the domains '
                    f'{sorted(domains, key=str)} under test_cfg.reset='
                    "'per_domain'; choose a test_dataloader.batch_size "
                    f'(now {self.dataloader.batch_size}) that divides each '
                    'domain\'s size, or reset=\'continual\'')
        return min(domains, key=str) if domains else ()
