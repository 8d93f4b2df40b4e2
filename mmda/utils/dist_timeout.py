# Copyright (c) mmda contributors. All rights reserved.
"""``env_cfg.dist_cfg.timeout`` in seconds, as a pure-Python config can
write it."""
import datetime
from contextlib import contextmanager
from typing import Iterator, Optional

KEY = 'env_cfg.dist_cfg.timeout'


def timeout_timedelta(value) -> Optional[datetime.timedelta]:
    """``value`` (seconds, a ``timedelta`` or None) as a ``timedelta``.

    ``torch.distributed.init_process_group`` takes its ``timeout`` only as
    a ``timedelta``, which a config file can hold but not dump again (the
    copy mmengine writes to the work dir would not load). So configs give
    seconds, and the conversion is made here, at the process group's
    start.

    Raises:
        TypeError: ``value`` is none of these (``True`` included).
        ValueError: ``value`` is not a positive duration.
    """
    if value is None or isinstance(value, datetime.timedelta):
        seconds = None if value is None else value.total_seconds()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        raise TypeError(f'{KEY} must be a number of seconds, got '
                        f'{value!r} ({type(value).__name__})')
    if seconds is None:
        return None
    if not seconds > 0:
        raise ValueError(f'{KEY} must be a positive number of seconds, got '
                         f'{value!r}')
    return datetime.timedelta(seconds=seconds)


@contextmanager
def timeout_in_seconds(cfg) -> Iterator[None]:
    """Within the block, ``cfg.env_cfg.dist_cfg.timeout`` is a
    ``timedelta`` (see :func:`timeout_timedelta`), for the code that starts
    the process group; afterwards it is the config's value again, so that
    the config the Runner dumps still loads.

    Args:
        cfg (Config): The config; a missing ``timeout`` is left missing.
    """
    dist_cfg = cfg.get('env_cfg', {}).get('dist_cfg', {})
    value = dist_cfg.get('timeout')
    converted = timeout_timedelta(value)
    if converted is None:
        yield
        return
    dist_cfg['timeout'] = converted
    try:
        yield
    finally:
        # the block may have replaced the dict (setup_distributed does)
        cfg.env_cfg.dist_cfg['timeout'] = value
