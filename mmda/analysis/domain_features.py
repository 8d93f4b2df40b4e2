# Copyright (c) mmda contributors. All rights reserved.
"""Features of a trained mmda model on the source and target test sets.

The analysis tools (t-SNE, proxy A-distance, feature norms, confusion
matrix) all start from a config and a checkpoint. By mmda's convention a
UDA config's ``val_dataloader`` is the source domain's held-out split and
its ``test_dataloader`` the target's, so these are the default loaders.
"""
import argparse
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple

from mmengine.config import Config, DictAction
from mmengine.runner import set_random_seed
from torch import nn

from mmda.registry import MODELS
from mmda.utils import register_all_modules
from .checkpoint_match import load_matching_checkpoint
from .feature_extraction import (PRE_LOGITS, FeatureSet,
                                 build_capped_dataloader, extract_features)

#: Domain name -> config field of its held-out split.
DEFAULT_LOADERS = {'source': 'val_dataloader', 'target': 'test_dataloader'}


def add_feature_arguments(parser: argparse.ArgumentParser,
                          max_samples: Optional[int] = 1000,
                          size_px: Optional[Tuple[int, int]] = None) -> None:
    """Add the arguments every feature-based analysis tool takes.

    Args:
        parser (ArgumentParser): The tool's parser.
        max_samples (int, optional): Default cap on samples per domain.
        size_px (tuple[int, int], optional): Default figure size; tools
            that draw nothing leave it out and get no ``--size``.
    """
    parser.add_argument(
        'config', help='the config the model was trained '
        'with')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--layer',
        default=PRE_LOGITS,
        help='where to take features: "pre_logits" (the classifier input, '
        'default) or a submodule name such as "backbone" or "neck"')
    parser.add_argument(
        '--max-samples',
        type=int,
        default=max_samples,
        help='random samples kept per domain (default: %(default)s; 0 keeps '
        'all)')
    parser.add_argument(
        '--source-loader',
        default=DEFAULT_LOADERS['source'],
        help='config field of the source test split (default: %(default)s)')
    parser.add_argument(
        '--target-loader',
        default=DEFAULT_LOADERS['target'],
        help='config field of the target test split (default: %(default)s)')
    parser.add_argument(
        '--seed',
        type=int,
        default=0,
        help='seed of the subsampling and of the analysis')
    parser.add_argument(
        '--out-dir',
        help='where to write figures (default: an "analysis" '
        'folder next to the checkpoint)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, xxx=yyy as in tools/test.py')
    if size_px is not None:
        parser.add_argument(
            '--size',
            type=int,
            nargs=2,
            default=tuple(size_px),
            metavar=('WIDTH', 'HEIGHT'),
            help='PNG size in pixels (default: %(default)s)')


def figure_title(args: argparse.Namespace, detail: str) -> str:
    """``<config name>`` over ``<detail>``, the title of a tool's figure
    (two lines, since config names are long)."""
    return f'{osp.splitext(osp.basename(args.config))[0]}\n{detail}'


def load_config(path: str, cfg_options: Optional[dict] = None) -> Config:
    """Read a config and apply ``--cfg-options`` overrides."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'config file {path!r} does not exist')
    cfg = Config.fromfile(path)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    return cfg


def build_trained_model(cfg: Config, checkpoint: str) -> nn.Module:
    """Build ``cfg.model`` and load ``checkpoint`` into it, exactly.

    Args:
        cfg (Config): The config (``cfg.filename`` is named in errors).
        checkpoint (str): Checkpoint path.

    Returns:
        nn.Module: The model on CPU, in eval mode.
    """
    register_all_modules(init_default_scope=True)
    model = MODELS.build(cfg.model)
    load_matching_checkpoint(
        model, checkpoint, config_name=cfg.filename or 'the config')
    return model.eval()


def domain_features(
    cfg: Config,
    model: nn.Module,
    loaders: Dict[str, str],
    layer: str = PRE_LOGITS,
    max_samples: Optional[int] = None,
    seed: int = 0,
    progress: bool = True
) -> Tuple[Dict[str, FeatureSet], Optional[List[str]]]:
    """Extract features of each domain's held-out split.

    Args:
        cfg (Config): The config holding the loaders.
        model (nn.Module): The trained model.
        loaders (dict[str, str]): Domain name to config field, e.g.
            :data:`DEFAULT_LOADERS`.
        layer (str): See :func:`extract_features`.
        max_samples (int, optional): Cap per domain; ``None`` keeps all.
        seed (int): Seed of the subsets and of random test transforms.
        progress (bool): Show a progress bar per domain.

    Returns:
        tuple[dict[str, FeatureSet], list[str] | None]: Features per domain
        and the class names (of the first domain that declares them).
    """
    feats, classes = {}, None
    for domain, field in loaders.items():
        loader_cfg = cfg.get(field)
        if not loader_cfg:
            raise KeyError(
                f'{cfg.filename}: no {field!r}, the {domain} domain\'s test '
                f'split; pass --{domain}-loader with the right config field')
        # Test pipelines may hold random crops; fix them per domain.
        set_random_seed(seed)
        dataloader, names = build_capped_dataloader(loader_cfg, max_samples,
                                                    seed)
        if progress:
            print(
                f'extracting {domain} features ({field}, '
                f'{len(dataloader.dataset)} samples)',
                flush=True)
        feats[domain] = extract_features(model, dataloader, layer, progress)
        classes = classes or (list(names) if names else None)
    return feats, classes


def features_from_args(
    args: argparse.Namespace, domains: Sequence[str] = ('source', 'target')
) -> Tuple[Dict[str, FeatureSet], Optional[List[str]], str]:
    """Everything a feature-based tool needs, from its parsed arguments.

    Args:
        args (Namespace): Parsed by a parser given
            :func:`add_feature_arguments`.
        domains (Sequence[str]): Which domains to extract.

    Returns:
        tuple: Features per domain, class names, and the output folder.
    """
    cfg = load_config(args.config, args.cfg_options)
    model = build_trained_model(cfg, args.checkpoint)
    fields = {'source': args.source_loader, 'target': args.target_loader}
    feats, classes = domain_features(
        cfg,
        model, {d: fields[d]
                for d in domains},
        layer=args.layer,
        max_samples=args.max_samples or None,
        seed=args.seed)
    out_dir = args.out_dir or osp.join(
        osp.dirname(osp.abspath(args.checkpoint)), 'analysis')
    return feats, classes, out_dir
