# Copyright (c) mmda contributors. All rights reserved.
from .insert_plugins import insert_plugins, plugin_layers
from .module_path import get_module
from .plugged_model import PluggedModel, build_plugged_model
from .plugin_labels import labels_of_samples, plugin_labels
from .rsc_plugin import RSCPlugin

__all__ = [
    'insert_plugins', 'plugin_layers', 'get_module', 'build_plugged_model',
    'PluggedModel', 'plugin_labels', 'labels_of_samples', 'RSCPlugin'
]
