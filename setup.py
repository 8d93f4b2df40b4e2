# Copyright (c) mmda contributors. All rights reserved.
import os.path as osp

from setuptools import find_packages, setup


def read_requirements(name):
    path = osp.join(osp.dirname(__file__), 'requirements', name)
    with open(path) as f:
        return [
            line.strip() for line in f
            if line.strip() and not line.startswith('#')
        ]


def get_version():
    scope = {}
    with open(osp.join('mmda', 'version.py')) as f:
        exec(compile(f.read(), 'mmda/version.py', 'exec'), scope)
    return scope['__version__']


setup(
    name='mmda',
    version=get_version(),
    description='OpenMMLab extension for domain adaptation and domain '
    'generalisation of image classifiers',
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    keywords='domain adaptation, domain generalization, OpenMMLab',
    packages=find_packages(exclude=('configs', 'tools', 'tests', 'benchmarks',
                                    'projects')),
    include_package_data=True,
    python_requires='>=3.8',
    install_requires=read_requirements('runtime.txt'),
    extras_require=dict(tests=read_requirements('tests.txt')),
    license='Apache License 2.0',
    zip_safe=False)
