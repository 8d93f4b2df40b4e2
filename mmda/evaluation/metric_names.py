# Copyright (c) mmda contributors. All rights reserved.
"""The metric keys a validation will log, known before it runs.

``CheckpointHook(save_best=key)`` looks ``key`` up only after the first
validation; a misspelt key would fail after the first training interval,
or never be saved at all. :func:`check_save_best` compares it with the
keys the validation will compute while the runner starts.
"""
from typing import Dict, List, Optional

from mmengine.hooks import CheckpointHook
from mmengine.logging import print_log


def metric_keys(metric) -> Optional[Dict[str, Optional[str]]]:
    """``{key: rule or None}`` that ``metric.evaluate`` returns, prefix
    included, or ``None`` if they cannot be known before it runs.

    Knows metrics with ``metric_names()`` (and ``metric_rules()``), such
    as mmda's validators, and mmpretrain's ``Accuracy``.
    """
    if hasattr(metric, 'metric_names'):
        rules = metric.metric_rules() if hasattr(metric,
                                                 'metric_rules') else {}
        return {k: rules.get(k) for k in metric.metric_names()}
    from mmpretrain.evaluation import Accuracy
    if type(metric) is Accuracy:
        names = []
        for k in metric.topk:
            for thr in metric.thrs:
                name = f'top{k}'
                if len(metric.thrs) > 1:
                    name += '_no-thr' if thr is None else f'_thr-{thr:.2f}'
                names.append(name)
        return {
            f'{metric.prefix}/{n}' if metric.prefix else n: 'greater'
            for n in names
        }
    return None


def evaluator_keys(evaluator) -> Optional[Dict[str, Optional[str]]]:
    """``{key: rule or None}`` of an ``Evaluator`` (or of the
    ``PrefixedEvaluators`` of a ``MultiValLoop``), or ``None`` if one of
    its metrics cannot tell."""
    prefixes = getattr(evaluator, 'prefixes', None)
    if prefixes is not None:
        keys = {}
        for prefix, inner in zip(prefixes, evaluator.evaluators):
            inner_keys = evaluator_keys(inner)
            if inner_keys is None:
                return None
            keys.update({f'{prefix}/{k}': r for k, r in inner_keys.items()})
        return keys
    keys = {}
    for metric in evaluator.metrics:
        found = metric_keys(metric)
        if found is None:
            return None
        keys.update(found)
    return keys


def check_save_best(runner, val_loop) -> None:
    """Refuse, before training, a ``save_best`` key that the validation
    never computes, or a ``rule`` opposite to a validator's direction.

    Args:
        runner (Runner): Its hooks are searched for ``CheckpointHook``\\ s.
        val_loop: The validation loop (``None``: the run never validates).

    Raises:
        ValueError: Naming the key, the rule and the keys available.
    """
    for hook in getattr(runner, 'hooks', []):
        if not isinstance(hook, CheckpointHook) or not hook.save_best:
            continue
        indicators = [k for k in hook.key_indicators if k != 'auto']
        if not indicators:
            continue
        if val_loop is None:
            raise ValueError(
                f'CheckpointHook(save_best={hook.save_best!r}) but the run '
                'never validates (no val_cfg / val_dataloader / '
                'val_evaluator, or --no-validate): no best checkpoint can '
                'be kept')
        keys = evaluator_keys(val_loop.evaluator)
        if keys is not None:
            # hooks that add metrics to each validation (DEVHook)
            for other in runner.hooks:
                if hasattr(other, 'metric_rules'):
                    keys.update(other.metric_rules())
        if keys is None:
            print_log(
                f'CheckpointHook(save_best={hook.save_best!r}): a '
                'validation metric does not declare its keys, so the key '
                'is checked only after the first validation',
                logger='current')
            continue
        rules: List[str] = list(getattr(hook, 'rules', []))
        for i, key in enumerate(indicators):
            if key not in keys:
                raise ValueError(
                    f'default_hooks.checkpoint.save_best = {key!r}, but the '
                    'validation never computes it; it computes '
                    f'{", ".join(sorted(keys))}')
            wanted = keys[key]
            rule = rules[hook.key_indicators.index(key)] if len(rules) == len(
                hook.key_indicators) else None
            if wanted is not None and rule is not None and rule != wanted:
                raise ValueError(
                    f'default_hooks.checkpoint: save_best = {key!r} with '
                    f'rule={rule!r}, but for {key!r} '
                    f'{"higher" if wanted == "greater" else "lower"} is '
                    f'better: set rule={wanted!r}')
