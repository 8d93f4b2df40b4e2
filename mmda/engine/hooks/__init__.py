# Copyright (c) mmda contributors. All rights reserved.
from .atomic_checkpoint_hook import AtomicCheckpointHook
from .best_source_checkpoint_hook import BestSourceCheckpointHook
from .cross_norm_activation_hook import CrossNormActivationHook, choose_active
from .dev_validation_hook import DEVHook
from .drop_last_check_hook import DropLastCheckHook, drop_last_problem
from .fisher_importance_hook import FisherImportanceHook, source_batches
from .grl_lambda_hook import GRLLambdaHook, dann_lambda
from .layer_schedule_hook import LayerScheduleHook
from .load_from_check_hook import LoadFromCheckHook
from .model_layers import find_layers
from .non_finite_stop_hook import NonFiniteStopHook, model_non_finite_tensors
from .num_classes_check_hook import NumClassesCheckHook, num_classes_mismatches
from .penalty_anneal_hook import PenaltyAnnealHook
from .pseudo_label_hook import PseudoLabelHook, features_and_logits
from .resume_check_hook import ResumeCheckHook
from .rng_state_hook import RNGStateHook
from .rsc_batch_percent_hook import RSCBatchPercentHook, rsc_batch_percent
from .rsc_spatial_choice_hook import (RSCSpatialChoiceHook,
                                      set_rsc_spatial_choice)
from .save_best_check_hook import SaveBestCheckHook
from .signal_stop_hook import SignalStopHook
from .swad_hook import LossValley, Segment, SWADHook

__all__ = [
    'PenaltyAnnealHook', 'GRLLambdaHook', 'RNGStateHook', 'ResumeCheckHook',
    'dann_lambda', 'CrossNormActivationHook', 'choose_active',
    'RSCBatchPercentHook', 'rsc_batch_percent', 'NonFiniteStopHook',
    'model_non_finite_tensors', 'find_layers', 'PseudoLabelHook',
    'features_and_logits', 'LayerScheduleHook', 'AtomicCheckpointHook',
    'SaveBestCheckHook', 'DEVHook', 'BestSourceCheckpointHook',
    'LoadFromCheckHook', 'RSCSpatialChoiceHook', 'set_rsc_spatial_choice',
    'SignalStopHook', 'NumClassesCheckHook', 'num_classes_mismatches',
    'DropLastCheckHook', 'drop_last_problem', 'FisherImportanceHook',
    'source_batches', 'SWADHook', 'LossValley', 'Segment'
]
