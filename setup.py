# Copyright (c) mmda contributors. All rights reserved.
import os
import os.path as osp
import shutil
import sys
import warnings
from setuptools import find_packages, setup

HERE = osp.dirname(osp.abspath(__file__))


def read_requirements(name):
    """Requirement lines of ``requirements/<name>``, following ``-r``."""
    path = osp.join(HERE, 'requirements', name)
    requirements = []
    with open(path) as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line.startswith('-r '):
                requirements += read_requirements(line[3:].strip())
            elif line:
                requirements.append(line)
    return requirements


def get_version():
    scope = {}
    with open(osp.join(HERE, 'mmda', 'version.py')) as f:
        exec(compile(f.read(), 'mmda/version.py', 'exec'), scope)
    return scope['__version__']


def add_mim_extension():
    """Put what ``mim`` looks for into ``mmda/.mim``: ``tools/`` and
    ``model-index.yml`` (the configs already live in ``mmda/configs``, where
    ``mim`` finds them by name).

    A develop install links them (edits show at once); a wheel or sdist
    build copies them. As mmpretrain's ``setup.py`` does.
    """
    if 'develop' in sys.argv:
        mode = 'symlink'
    elif {'sdist', 'bdist_wheel', 'build', 'egg_info'} & set(sys.argv):
        mode = 'copy'
    else:
        return
    mim_path = osp.join(HERE, 'mmda', '.mim')
    os.makedirs(mim_path, exist_ok=True)
    for name in ('tools', 'model-index.yml'):
        src = osp.join(HERE, name)
        tar = osp.join(mim_path, name)
        if osp.islink(tar) or osp.isfile(tar):
            os.remove(tar)
        elif osp.isdir(tar):
            shutil.rmtree(tar)
        if name == 'model-index.yml':
            # Its imports are relative to the file: from mmda/.mim the
            # metafiles are under ../configs.
            with open(src) as f:
                text = f.read().replace('- configs/', '- ../configs/')
            with open(tar, 'w') as f:
                f.write(text)
            continue
        if mode == 'symlink':
            try:
                os.symlink(osp.relpath(src, mim_path), tar)
                continue
            except OSError:
                warnings.warn(f'cannot link {src} to {tar}; copying instead')
        if osp.isdir(src):
            shutil.copytree(
                src,
                tar,
                ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
        else:
            shutil.copyfile(src, tar)


if __name__ == '__main__':
    add_mim_extension()
    setup(
        name='mmda',
        version=get_version(),
        description='OpenMMLab extension for domain adaptation and domain '
        'generalisation of image classifiers',
        long_description=open(osp.join(HERE, 'README.md'),
                              encoding='utf-8').read(),
        long_description_content_type='text/markdown',
        keywords='domain adaptation, domain generalization, OpenMMLab',
        packages=find_packages(
            exclude=('tools', 'tests', 'benchmarks', 'projects', 'demo')),
        # The configs are data of the package (no __init__.py), so that a
        # config anywhere can inherit them: `from mmda.configs.x import *`.
        package_data={
            'mmda': [
                'configs/**/*.py', 'configs/**/*.yml', '.mim/model-index.yml',
                '.mim/tools/**/*.py', '.mim/tools/**/*.sh'
            ]
        },
        include_package_data=True,
        python_requires='>=3.8',
        install_requires=read_requirements('runtime.txt'),
        extras_require=dict(
            mim=read_requirements('mminstall.txt'),
            optional=read_requirements('optional.txt'),
            tests=read_requirements('tests.txt'),
            lint=read_requirements('lint.txt')),
        license='Apache License 2.0',
        zip_safe=False)
