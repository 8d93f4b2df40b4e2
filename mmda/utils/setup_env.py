# Copyright (c) mmda contributors. All rights reserved.
import datetime
import warnings

from mmengine import DefaultScope


def register_all_modules(init_default_scope: bool = True) -> None:
    """Register all modules of mmda and mmpretrain into their registries.

    ``default_scope='mmda'`` resolves names through mmda's registries and then
    their mmpretrain parents. A parent's lazy ``locations`` are not imported
    by a child's lookup, so mmpretrain's modules are registered here too.

    Args:
        init_default_scope (bool): Whether to set the default scope to
            ``'mmda'``. Defaults to True.
    """
    from mmpretrain.utils import register_all_modules as register_mmpretrain

    register_mmpretrain(init_default_scope=False)

    import mmda.datasets  # noqa: F401,F403
    import mmda.engine  # noqa: F401,F403
    import mmda.evaluation  # noqa: F401,F403
    import mmda.models  # noqa: F401,F403

    if not init_default_scope:
        return
    current = DefaultScope.get_current_instance()
    if current is None:
        DefaultScope.get_instance('mmda', scope_name='mmda')
    elif current.scope_name != 'mmda':
        warnings.warn(f'The current default scope "{current.scope_name}" is '
                      'not "mmda"; `register_all_modules` makes a new default '
                      'scope "mmda".')
        new_name = f'mmda-{datetime.datetime.now()}'
        DefaultScope.get_instance(new_name, scope_name='mmda')
