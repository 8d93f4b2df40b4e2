# Copyright (c) mmda contributors. All rights reserved.
from .best_source_checkpoint_hook import BestSourceCheckpointHook
from .cross_norm_activation_hook import CrossNormActivationHook, choose_active
from .grl_lambda_hook import GRLLambdaHook, dann_lambda
from .resume_check_hook import ResumeCheckHook
from .rng_state_hook import RNGStateHook
from .rsc_batch_percent_hook import RSCBatchPercentHook, rsc_batch_percent

__all__ = [
    'GRLLambdaHook', 'RNGStateHook', 'ResumeCheckHook', 'dann_lambda',
    'CrossNormActivationHook', 'choose_active', 'RSCBatchPercentHook',
    'rsc_batch_percent', 'BestSourceCheckpointHook'
]
