# Copyright (c) mmda contributors. All rights reserved.
from contextlib import contextmanager
from typing import Iterator, Optional, Sequence

from mmpretrain.models import ImageClassifier
from torch import Tensor

from mmda.models.plugins.plugin_labels import plugin_labels
from .loss_parsing import RankAveragedLosses


class BaseDAClassifier(RankAveragedLosses, ImageClassifier):
    """What mmda's classifiers share: how their losses are summed, the
    guard that keeps target labels out, and how label-needing plug-ins get
    their labels.

    - **Loss summing** (``parse_losses`` of :class:`RankAveragedLosses`):
      every term whose name holds ``'loss'`` is summed; the logged values
      are averaged over the ranks (one ``all_reduce``), not rank 0's
      alone as in mmengine. A head's
      own ``'loss'`` term is logged as ``'loss_cls'``, since ``'loss'``
      names the total. The values are returned whatever they are;
      ``NonFiniteStopHook`` stops the run at a non-finite one.
    - **Unlabelled data** (:meth:`check_unlabelled`): a batch that must
      come from ``UnlabeledDataset`` and carries a label is refused.
    - **Plug-in labels** (:meth:`announce_labels`): the protocol of
      :mod:`mmda.models.plugins.plugin_labels`.

    Arguments are those of mmpretrain's ``ImageClassifier``.
    """

    #: Label-needing plug-ins get their labels from the model's ``loss``.
    announces_plugin_labels = True

    @staticmethod
    def check_unlabelled(data_samples: Sequence, what: str) -> None:
        """Raise if any of ``data_samples`` carries a ground-truth label.

        Args:
            data_samples (Sequence[DataSample]): The batch's samples.
            what (str): The data they must be, named in the error.
        """
        if any('gt_label' in s or 'gt_score' in s for s in data_samples):
            raise RuntimeError(
                f'a {what} sample carries a label; that training set must be '
                'unlabelled (wrap its dataset in mmda.UnlabeledDataset)')

    @contextmanager
    def announce_labels(self, labels: Optional[Tensor]) -> Iterator[None]:
        """Within the block, label-needing plug-ins see ``labels`` for the
        first rows of each pass (see :func:`plugin_labels`)."""
        with plugin_labels(self, labels):
            yield
