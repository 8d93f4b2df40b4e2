# Copyright (c) mmda contributors. All rights reserved.
"""The common base of the image-file domain datasets.

A domain dataset reads one or more domains of a benchmark, each either from
its folder-per-class layout or from an image-list file (``path label`` per
line). Images are not read here: each sample carries ``img_path`` and the
pipeline's ``LoadImageFromFile`` (mmcv) reads it. Every check that can be
made on the files is made when the dataset loads, and every failure raises
an error that names the file or the domain and says what was expected:
nothing is ever dropped silently. Files are listed and read through an
mmengine storage backend (``backend_args``), so data need not be local.
"""
import os
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple, Union

from mmengine.fileio import get_file_backend
from mmengine.logging import print_log
from mmpretrain.datasets import CustomDataset

from .data_root import check_root
from .dataset_errors import DatasetFormatError, short_listing
from .domain_names import NamedDomains
from .image_files import (IMG_EXTENSIONS, find_image_files, list_folder,
                          verify_image)
from .image_list import read_image_list
from .pipeline import build_transforms, run_pipeline


class DomainDataset(NamedDomains, CustomDataset):
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
        extensions (Sequence[str]): The image files' extensions.
        backend_args (dict, optional): Arguments of the mmengine storage
            backend that lists and reads ``data_root``'s files (image lists,
            folders, ``verify_images``); ``LoadImageFromFile`` takes its own.
            Defaults to None, the backend of ``data_root``'s prefix.
        **kwargs: Other arguments of mmpretrain's ``BaseDataset``
            (``pipeline``, ``test_mode``, ``indices``, ``classes``...).
    """

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
                 backend_args: Optional[dict] = None,
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
                               or 'the benchmark', backend_args)
        self.backend_args = backend_args
        self.file_backend = get_file_backend(
            self.root, backend_args=backend_args, enable_singleton=True)
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
            path = self.file_backend.join_path(self.root,
                                               osp.expanduser(explicit))
            if not self.file_backend.isfile(path):
                raise FileNotFoundError(
                    f'{name}: image list {path!r} for domain {domain!r} '
                    'does not exist')
            return 'list', path
        tried = []
        if self.layout in ('auto', 'list'):
            for rel in self.list_candidates(domain, self.split):
                path = self.file_backend.join_path(self.root, rel)
                tried.append(path)
                if self.file_backend.isfile(path):
                    return 'list', path
        if self.layout in ('auto', 'folder'):
            for rel in self.folder_candidates(domain, self.split):
                path = self.file_backend.join_path(self.root, rel)
                tried.append(path + os.sep)
                if self.file_backend.isdir(path):
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
                    verify_image(info['img_path'],
                                 type(self).__name__, self.file_backend)
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
        entries = read_image_list(list_file, name, self.file_backend)
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
            if not self.file_backend.isfile(path):
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
                f'files: {short_listing(missing, 3)}. Expected every listed '
                f'image to exist under {self.root!r}')
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
        backend = self.file_backend
        roots = [
            backend.join_path(self.root, r)
            for r in self.image_roots(domain, self.split)
        ]
        roots.append(osp.dirname(list_file))
        if osp.isabs(rel) and backend.isfile(rel):
            return lambda p: p
        parts = rel.replace('\\', '/').strip('/').split('/')
        for k in range(len(parts)):
            for root in roots:
                if backend.isfile(backend.join_path(root, *parts[k:])):

                    def resolve(p, root=root, k=k):
                        q = p.replace('\\', '/').strip('/').split('/')
                        return backend.join_path(root, *q[k:])

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
            f'it is not under any of {short_listing(roots)}, even without '
            'leading folders. Expected the listed images to exist under '
            f'data_root {self.root!r}')

    def _load_folder(self, folder: str, domain: str) -> List[dict]:
        name = type(self).__name__
        dirs, loose = list_folder(self.file_backend, folder)
        if self.labels_optional(domain) and not (dirs and all(
                self._class_of_folder(d) is not None for d in dirs)):
            files, skipped = find_image_files(self.file_backend, folder,
                                              self.extensions)
            self._warn_skipped(skipped, folder)
            if not files:
                raise FileNotFoundError(
                    f'{name}: no image files in {folder!r} (domain '
                    f'{domain!r}); expected images with extensions '
                    f'{", ".join(self.extensions)}')
            return [{'img_path': p} for p in files]
        stray = [f for f in loose if f.lower().endswith(self.extensions)]
        if stray:
            raise DatasetFormatError(
                f'{name}: {folder!r} (domain {domain!r}) holds image files '
                f'outside class folders ({short_listing(stray)}); expected '
                'one folder per class, or an image list (ann_file=...)')
        unknown = [d for d in dirs if self._class_of_folder(d) is None]
        if unknown:
            raise DatasetFormatError(
                f'{name}: {folder!r} (domain {domain!r}) has folders that '
                f'are not classes of {name}: {short_listing(unknown)}; '
                f'expected the class folders {short_listing(self.CLASSES, 8)}')
        samples, skipped, empty = [], [], []
        for d in dirs:
            label = self._class_of_folder(d)
            files, skip = find_image_files(
                self.file_backend, self.file_backend.join_path(folder, d),
                self.extensions)
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
                f'{len(absent)} class(es): {short_listing(absent)}',
                logger='current',
                level=30)
        if not samples:
            raise FileNotFoundError(
                f'{name}: no image files in the class folders of {folder!r} '
                f'(domain {domain!r}); expected images with extensions '
                f'{", ".join(self.extensions)}')
        return samples

    def _warn_skipped(self, skipped: List[str], folder: str) -> None:
        if skipped:
            print_log(
                f'{type(self).__name__}: {len(skipped)} file(s) under '
                f'{folder} are not images ({", ".join(self.extensions)}) and '
                f'are not used: {short_listing(skipped)}',
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
