# Copyright (c) mmda contributors. All rights reserved.
import os
import os.path as osp
import shutil
import sys
import warnings
from setuptools import find_namespace_packages, setup

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


#: What only developers of mmda use: kept out of the wheel's ``.mim/tools``
#: (the sdist still holds them, as a checkout does).
DEVELOPER_TOOLS = ('install.sh', 'lint.sh', 'gen_task_configs.py')


def add_mim_extension():
    """Put what ``mim`` looks for into ``mmda/.mim``: ``tools/`` and
    ``model-index.yml`` (the configs already live in ``mmda/configs``, where
    ``mim`` finds them by name).

    An editable install links them (edits show at once); a wheel or sdist
    build copies them. A source that lacks them (e.g. a wheel built from an
    sdist made without ``MANIFEST.in``) is skipped with a warning instead of
    failing the build, as mmpretrain's ``setup.py`` does.
    """
    if {'develop', 'editable_wheel'} & set(sys.argv):
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
        if not osp.exists(src):
            warnings.warn(f'cannot find {src}; `mim` will not find mmda\'s '
                          f'{name} in this build')
            continue
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
        shutil.copytree(
            src,
            tar,
            ignore=shutil.ignore_patterns('__pycache__', '*.pyc',
                                          *DEVELOPER_TOOLS))


if __name__ == '__main__':
    add_mim_extension()
    setup(
        # `mmda` on PyPI is another project (a document-analysis library
        # that also imports as `mmda`); this distribution still installs the
        # `mmda` package.
        name='openmmda',
        version=get_version(),
        description='OpenMMLab extension for domain adaptation and domain '
        'generalisation of image classifiers',
        long_description=open(osp.join(HERE, 'README.md'),
                              encoding='utf-8').read(),
        long_description_content_type='text/markdown',
        author='mmda contributors',
        keywords='domain adaptation, domain generalization, OpenMMLab',
        classifiers=[
            'Development Status :: 3 - Alpha',
            'Intended Audience :: Science/Research',
            'Operating System :: OS Independent',
            'Programming Language :: Python :: 3',
            'Programming Language :: Python :: 3.8',
            'Programming Language :: Python :: 3.9',
            'Programming Language :: Python :: 3.10',
            'Programming Language :: Python :: 3.11',
            'Topic :: Scientific/Engineering :: Artificial Intelligence',
        ],
        # The configs are data of the package (folders without
        # __init__.py), importable as namespace packages so that a config
        # anywhere can inherit them: `from mmda.configs.x import *`.
        packages=find_namespace_packages(
            include=('mmda', 'mmda.*'), exclude=('*.__pycache__', )),
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
