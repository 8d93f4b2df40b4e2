# Copyright (c) mmda contributors. All rights reserved.
"""tools/dataset_converters/make_corruptions.py writes what CIFAR10C
reads."""
import importlib.util
import json
import os.path as osp
import sys

import numpy as np
import pytest
from synthetic_data import folder_domain, make_cifar10, write_list

from mmda.datasets import CIFAR10C, CORRUPTIONS

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def load_tool():
    path = osp.join(REPO, 'tools/dataset_converters/make_corruptions.py')
    spec = importlib.util.spec_from_file_location('make_corruptions', path)
    module = importlib.util.module_from_spec(spec)
    # its worker processes find their function by the module's name
    sys.modules['make_corruptions'] = module
    spec.loader.exec_module(module)
    return module


def test_all_15_corruptions_from_cifar_batches(tmp_path):
    tool = load_tool()
    assert tool.corruption_names() == list(CORRUPTIONS)
    make_cifar10(str(tmp_path / 'cifar'), test=(9, 0))
    out = tmp_path / 'c'
    cfg = f"dict(type='CIFAR10Batches', data_root='{tmp_path / 'cifar'}', " \
          "split='test')"
    assert tool.main([str(out), '--dataset', cfg]) == 0
    ds = CIFAR10C(str(out), pipeline=[dict(type='PackInputs')])
    assert len(ds) == 15 * 5 * 2
    labels = np.load(out / 'labels.npy')
    assert list(labels) == [9, 0] * 5
    for i in range(0, len(ds), 7):
        info = ds.get_data_info(i)
        assert info['gt_label'] == (9, 0)[info['row'] % 2]
        assert info['img'].shape == (32, 32, 3)
    meta = json.loads((out / 'meta.json').read_text())
    assert meta['classes'][0] == 'airplane' and meta['num_images'] == 2
    # the source images are uniform: noise makes them vary, more at
    # higher severity
    noise = np.load(out / 'gaussian_noise.npy').astype(float)
    assert noise.shape == (10, 32, 32, 3)
    assert noise[8:].std() > noise[:2].std() > 0


def test_seeded_and_independent_of_workers(tmp_path):
    tool = load_tool()
    folder_domain(
        str(tmp_path / 'src'), 'test', ('a', 'b'), per_class=2, ext='png')
    args = [
        '--image-folder',
        str(tmp_path / 'src/test'), '--corruptions', 'shot_noise',
        'glass_blur', '--size', '32', '32'
    ]
    tool.main([str(tmp_path / 'one')] + args)
    tool.main([str(tmp_path / 'two')] + args + ['--workers', '2'])
    tool.main([str(tmp_path / 'other')] + args + ['--seed', '1'])
    a = np.load(tmp_path / 'one/shot_noise.npy')
    assert a.shape == (20, 32, 32, 3)
    assert np.array_equal(a, np.load(tmp_path / 'two/shot_noise.npy'))
    assert not np.array_equal(a, np.load(tmp_path / 'other/shot_noise.npy'))
    assert list(np.load(tmp_path / 'one/labels.npy')) == [0, 0, 1, 1] * 5


def test_image_list_and_bad_inputs(tmp_path):
    tool = load_tool()
    entries = folder_domain(str(tmp_path), 'imgs', ('a', 'b'), per_class=1)
    write_list(str(tmp_path / 'list.txt'), entries)
    with pytest.raises(ValueError, match='need at least 32x32: pass --size'):
        tool.main([
            str(tmp_path / 'out'), '--image-list',
            str(tmp_path / 'list.txt')
        ])
    tool.main([
        str(tmp_path / 'out'), '--image-list',
        str(tmp_path / 'list.txt'), '--corruptions', 'contrast', '--size',
        '32', '40'
    ])
    assert np.load(tmp_path / 'out/contrast.npy').shape == (10, 32, 40, 3)
    # images of different sizes need --size
    import cv2
    cv2.imwrite(str(tmp_path / entries[1][0]), np.zeros((9, 8, 3), np.uint8))
    with pytest.raises(
            ValueError, match='9 but the first is 8x8; pass '
            '--size H W'):
        tool.main([
            str(tmp_path / 'x'), '--image-list',
            str(tmp_path / 'list.txt'), '--corruptions', 'fog'
        ])
    with pytest.raises(SystemExit):
        tool.parse_args([
            str(tmp_path / 'x'), '--image-folder', '.', '--corruptions', 'rain'
        ])
