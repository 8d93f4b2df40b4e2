# Copyright (c) mmda contributors. All rights reserved.
import importlib.util
import os.path as osp

from tool_runs import REPO


def _generator():
    path = osp.join(REPO, 'tools', 'misc', 'gen_task_configs.py')
    spec = importlib.util.spec_from_file_location('gen_task_configs', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_leaves_equal_what_the_tables_generate(capsys):
    """Regenerating the per-task leaves changes nothing: the tables are
    their one home, and a leaf edited by hand is caught."""
    assert _generator().main(['--check']) == 0, capsys.readouterr().out


def test_a_hand_edited_leaf_is_reported(tmp_path, monkeypatch, capsys):
    gen = _generator()
    rel, text = next(iter(gen.all_leaves().items()))
    (tmp_path / osp.dirname(rel)).mkdir(parents=True)
    (tmp_path / rel).write_text(text + "model['head']['num_classes'] = 3\n")
    monkeypatch.setattr(gen, 'CONFIGS', str(tmp_path))
    assert gen.main(['--check']) == 1
    assert f'mmda/configs/{rel}' in capsys.readouterr().out


def test_every_task_of_each_benchmark_is_generated():
    leaves = _generator().all_leaves()
    names = {osp.basename(rel) for rel in leaves}
    # 145 UDA and DG leaves, MixStyle's and DSU's 2 x 16 DG leaves, and
    # DomainBed's protocol: 10 algorithms x 9 held-out domains
    assert len(leaves) == 145 + 2 * 16 + 10 * 9
    assert 'dann_resnet50_10k_office_home_rw2pr.py' in names
    assert 'shot_source_resnet50_50e_office_home_real_world.py' in names
    assert 'cnsn_resnet18_30e_vlcs_voc2007.py' in names
    assert 'vrex_mnistcnn_5k_colored_mnist_minus90.py' in names
