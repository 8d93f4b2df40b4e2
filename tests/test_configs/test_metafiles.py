# Copyright (c) mmda contributors. All rights reserved.
"""The model zoo index: every metafile entry names a real config, and holds
measured results with the command that made them."""
import glob
import os.path as osp

import yaml
from tool_runs import REPO

PAPER = "Paper Results (the paper's, not measured by mmda)"


def _metafiles():
    with open(osp.join(REPO, 'model-index.yml')) as f:
        return yaml.safe_load(f)['Import']


def test_every_method_folder_is_indexed():
    folders = {
        osp.basename(osp.dirname(p))
        for p in glob.glob(osp.join(REPO, 'mmda/configs/*/*.py'))
    } - {'_base_'}
    indexed = {osp.basename(osp.dirname(p)) for p in _metafiles()}
    assert folders <= indexed, folders - indexed


def test_entries_name_real_configs_with_measured_results():
    for metafile in _metafiles():
        with open(osp.join(REPO, metafile)) as f:
            data = yaml.safe_load(f)
        collections = {c['Name'] for c in data['Collections']}
        for c in data['Collections']:
            # the papers' numbers are kept apart from what mmda measured
            assert set(c) <= {'Name', 'Metadata', 'Paper', PAPER, 'README'}
        for model in data['Models']:
            assert model['In Collection'] in collections
            config = osp.join(REPO, model['Config'])
            assert osp.isfile(config), config
            assert osp.basename(config) == model['Name'] + '.py'
            assert model['Command'].startswith('python ')
            for result in model['Results']:
                metrics = result['Metrics']
                values = metrics['Top 1 Accuracy per seed']
                assert values  # every entry was measured, on its seeds
                mean = sum(values) / len(values)
                assert abs(mean - metrics['Top 1 Accuracy']) < 0.01, model


def test_mim_search_shows_every_value_and_the_model_architecture():
    """``mim search`` prints ``key value`` lines 80 characters wide: a key
    longer than that (e.g. a long dataset name in ``<dataset>/<metric>``)
    blanks every value. Each digits model is a LeNet, whatever else its
    method's collection lists."""
    from mim.commands.search import convert2df
    from modelindex.load_model_index import load

    table = convert2df(load(osp.join(REPO, 'model-index.yml')))
    longest_key = max(len(key) for key in table.columns)
    # print_df leaves 80 - (longest key + 2) characters for each value
    assert 80 - (longest_key + 2) >= 30, longest_key
    for name, row in table.iterrows():
        assert 'top_1_accuracy' in ' '.join(row.dropna().index), name
        if '_lenet_' in name:
            assert row['architecture'] == 'lenet', (name, row['architecture'])
