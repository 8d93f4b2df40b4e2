# Copyright (c) mmda contributors. All rights reserved.
from .grl_lambda_hook import GRLLambdaHook, dann_lambda
from .resume_check_hook import ResumeCheckHook
from .rng_state_hook import RNGStateHook

__all__ = ['GRLLambdaHook', 'RNGStateHook', 'ResumeCheckHook', 'dann_lambda']
