# Copyright (c) mmda contributors. All rights reserved.
"""Functions behind ``tools/analysis_tools``: features of trained models,
the proxy A-distance, feature norms, t-SNE maps, confusion matrices and
results tables."""
from .checkpoint_match import (CheckpointMismatchError, describe_mismatch,
                               load_matching_checkpoint)
from .class_confusion import (confusion_matrix, per_class_accuracy,
                              per_class_table, plot_confusion_matrix)
from .domain_features import (DEFAULT_LOADERS, add_feature_arguments,
                              build_trained_model, domain_features,
                              features_from_args, figure_title, load_config)
from .feature_extraction import (PRE_LOGITS, FeatureSet,
                                 build_capped_dataloader, extract_features)
from .feature_norms import l2_norms, plot_norm_histograms
from .png_figure import new_figure, save_png
from .proxy_a_distance import (a_distance_from_error, domain_classifier_error,
                               proxy_a_distance)
from .results_table import replace_marked_block, results_table
from .run_results import (METRICS_FILE, NoRunsError, RunResult, collect_runs,
                          find_run_dirs, parse_config_name, read_run)
from .tsne_embedding import plot_embedding, tsne_embedding

__all__ = [
    'CheckpointMismatchError', 'describe_mismatch', 'load_matching_checkpoint',
    'confusion_matrix', 'per_class_accuracy', 'per_class_table',
    'plot_confusion_matrix', 'DEFAULT_LOADERS', 'add_feature_arguments',
    'build_trained_model', 'domain_features', 'features_from_args',
    'figure_title', 'load_config', 'PRE_LOGITS', 'FeatureSet',
    'build_capped_dataloader', 'extract_features', 'l2_norms',
    'plot_norm_histograms', 'new_figure', 'save_png', 'a_distance_from_error',
    'domain_classifier_error', 'proxy_a_distance', 'plot_embedding',
    'tsne_embedding', 'replace_marked_block', 'results_table', 'METRICS_FILE',
    'NoRunsError', 'RunResult', 'collect_runs', 'find_run_dirs',
    'parse_config_name', 'read_run'
]
