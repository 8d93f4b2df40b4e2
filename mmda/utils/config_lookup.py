# Copyright (c) mmda contributors. All rights reserved.
"""Find an mmda config by its file name, as ``mim train openmmda NAME``
does."""
import difflib
import os.path as osp
from glob import glob
from typing import Dict, List, Optional

#: mmda's packaged configs: pure-Python modules under ``mmda/configs``.
CONFIG_ROOT = osp.join(
    osp.dirname(osp.dirname(osp.abspath(__file__))), 'configs')


def packaged_configs(root: str = CONFIG_ROOT) -> Dict[str, List[str]]:
    """Map each runnable packaged config's file name to its path(s).

    ``_base_`` is left out: its files are parts to inherit, not tasks to
    run, and some share a name with a task (e.g. ``digits.py``).

    Args:
        root (str): The configs folder. Defaults to ``mmda/configs``.

    Returns:
        dict[str, list[str]]: ``{'dann_lenet_2k_digits_uci2mnist5k.py':
        ['.../mmda/configs/dann/dann_lenet_2k_digits_uci2mnist5k.py']}``.
    """
    found: Dict[str, List[str]] = {}
    for path in sorted(glob(osp.join(root, '**', '*.py'), recursive=True)):
        rel = osp.relpath(path, root)
        if rel.split(
                osp.sep)[0] == '_base_' or osp.basename(path) == '__init__.py':
            continue
        found.setdefault(osp.basename(path), []).append(path)
    return found


def find_config(config: str, root: str = CONFIG_ROOT) -> str:
    """Return the path of ``config``: an existing file, or a packaged config.

    A path that exists is returned as it is. Otherwise its file name (with
    or without ``.py``) is looked up among mmda's packaged configs, so that
    ``tools/train.py dann_lenet_2k_digits_uci2mnist5k.py`` works from any
    folder, as ``mim train openmmda`` does. Packaged config names are unique,
    so the folders given (e.g. ``configs/dann/``) do not matter.

    Args:
        config (str): What the user gave: a path or a config name.
        root (str): The packaged configs' folder. Defaults to
            ``mmda/configs``.

    Returns:
        str: The path of the config file.

    Raises:
        FileNotFoundError: Nothing matches; the message names ``config``
            and the closest packaged config names.
    """
    if osp.isfile(config):
        return config
    name = osp.basename(config)
    if not name.endswith('.py'):
        name += '.py'
    configs = packaged_configs(root)
    matches = configs.get(name, [])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise FileNotFoundError(
            f'config name {config!r} is ambiguous: packaged configs '
            f'{matches} share it; give one of these paths')
    close = closest_config_names(name, configs)
    hint = (f' Closest config names: {", ".join(close)}.' if close else
            ' `python -c "from mmda.utils import packaged_configs; '
            'print(sorted(packaged_configs()))"` lists them.')
    raise FileNotFoundError(
        f'config file {config!r} does not exist, and no packaged mmda config '
        f'(under {root}) is named {name!r}.{hint}')


def closest_config_names(
        name: str,
        configs: Optional[Dict[str, List[str]]] = None) -> List[str]:
    """The packaged config names closest to ``name``, best first.

    Args:
        name (str): A config name, with or without ``.py``.
        configs (dict, optional): As returned by :func:`packaged_configs`.
            Defaults to mmda's packaged configs.

    Returns:
        list[str]: Up to five file names, e.g.
        ``['dann_lenet_2k_digits_uci2mnist5k.py']``.
    """
    if configs is None:
        configs = packaged_configs()
    stems = {osp.splitext(n)[0]: n for n in configs}
    # Config names are importable module names: an old dashed or dotted
    # name (``..._digits-uci2mnist5k``) is compared with ``_`` in their
    # place, so that its new name ranks first.
    key = osp.splitext(osp.basename(name))[0].replace('-',
                                                      '_').replace('.', '_')
    close = difflib.get_close_matches(key, list(stems), n=5, cutoff=0.6)
    return [stems[c] for c in close]
