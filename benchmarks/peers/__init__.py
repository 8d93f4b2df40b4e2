# Copyright (c) mmda contributors. All rights reserved.
"""Runners that drive official implementations on mmda's embedded digits.

Each runner takes the path of a checkout of the official repository, checks
that it is one, and applies runtime shims only (module attributes patched
after import); nothing in the checkout is edited and none of its code is
copied here.
"""
