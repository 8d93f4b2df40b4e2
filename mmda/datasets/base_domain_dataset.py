# Copyright (c) mmda contributors. All rights reserved.
"""The common base of the image-file domain datasets.

A domain dataset reads one or more domains of a benchmark, each either from
its folder-per-class layout or from an image-list file (``path label`` per
line). Images are not read here: each sample carries ``img_path`` and the
pipeline's ``LoadImageFromFile`` (mmcv) reads it. Every check that can be
made on the files is made when the dataset loads, and every failure raises
an error that names the file or the domain and says what was expected:
nothing is ever dropped silently.
"""
import os
import os.path as osp
import re
from typing import Dict, List, Optional, Sequence, Tuple, Union

from mmengine.logging import print_log
from mmpretrain.datasets import CustomDataset

IMG_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif',
                  '.tiff', '.webp')
# Files that image folders commonly hold besides the images.
_IGNORED_FILES = ('.ds_store', 'thumbs.db', 'desktop.ini')
_MAX_LISTED = 5


class DatasetFormatError(ValueError):
    """A dataset's files exist but do not hold what the format requires."""


def build_transforms(kwargs: dict) -> dict:
    """Build a ``pipeline`` given as configs in mmda's registry.

    mmpretrain's ``BaseDataset`` builds transforms in mmpretrain's registry,
    which does not see mmda's (``GrayToRGB``) outside the ``mmda`` scope.
    mmda's registry sees both, and mmcv's.
    """
    from mmda.registry import TRANSFORMS
    if kwargs.get('pipeline'):
        kwargs['pipeline'] = [
            TRANSFORMS.build(t) if isinstance(t, dict) else t
            for t in kwargs['pipeline']
        ]
    return kwargs


def check_root(name: str, data_root: str, expected: str) -> str:
    """Return ``data_root`` expanded, or raise if it is not a folder."""
    if not data_root:
        raise ValueError(f'{name}: data_root is empty; expected the folder '
                         f'that holds {expected}')
    root = osp.expanduser(str(data_root))
    if not osp.isdir(root):
        what = 'is a file, not a folder' if osp.exists(root) else \
            'does not exist'
        raise FileNotFoundError(
            f'{name}: data_root {root!r} {what}; expected the folder that '
            f'holds {expected} (see docs/datasets.md)')
    return root


def _listing(items: Sequence[str], n: int = _MAX_LISTED) -> str:
    items = list(items)
    shown = ', '.join(map(str, items[:n]))
    return shown + (f', ... ({len(items)} in all)' if len(items) > n else '')


def read_image_list(list_file: str,
                    name: str) -> List[Tuple[int, str, Optional[str]]]:
    """Read an image list: ``(line_number, path, label_or_None)`` a line.

    A line is ``path label`` (the path may hold spaces; the label is the last
    field) or ``path`` alone. Blank lines and ``#`` comments are skipped. A
    list must be all labelled or all unlabelled.
    """
    if not osp.isfile(list_file):
        raise FileNotFoundError(f'{name}: image list {list_file!r} does not '
                                'exist')
    entries = []
    with open(list_file, encoding='utf-8') as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith('#'):
                continue
            parts = line.rsplit(None, 1)
            if len(parts) == 2 and re.fullmatch(r'[+-]?\d+', parts[1]):
                entries.append((lineno, parts[0], parts[1]))
            else:
                entries.append((lineno, line, None))
    if not entries:
        raise DatasetFormatError(
            f'{name}: image list {list_file!r} has no entries; expected one '
            '"path label" line per image')
    labelled = [e[2] is not None for e in entries]
    if any(labelled) and not all(labelled):
        bad = [e for e in entries if e[2] is None][0]
        raise DatasetFormatError(
            f'{name}: {list_file}:{bad[0]}: {bad[1]!r} has no label while '
            'other lines do; expected "path label" on every line')
    return entries


class DomainDataset(CustomDataset):
    """Base of the benchmarks whose domains are folders of image files.

    Subclasses describe a benchmark with class attributes:

    - ``METAINFO['classes']``: the class names in the standard order.
    - ``DOMAINS``: the domain names; ``DOMAIN_ALIASES`` maps other spellings
      (lower case) to them.
    - ``SPLITS``: the accepted ``split`` values (``None`` is the whole
      domain).
    - ``list_candidates(domain, split)``: image-list files, relative to
      ``data_root``, tried in order.
    - ``folder_candidates(domain, split)``: folders of the folder-per-class
      layout, relative to ``data_root``, tried in order; empty where the
      split exists only as a list.
    - ``IMAGE_ROOTS``: folders, relative to ``data_root``, that the paths of
      a list may be relative to.
    - ``LABEL_OFFSET``: what the lists' labels start at (1 for PACS).

    Each sample has ``img_path``, ``gt_label`` (where labelled), ``domain``
    (the domain's name) and ``domain_idx`` (its index in ``domains``).

    Args:
        data_root (str): The benchmark's folder.
        domain (str | list[str]): The domain, or several domains (for domain
            generalisation), which are concatenated in the given order.
        split (str, optional): The split, where the benchmark has official
            splits. Defaults to None, the whole domain.
        ann_file (str | dict, optional): An image list to read instead of the
            default one, relative to ``data_root`` or absolute; a dict maps
            each domain to its list. Defaults to ''.
        layout (str): ``'auto'`` (an image list if one is found, else the
            folder-per-class layout), ``'list'`` or ``'folder'``.
        label_offset (int, optional): What the labels of the lists start at.
            Defaults to the benchmark's ``LABEL_OFFSET``.
        verify_images (bool): Fully decode every image when loading, so that
            a corrupt file fails at once instead of when it is first drawn.
            Slow on large sets. Defaults to False.
        **kwargs: Other arguments of mmpretrain's ``BaseDataset``
            (``pipeline``, ``test_mode``, ``indices``, ``classes``...).
    """

    DOMAINS: Tuple[str, ...] = ()
    DOMAIN_ALIASES: Dict[str, str] = {}
    SPLITS: Tuple[Optional[str], ...] = (None, )
    IMAGE_ROOTS: Tuple[str, ...] = ('', )
    LABEL_OFFSET = 0
    # Whether class folders may be named by the class index ("0", "1"...).
    NUMERIC_CLASS_DIRS = False
    # Domains released without labels (VisDA-2017's test set): their lists
    # may lack labels and their folders need not be class folders.
    LABELS_OPTIONAL_DOMAINS: Tuple[str, ...] = ()
    # Shown in errors: what data_root should hold.
    LAYOUT_HINT = ''

    def __init__(self,
                 data_root: str,
                 domain: Union[str, Sequence[str], None] = None,
                 split: Optional[str] = None,
                 ann_file: Union[str, Dict[str, str]] = '',
                 layout: str = 'auto',
                 label_offset: Optional[int] = None,
                 verify_images: bool = False,
                 extensions: Sequence[str] = IMG_EXTENSIONS,
                 **kwargs) -> None:
        name = type(self).__name__
        self.domains = self.resolve_domains(domain)
        if split not in self.SPLITS:
            raise ValueError(
                f'{name}: unknown split {split!r}; expected one of '
                f'{", ".join(map(repr, self.SPLITS))}')
        if layout not in ('auto', 'list', 'folder'):
            raise ValueError(f'{name}: layout must be "auto", "list" or '
                             f'"folder", got {layout!r}')
        if isinstance(ann_file, dict):
            unknown = set(ann_file) - set(self.domains)
            if unknown:
                raise ValueError(
                    f'{name}: ann_file names domains {sorted(unknown)} that '
                    f'are not among the selected domains {self.domains}')
        elif ann_file and len(self.domains) > 1:
            raise ValueError(
                f'{name}: one ann_file for {len(self.domains)} domains; pass '
                'a dict that maps each domain to its image list')
        self.split = split
        self.root = check_root(name, data_root, self.LAYOUT_HINT
                               or 'the benchmark')
        self.domain_ann_files = ann_file
        self.layout = layout
        self.label_offset = (
            self.LABEL_OFFSET if label_offset is None else int(label_offset))
        self.verify_images = verify_images
        self.sources: Dict[str, str] = {}
        super().__init__(
            data_root=self.root,
            data_prefix='',
            ann_file='',
            extensions=extensions,
            **build_transforms(kwargs))
        self._metainfo['domains'] = tuple(self.domains)

    # ----------------------------------------------------------- domains
    @classmethod
    def resolve_domain(cls, domain: str) -> str:
        """The canonical name of a domain, or an error listing them."""
        if isinstance(domain, str):
            for d in cls.DOMAINS:
                if domain.lower() == d.lower():
                    return d
            alias = cls.DOMAIN_ALIASES.get(domain.lower())
            if alias is not None:
                return alias
        raise ValueError(
            f'{cls.__name__}: unknown domain {domain!r}; expected one of '
            f'{", ".join(cls.DOMAINS)}')

    @classmethod
    def resolve_domains(cls, domain) -> List[str]:
        if domain is None:
            if len(cls.DOMAINS) == 1:
                return [cls.DOMAINS[0]]
            raise ValueError(
                f'{cls.__name__}: no domain given; expected one of '
                f'{", ".join(cls.DOMAINS)} (or a list of them)')
        names = [domain] if isinstance(domain, str) else list(domain)
        if not names:
            raise ValueError(f'{cls.__name__}: the list of domains is empty')
        resolved = [cls.resolve_domain(d) for d in names]
        if len(set(resolved)) != len(resolved):
            raise ValueError(
                f'{cls.__name__}: a domain is given twice in {names}')
        return resolved

    # ------------------------------------------------------------ layout
    def list_candidates(self, domain: str, split: Optional[str]) -> List[str]:
        return []

    def folder_candidates(self, domain: str,
                          split: Optional[str]) -> List[str]:
        return [domain] if split is None else []

    def image_roots(self, domain: str, split: Optional[str]) -> List[str]:
        return list(self.IMAGE_ROOTS)

    def labels_optional(self, domain: str) -> bool:
        return domain in self.LABELS_OPTIONAL_DOMAINS

    def _find_source(self, domain: str) -> Tuple[str, str]:
        """``('list', file)`` or ``('folder', dir)`` for a domain."""
        name = type(self).__name__
        explicit = (
            self.domain_ann_files.get(domain) if isinstance(
                self.domain_ann_files, dict) else self.domain_ann_files)
        if explicit:
            path = osp.join(self.root, osp.expanduser(explicit))
            if not osp.isfile(path):
                raise FileNotFoundError(
                    f'{name}: image list {path!r} for domain {domain!r} '
                    'does not exist')
            return 'list', path
        tried = []
        if self.layout in ('auto', 'list'):
            for rel in self.list_candidates(domain, self.split):
                path = osp.join(self.root, rel)
                tried.append(path)
                if osp.isfile(path):
                    return 'list', path
        if self.layout in ('auto', 'folder'):
            for rel in self.folder_candidates(domain, self.split):
                path = osp.join(self.root, rel)
                tried.append(path + os.sep)
                if osp.isdir(path):
                    return 'folder', path
        split = '' if self.split is None else f', split {self.split!r}'
        raise FileNotFoundError(
            f'{name}: found no data for domain {domain!r}{split} under '
            f'{self.root!r} (layout={self.layout!r}); looked for: '
            f'{"; ".join(tried) or "nothing (no layout has this split)"}. '
            f'Expected {self.LAYOUT_HINT or "the release layout"} '
            '(see docs/datasets.md)')

    # ----------------------------------------------------------- loading
    def load_data_list(self) -> List[dict]:
        classes = self.CLASSES
        if not classes:
            raise ValueError(f'{type(self).__name__}: no class names')
        self._class_index = {c: i for i, c in enumerate(classes)}
        data_list = []
        for domain_idx, domain in enumerate(self.domains):
            kind, path = self._find_source(domain)
            self.sources[domain] = path
            if kind == 'list':
                samples = self._load_list(path, domain)
            else:
                samples = self._load_folder(path, domain)
            for info in samples:
                info['domain'] = domain
                info['domain_idx'] = domain_idx
            if self.verify_images:
                for info in samples:
                    verify_image(info['img_path'], type(self).__name__)
            data_list.extend(samples)
        return data_list

    def _class_of_folder(self, folder: str) -> Optional[int]:
        idx = self._class_index.get(folder)
        if idx is None and self.NUMERIC_CLASS_DIRS and folder.isdigit() \
                and int(folder) < len(self._class_index):
            idx = int(folder)
        return idx

    def _load_list(self, list_file: str, domain: str) -> List[dict]:
        name = type(self).__name__
        entries = read_image_list(list_file, name)
        labelled = entries[0][2] is not None
        if not labelled and not self.labels_optional(domain):
            raise DatasetFormatError(
                f'{name}: image list {list_file!r} of domain {domain!r} has '
                'no labels; expected "path label" on every line')
        resolve = self._path_resolver(list_file, entries[0], domain)
        num_classes = len(self._class_index)
        samples, missing = [], []
        for lineno, rel, label in entries:
            path = resolve(rel)
            if not osp.isfile(path):
                missing.append(f'line {lineno}: {rel!r} -> {path}')
                continue
            info = {'img_path': path}
            if labelled:
                value = int(label) - self.label_offset
                if not 0 <= value < num_classes:
                    offset = (f' after subtracting the label offset '
                              f'{self.label_offset}'
                              if self.label_offset else '')
                    raise DatasetFormatError(
                        f'{name}: {list_file}:{lineno}: label {label} of '
                        f'{rel!r} is out of range{offset}; expected a class '
                        f'index in [{self.label_offset}, '
                        f'{num_classes + self.label_offset - 1}] for the '
                        f'{num_classes} classes of {name}')
                self._check_folder_label(list_file, lineno, rel, value)
                info['gt_label'] = value
            samples.append(info)
        if missing:
            raise FileNotFoundError(
                f'{name}: {len(missing)} of {len(entries)} lines of image '
                f'list {list_file!r} (domain {domain!r}) point at missing '
                f'files: {_listing(missing, 3)}. Expected every listed image '
                f'to exist under {self.root!r}')
        return samples

    def _check_folder_label(self, list_file, lineno, rel, label) -> None:
        """A listed path whose parent folder is a class name must carry that
        class's label: a list numbered in another class order would
        otherwise train against the wrong names."""
        parent = osp.basename(osp.dirname(rel.replace('\\', '/')))
        expected = self._class_index.get(parent)
        if expected is not None and expected != label:
            name = type(self).__name__
            raise DatasetFormatError(
                f'{name}: {list_file}:{lineno}: {rel!r} is in folder '
                f'{parent!r}, which is class {expected} in {name}\'s class '
                f'order, but its label is {label + self.label_offset}. The '
                'list numbers the classes in another order: pass `classes=` '
                'with the names in the order the list uses, or use a list '
                'numbered in the standard order')

    def _path_resolver(self, list_file: str, first: tuple, domain: str):
        """Find how a list's paths map to files.

        A path is tried against each of the benchmark's image roots, then
        with leading folders removed, as lists made elsewhere carry their
        author's prefix (``/home/x/OfficeHome/Art/...``). The first line
        decides; every line is then checked with the same rule.
        """
        lineno, rel, _ = first
        roots = [
            osp.join(self.root, r)
            for r in self.image_roots(domain, self.split)
        ]
        roots.append(osp.dirname(list_file))
        if osp.isabs(rel) and osp.isfile(rel):
            return lambda p: p
        parts = rel.replace('\\', '/').strip('/').split('/')
        for k in range(len(parts)):
            for root in roots:
                if osp.isfile(osp.join(root, *parts[k:])):

                    def resolve(p, root=root, k=k):
                        q = p.replace('\\', '/').strip('/').split('/')
                        return osp.join(root, *q[k:])

                    if k:
                        print_log(
                            f'{type(self).__name__}: paths of {list_file} '
                            f'are read without their first {k} folder(s) '
                            f'({"/".join(parts[:k])}/...), under {root}',
                            logger='current')
                    return resolve
        name = type(self).__name__
        raise FileNotFoundError(
            f'{name}: {list_file}:{lineno}: {rel!r} points at a missing file: '
            f'it is not under any of {_listing(roots)}, even without '
            'leading folders. Expected the listed images to exist under '
            f'data_root {self.root!r}')

    def _load_folder(self, folder: str, domain: str) -> List[dict]:
        name = type(self).__name__
        entries = sorted(os.listdir(folder))
        dirs = [e for e in entries if osp.isdir(osp.join(folder, e))]
        if self.labels_optional(domain) and not (dirs and all(
                self._class_of_folder(d) is not None for d in dirs)):
            files, skipped = self._walk(folder)
            self._warn_skipped(skipped, folder)
            if not files:
                raise FileNotFoundError(
                    f'{name}: no image files in {folder!r} (domain '
                    f'{domain!r}); expected images with extensions '
                    f'{", ".join(self.extensions)}')
            return [{'img_path': p} for p in files]
        stray = [
            e for e in entries if not osp.isdir(osp.join(folder, e))
            and e.lower().endswith(self.extensions)
        ]
        if stray:
            raise DatasetFormatError(
                f'{name}: {folder!r} (domain {domain!r}) holds image files '
                f'outside class folders ({_listing(stray)}); expected one '
                'folder per class, or an image list (ann_file=...)')
        unknown = [d for d in dirs if self._class_of_folder(d) is None]
        if unknown:
            raise DatasetFormatError(
                f'{name}: {folder!r} (domain {domain!r}) has folders that '
                f'are not classes of {name}: {_listing(unknown)}; expected '
                f'the class folders {_listing(self.CLASSES, 8)}')
        samples, skipped, empty = [], [], []
        for d in dirs:
            label = self._class_of_folder(d)
            files, skip = self._walk(osp.join(folder, d))
            skipped += skip
            if not files:
                empty.append(d)
            samples += [{'img_path': p, 'gt_label': label} for p in files]
        self._warn_skipped(skipped, folder)
        present = {self._class_of_folder(d)
                   for d in dirs} - {self._class_of_folder(d)
                                     for d in empty}
        absent = [c for i, c in enumerate(self.CLASSES) if i not in present]
        if absent:
            print_log(
                f'{name}: domain {domain!r} in {folder} has no images of '
                f'{len(absent)} class(es): {_listing(absent)}',
                logger='current',
                level=30)
        if not samples:
            raise FileNotFoundError(
                f'{name}: no image files in the class folders of {folder!r} '
                f'(domain {domain!r}); expected images with extensions '
                f'{", ".join(self.extensions)}')
        return samples

    def _walk(self, folder: str) -> Tuple[List[str], List[str]]:
        files, skipped = [], []
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for f in sorted(filenames):
                path = osp.join(dirpath, f)
                if f.lower().endswith(self.extensions):
                    files.append(path)
                elif f.lower() not in _IGNORED_FILES:
                    skipped.append(path)
        return files, skipped

    def _warn_skipped(self, skipped: List[str], folder: str) -> None:
        if skipped:
            print_log(
                f'{type(self).__name__}: {len(skipped)} file(s) under '
                f'{folder} are not images ({", ".join(self.extensions)}) and '
                f'are not used: {_listing(skipped)}',
                logger='current',
                level=30)

    # ---------------------------------------------------------- sampling
    def get_gt_labels(self):
        import numpy as np
        return np.array([
            self.get_data_info(i).get('gt_label', -1)
            for i in range(len(self))
        ])

    def prepare_data(self, idx):
        return run_pipeline(self, self.get_data_info(idx), idx)

    def extra_repr(self) -> List[str]:
        body = [f'Domains: \t{", ".join(self.domains)}']
        if self.split is not None:
            body.append(f'Split: \t{self.split}')
        for d, src in getattr(self, 'sources', {}).items():
            body.append(f'Source of {d}: \t{src}')
        return body


def verify_image(path: str, name: str) -> None:
    """Decode an image fully; raise naming the file if that fails."""
    from PIL import Image
    try:
        with Image.open(path) as img:
            img.load()
    except Exception as e:  # PIL raises many types for bad files
        raise DatasetFormatError(
            f'{name}: cannot decode image {path!r} ({type(e).__name__}: '
            f'{e}); expected a readable image file') from e


def run_pipeline(dataset, info: dict, idx: int):
    """Run ``dataset.pipeline`` on one sample's information.

    A failure is re-raised naming the sample's file; a ``None`` result (a
    transform that skipped an unreadable file) is an error too, as
    replacing the sample with another one would silently drop it.
    """
    name = type(dataset).__name__
    path = info.get('img_path', f'sample {idx}')
    try:
        result = dataset.pipeline(info)
    except Exception as e:
        if 'img_path' in info and 'img' not in info:
            raise DatasetFormatError(
                f'{name}: cannot read image {path!r} (sample {idx}, domain '
                f'{info.get("domain")!r}): {type(e).__name__}: {e}. '
                'Expected a readable image file (and a pipeline that starts '
                'with LoadImageFromFile)') from e
        raise RuntimeError(f'{name}: the pipeline failed on {path!r} (sample '
                           f'{idx}): {type(e).__name__}: {e}') from e
    if result is None:
        raise DatasetFormatError(
            f'{name}: the pipeline returned nothing for {path!r} (sample '
            f'{idx}); an unreadable image is an error, not a sample to '
            'replace (do not set ignore_empty=True)')
    return result
