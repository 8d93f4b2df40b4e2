# Copyright (c) mmda contributors. All rights reserved.
"""Write a CIFAR-10-C style set from any image dataset.

For each corruption, ``OUT/<corruption>.npy`` holds the dataset's images
corrupted at severities 1..5, stacked in that order (uint8, ``(5 * N, H, W,
3)``, RGB), and ``OUT/labels.npy`` the labels repeated 5 times: the layout
that :class:`mmda.datasets.CIFAR10C` reads. ``OUT/meta.json`` records the
source, the classes and the seed.

The corruptions are those of Hendrycks & Dietterich (ICLR 2019) as the
``imagecorruptions`` package implements them (the ``imagecorruptions-imaug``
release, which works with numpy 2). Its parameters are ImageNet-C's; the
official CIFAR-10-C release used parameters tuned for 32x32 images, so a set
made here from CIFAR-10 is of the same kind but not identical with it.

Each image is corrupted with its own seed, derived from ``--seed``, the
corruption, the severity and the image's index, so the output does not
depend on ``--workers``.

Examples::

    # CIFAR-10's test split (python batches), all 15 corruptions
    python tools/dataset_converters/make_corruptions.py data/cifar10-c-made \\
        --dataset "dict(type='CIFAR10Batches', data_root='data/cifar10', \\
                        split='test')"
    # a folder with one sub-folder per class, resized to 64x64
    python tools/dataset_converters/make_corruptions.py out/ \\
        --image-folder data/my_set/test --size 64 64 --workers 8
    # an image list (path label per line)
    python tools/dataset_converters/make_corruptions.py out/ \\
        --image-list data/office31/image_list/amazon.txt \\
        --data-root data/office31 --size 224 224 --corruptions fog snow
"""
import argparse
import ast
import json
import os
import os.path as osp
import sys
from multiprocessing import get_context

import numpy as np

SEVERITIES = (1, 2, 3, 4, 5)
_IMAGES = None  # the source images, shared with forked workers


def corruption_names():
    from imagecorruptions import get_corruption_names
    return list(get_corruption_names('common'))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Write a CIFAR-10-C style set (one .npy per corruption, '
        '5 severities stacked, plus labels.npy) from an image dataset.')
    parser.add_argument('out_dir', help='the folder to write')
    src = parser.add_mutually_exclusive_group(required=True)
    src.add_argument(
        '--dataset',
        help='an mmda/mmpretrain dataset config as a Python dict literal, '
        "e.g. \"dict(type='CIFAR10Batches', data_root='data/cifar10', "
        "split='test')\"")
    src.add_argument(
        '--image-folder',
        help='a folder with one sub-folder of images per class')
    src.add_argument(
        '--image-list', help='a file with a "path label" line per image')
    parser.add_argument(
        '--data-root',
        default=None,
        help='what the paths of --image-list are relative '
        'to (default: the list\'s folder)')
    parser.add_argument(
        '--corruptions',
        nargs='+',
        default=None,
        help='corruption names (default: the 15 standard)')
    parser.add_argument(
        '--size',
        nargs=2,
        type=int,
        metavar=('H', 'W'),
        help='resize every image to H x W first (required '
        'when the images differ in size)')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--workers', type=int, default=1)
    args = parser.parse_args(argv)
    known = corruption_names()
    if args.corruptions is None:
        args.corruptions = known
    for c in args.corruptions:
        if c not in known:
            parser.error(f'unknown corruption {c!r}; expected one of '
                         f'{", ".join(known)}')
    if args.workers < 1:
        parser.error('--workers must be at least 1')
    return args


def _literal_dict(text):
    """``dict(a=1)`` or ``{'a': 1}``, read without evaluating code."""
    tree = ast.parse(text, mode='eval').body
    if isinstance(tree, ast.Call) and getattr(tree.func, 'id', '') == 'dict' \
            and not tree.args:
        return {kw.arg: ast.literal_eval(kw.value) for kw in tree.keywords}
    value = ast.literal_eval(tree)
    if not isinstance(value, dict):
        raise ValueError(f'--dataset must be a dict, got {text!r}')
    return value


def build_dataset(args):
    from mmengine.registry import DefaultScope

    from mmda.registry import DATASETS
    from mmda.utils import register_all_modules
    register_all_modules(init_default_scope=False)
    if args.dataset:
        cfg = _literal_dict(args.dataset)
        cfg.pop('pipeline', None)
        source = args.dataset
    elif args.image_folder:
        if not osp.isdir(args.image_folder):
            raise FileNotFoundError(
                f'--image-folder {args.image_folder!r} is not a folder')
        cfg = dict(type='CustomDataset', data_prefix=args.image_folder)
        source = f'image folder {args.image_folder}'
    else:
        if not osp.isfile(args.image_list):
            raise FileNotFoundError(
                f'--image-list {args.image_list!r} does not exist')
        root = args.data_root or osp.dirname(osp.abspath(args.image_list))
        cfg = dict(
            type='CustomDataset',
            ann_file=osp.abspath(args.image_list),
            data_prefix=root)
        source = f'image list {args.image_list}'
    with DefaultScope.overwrite_default_scope('mmda'):
        dataset = DATASETS.build(cfg)
    return dataset, source


def read_images(dataset, size=None):
    """All images as uint8 RGB ``(N, H, W, 3)`` and labels ``(N,)``."""
    import cv2
    import mmcv
    images, labels = [], []
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        if 'gt_label' not in info:
            raise ValueError(f'sample {i} ({info.get("img_path", "")}) has no '
                             'label; expected a labelled dataset')
        if 'img' in info:
            img = np.asarray(info['img'])
            # mmda's array datasets hold RGB (or grey) images
        else:
            path = info['img_path']
            if not osp.isfile(path):
                raise FileNotFoundError(f'sample {i}: image {path!r} does '
                                        'not exist')
            img = mmcv.imread(path, channel_order='rgb')
            if img is None:
                raise ValueError(f'sample {i}: cannot decode {path!r}; '
                                 'expected a readable image file')
        if img.ndim == 3 and img.shape[2] == 1:
            img = img[..., 0]
        if img.ndim == 2:
            img = np.repeat(img[..., None], 3, axis=2)
        if size is not None and img.shape[:2] != tuple(size):
            img = cv2.resize(
                img, (size[1], size[0]), interpolation=cv2.INTER_AREA)
        if images and img.shape != images[0].shape:
            raise ValueError(
                f'sample {i} ({info.get("img_path", "")}) is '
                f'{img.shape[1]}x{img.shape[0]} but the first is '
                f'{images[0].shape[1]}x{images[0].shape[0]}; pass --size H W '
                'to resize all images to one size')
        images.append(img.astype(np.uint8))
        labels.append(int(info['gt_label']))
    if not images:
        raise ValueError('the dataset is empty')
    h, w = images[0].shape[:2]
    if min(h, w) < 32:
        raise ValueError(f'the images are {w}x{h}; the corruptions need at '
                         'least 32x32: pass --size H W (e.g. --size 32 32 '
                         'for digits)')
    return np.stack(images), np.asarray(labels, dtype=np.int64)


def _seed(seed, corruption_idx, severity, index):
    return int(
        np.random.SeedSequence([seed, corruption_idx, severity,
                                index]).generate_state(1)[0])


def _corrupt_range(task):
    from imagecorruptions import corrupt
    name, c_idx, severity, seed, start, stop = task
    out = np.empty((stop - start, ) + _IMAGES.shape[1:], dtype=np.uint8)
    for i in range(start, stop):
        np.random.seed(_seed(seed, c_idx, severity, i))
        img = corrupt(_IMAGES[i], corruption_name=name, severity=severity)
        img = np.asarray(img)
        if img.shape != _IMAGES[i].shape:
            raise RuntimeError(f'{name} at severity {severity} returned shape '
                               f'{img.shape} for an image of '
                               f'{_IMAGES[i].shape}')
        out[i - start] = np.clip(img, 0, 255).astype(np.uint8)
    return start, out


def make_corruptions(images,
                     labels,
                     out_dir,
                     corruptions,
                     seed=0,
                     workers=1,
                     log=print):
    global _IMAGES
    _IMAGES = images
    n = len(images)
    os.makedirs(out_dir, exist_ok=True)
    known = corruption_names()
    chunk = max(1, min(256, -(-n // (4 * workers))))
    pool = get_context('fork').Pool(workers) if workers > 1 else None
    try:
        for name in corruptions:
            c_idx = known.index(name)
            stacked = np.empty(
                (len(SEVERITIES) * n, ) + images.shape[1:], dtype=np.uint8)
            for s in SEVERITIES:
                tasks = [(name, c_idx, s, seed, a, min(a + chunk, n))
                         for a in range(0, n, chunk)]
                results = (
                    pool.imap_unordered(_corrupt_range, tasks)
                    if pool else map(_corrupt_range, tasks))
                for start, block in results:
                    base = (s - 1) * n + start
                    stacked[base:base + len(block)] = block
            np.save(osp.join(out_dir, f'{name}.npy'), stacked)
            log(f'wrote {name}.npy {stacked.shape}')
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    np.save(osp.join(out_dir, 'labels.npy'), np.tile(labels, len(SEVERITIES)))


def main(argv=None):
    args = parse_args(argv)
    dataset, source = build_dataset(args)
    images, labels = read_images(dataset, args.size)
    print(f'{len(images)} images of {images.shape[2]}x{images.shape[1]} from '
          f'{source}')
    make_corruptions(images, labels, args.out_dir, args.corruptions, args.seed,
                     args.workers)
    try:
        from importlib.metadata import version
        package = f'imagecorruptions-imaug {version("imagecorruptions-imaug")}'
    except Exception:  # metadata missing: record without the version
        package = 'imagecorruptions'
    classes = dataset.metainfo.get('classes')
    meta = dict(
        source=source,
        num_images=int(len(images)),
        image_size=list(images.shape[1:3]),
        classes=list(classes) if classes else None,
        corruptions=list(args.corruptions),
        severities=list(SEVERITIES),
        seed=args.seed,
        implementation=package,
        layout='<corruption>.npy: (5 * N, H, W, 3) uint8 RGB, '
        'severity s in rows (s - 1) * N to s * N; '
        'labels.npy: (5 * N,)')
    with open(osp.join(args.out_dir, 'meta.json'), 'w') as f:
        json.dump(meta, f, indent=2)
    print(f'done: {args.out_dir}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
