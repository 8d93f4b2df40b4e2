# Copyright (c) mmda contributors. All rights reserved.
"""Save and restore every random generator a training step draws from."""
import random

import numpy as np
import torch

#: Key of the generator states in the message hub's runtime information.
RNG_STATE_KEY = 'rng_state'


def get_rng_state() -> dict:
    """Return the states of Python's, NumPy's and torch's global RNGs."""
    state = dict(
        python=random.getstate(),
        numpy=np.random.get_state(),
        torch=torch.get_rng_state())
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state['cuda'] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    """Restore the states returned by :func:`get_rng_state`."""
    random.setstate(state['python'])
    np.random.set_state(state['numpy'])
    torch.set_rng_state(state['torch'])
    if 'cuda' in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state['cuda'])
