# Copyright (c) mmda contributors. All rights reserved.
"""The keys of a paired UDA batch, ``dict(source=..., target=...)``: made by
``UDATrainLoop``, normalised by ``UDADataPreprocessor``, read by
``UDAImageClassifier`` and ``PseudoLabelHook``."""

#: The labelled source domain's batch.
SOURCE = 'source'
#: The unlabelled target domain's batch.
TARGET = 'target'
#: Both, in the order they are concatenated for a joint forward.
DOMAINS = (SOURCE, TARGET)
