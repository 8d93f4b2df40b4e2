# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch

from mmda.models import DTN


def test_dtn_output_shape_and_bad_settings():
    (out, ) = DTN().eval()(torch.randn(2, 3, 32, 32))
    assert out.shape == (2, 256, 4, 4)
    with pytest.raises(ValueError, match='DTN: 2 channel widths but 3'):
        DTN(channels=(8, 16))
