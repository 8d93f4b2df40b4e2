# Copyright (c) mmda contributors. All rights reserved.

import pytest
import torch
from tllib_peer import import_tllib, needs_tllib

from mmda.models import (JMMDLoss, MKMMDLoss, gaussian_kernel_matrix, jmmd,
                         mk_mmd, mmd_estimator_weights)

ALPHAS = (0.125, 0.25, 0.5, 1., 2.)


def kernel_by_hand(rows, alphas=(), sigmas=()):
    """Sum of Gaussian kernels, one entry at a time; the bandwidths from
    the mean squared distance over all pairs are constants."""
    m = len(rows)
    d2 = [[
        sum((rows[i][c] - rows[j][c])**2 for c in range(len(rows[i])))
        for j in range(m)
    ] for i in range(m)]
    mean = sum(float(d2[i][j]) for i in range(m) for j in range(m)) / m**2
    s2s = [a * mean for a in alphas] + [s * s for s in sigmas]
    return [[
        sum(torch.exp(-d2[i][j] / (2 * s2)) for s2 in s2s) for j in range(m)
    ] for i in range(m)]


def mmd_by_hand(k, n, linear):
    """DAN Eq. (3) without the diagonal (unbiased), or Eq. (6) over the
    cyclic pairs (i, i + 1), written out, plus tllib's 2 / (n - 1)."""
    s = list(range(n))
    t = [n + i for i in range(n)]
    if linear:
        # {entry: sign}; for n = 2 the two pairs name the same cross
        # entries, which tllib's estimator counts once
        terms = {}
        for i in range(n):
            j = (i + 1) % n
            terms.update({
                (s[i], s[j]): 1,
                (t[i], t[j]): 1,
                (s[i], t[j]): -1,
                (s[j], t[i]): -1
            })
        total = sum(sign * k[a][b] for (a, b), sign in terms.items()) / n
    else:
        within = sum(k[a[i]][a[j]] for a in (s, t) for i in range(n)
                     for j in range(n) if i != j) / (
                         n * (n - 1))
        cross = sum(k[s[i]][t[j]] + k[t[j]][s[i]] for i in range(n)
                    for j in range(n)) / n**2
        total = within - cross
    return total + 2. / (n - 1)


def test_gaussian_kernel_matrix_by_hand():
    torch.manual_seed(0)
    x = torch.randn(6, 4, dtype=torch.float64)
    ours = gaussian_kernel_matrix(x, alphas=(0.5, 2.), sigmas=(0.9, ))
    ref = kernel_by_hand(x, alphas=(0.5, 2.), sigmas=(0.9, ))
    assert torch.allclose(
        ours,
        torch.stack([torch.stack(r) for r in ref]),
        rtol=1e-12,
        atol=1e-12)
    # three kernels: 3 on the diagonal, symmetric, in (0, 3]
    assert torch.allclose(ours.diagonal(),
                          torch.full((6, ), 3., dtype=torch.float64))
    assert torch.equal(ours, ours.t())
    with pytest.raises(ValueError, match='no kernel'):
        gaussian_kernel_matrix(x)
    with pytest.raises(ValueError, match='must be > 0'):
        gaussian_kernel_matrix(x, alphas=(0., ))


def test_the_bandwidth_scales_with_the_data():
    # alpha sets sigma^2 from the batch: scaling x leaves K unchanged
    x = torch.randn(5, 3, dtype=torch.float64)
    assert torch.allclose(
        gaussian_kernel_matrix(x, alphas=ALPHAS),
        gaussian_kernel_matrix(7 * x, alphas=ALPHAS))
    assert not torch.allclose(
        gaussian_kernel_matrix(x, sigmas=(1., )),
        gaussian_kernel_matrix(7 * x, sigmas=(1., )))


@pytest.mark.parametrize('linear', [True, False])
@pytest.mark.parametrize('n', [2, 3, 5])
def test_mk_mmd_against_the_equation_by_hand(linear, n):
    torch.manual_seed(n)
    z_s = torch.randn(n, 4, dtype=torch.float64)
    z_t = torch.randn(n, 4, dtype=torch.float64) + 1
    k = kernel_by_hand(torch.cat([z_s, z_t]), alphas=ALPHAS)
    ref = mmd_by_hand(k, n, linear)
    assert mk_mmd(
        z_s, z_t, ALPHAS, linear=linear).item() == pytest.approx(
            float(ref), rel=1e-12)


@pytest.mark.parametrize('linear', [True, False])
def test_jmmd_against_the_equation_by_hand(linear):
    n = 4
    torch.manual_seed(1)
    f_s, f_t = torch.randn(2, n, 5, dtype=torch.float64)
    p_s, p_t = torch.randn(2, n, 3, dtype=torch.float64).softmax(dim=2)
    k_f = kernel_by_hand(torch.cat([f_s, f_t]), alphas=ALPHAS)
    k_p = kernel_by_hand(torch.cat([p_s, p_t]), sigmas=(0.92, ))
    k = [[k_f[i][j] * k_p[i][j] for j in range(2 * n)] for i in range(2 * n)]
    ref = mmd_by_hand(k, n, linear)
    kernels = [dict(alphas=ALPHAS), dict(sigmas=(0.92, ))]
    ours = jmmd((f_s, p_s), (f_t, p_t), kernels, linear)
    assert ours.item() == pytest.approx(float(ref), rel=1e-12)
    # one layer: JMMD is MK-MMD
    assert jmmd((f_s, ), (f_t, ), kernels[:1], linear).item() == \
        pytest.approx(mk_mmd(f_s, f_t, ALPHAS, linear=linear).item())


def test_the_estimator_weights():
    w = mmd_estimator_weights(4, linear=False)
    # each within-domain block sums to 1, each cross block to -1
    assert w[:4, :4].sum().item() == pytest.approx(1.)
    assert w[:4, 4:].sum().item() == pytest.approx(-1.)
    assert w.diagonal().abs().sum() == 0
    w = mmd_estimator_weights(4, linear=True)
    assert (w != 0).sum() == 16 and w.sum().item() == pytest.approx(0.)
    with pytest.raises(ValueError, match='n >= 2'):
        mmd_estimator_weights(1, linear=True)


def test_the_same_distribution_scores_lower():
    torch.manual_seed(0)
    z_s = torch.randn(64, 8)
    near = mk_mmd(z_s, torch.randn(64, 8), linear=False)
    far = mk_mmd(z_s, torch.randn(64, 8) + 3, linear=False)
    # the unbiased estimate is near 0 (plus tllib's 2/(n-1)) for equal laws
    assert abs(near.item() - 2 / 63) < 0.05
    assert far > near + 0.5


def test_gradcheck():
    torch.manual_seed(0)
    z_s = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    z_t = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    y_s = torch.randn(4, 2, dtype=torch.float64, requires_grad=True)
    y_t = torch.randn(4, 2, dtype=torch.float64, requires_grad=True)
    # fixed bandwidths: the ones set by alpha carry no gradient on purpose
    # (tllib's detach), so finite differences, which move them, disagree;
    # their gradients are compared with tllib's below
    for linear in (True, False):
        assert torch.autograd.gradcheck(
            lambda a, b: mk_mmd(a, b, (), (1.5, 3.), linear=linear),
            (z_s, z_t))
        loss = JMMDLoss(
            feature_alphas=(), feature_sigmas=(1.5, 3.), linear=linear)
        assert torch.autograd.gradcheck(
            lambda a, b, c, d: loss(a, b, c, d)['loss_jmmd'],
            (z_s, z_t, y_s, y_t))


def test_modules_and_bad_input():
    torch.manual_seed(0)
    f_s, f_t = torch.randn(2, 6, 5)
    y_s, y_t = torch.randn(2, 6, 3)
    loss = MKMMDLoss(linear=False, loss_weight=0.5)
    assert loss.input_kind == 'features'
    out = loss(f_s, f_t)
    assert set(out) == {'loss_mkmmd'}
    assert out['loss_mkmmd'].item() == pytest.approx(
        0.5 * mk_mmd(f_s, f_t, ALPHAS, linear=False).item())
    loss = JMMDLoss(loss_weight=2.)
    assert loss.input_kind == 'features_and_logits'
    out = loss(f_s, f_t, y_s, y_t)
    kernels = [dict(alphas=ALPHAS), dict(sigmas=(0.92, ))]
    assert out['loss_jmmd'].item() == pytest.approx(2 * jmmd(
        (f_s, y_s.softmax(1)), (f_t, y_t.softmax(1)), kernels).item())
    # the loss reaches the logits through the softmax (not detached)
    y_s.requires_grad_()
    loss(f_s, f_t, y_s, y_t)['loss_jmmd'].backward()
    assert y_s.grad.abs().sum() > 0

    with pytest.raises(ValueError, match='MKMMDLoss: alphas and sigmas'):
        MKMMDLoss(alphas=())
    with pytest.raises(
            ValueError, match='JMMDLoss: prob_alphas and '
            'prob_sigmas'):
        JMMDLoss(prob_sigmas=())
    with pytest.raises(ValueError, match='feature_alphas must all be > 0'):
        JMMDLoss(feature_alphas=(1., -1.))
    with pytest.raises(ValueError, match='target_dataloader.batch_size'):
        MKMMDLoss()(f_s, f_t[:4])
    with pytest.raises(ValueError, match='target_dataloader.batch_size'):
        JMMDLoss()(f_s, f_t[:4], y_s, y_t[:4])
    with pytest.raises(ValueError, match='n >= 2'):
        MKMMDLoss()(f_s[:1], f_t[:1])


def test_modules_build_from_their_configs():
    from mmda.registry import MODELS
    loss = MODELS.build(dict(type='mmda.MKMMDLoss', alphas=(1., )))
    assert isinstance(loss, MKMMDLoss) and loss.linear
    assert loss.kernels == dict(alphas=(1., ), sigmas=())
    loss = MODELS.build(dict(type='mmda.JMMDLoss', linear=True))
    assert isinstance(loss, JMMDLoss) and loss.linear
    assert loss.layer_kernels[1] == dict(alphas=(), sigmas=(0.92, ))


def _tllib(monkeypatch):
    dan, jan, kernels = import_tllib(monkeypatch, 'tllib.alignment.dan',
                                     'tllib.alignment.jan',
                                     'tllib.modules.kernels')
    return (dan.MultipleKernelMaximumMeanDiscrepancy,
            jan.JointMultipleKernelMaximumMeanDiscrepancy,
            kernels.GaussianKernel)


needs_jan = needs_tllib('tllib/alignment/jan.py')


def _pair(n, d, seed):
    torch.manual_seed(seed)
    x = (torch.randn(2 * n, d) * 2).relu()
    return [x[:n].clone().requires_grad_(), x[n:].clone().requires_grad_()]


@needs_jan
@pytest.mark.parametrize('n,d', [(2, 3), (7, 16), (128, 256)])
@pytest.mark.parametrize('linear', [True, False])
def test_mk_mmd_matches_tllib(monkeypatch, n, d, linear):
    mkmmd_cls, _, kernel = _tllib(monkeypatch)
    ours_in, theirs_in = _pair(n, d, n), _pair(n, d, n)
    ours = mk_mmd(*ours_in, ALPHAS, linear=linear)
    theirs = mkmmd_cls([kernel(alpha=a) for a in ALPHAS],
                       linear=linear)(*theirs_in)
    assert torch.allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    ours.backward()
    theirs.backward()
    for a, b in zip(ours_in, theirs_in):
        assert torch.allclose(a.grad, b.grad, rtol=1e-3, atol=1e-6)


@needs_jan
@pytest.mark.parametrize('n', [3, 128])
@pytest.mark.parametrize('linear', [True, False])
def test_jmmd_module_matches_tllib_on_softmax(monkeypatch, n, linear):
    _, jmmd_cls, kernel = _tllib(monkeypatch)
    f = _pair(n, 256, 0), _pair(n, 256, 0)
    y = _pair(n, 10, 1), _pair(n, 10, 1)
    ours = JMMDLoss(linear=linear)(f[0][0], f[0][1], y[0][0],
                                   y[0][1])['loss_jmmd']
    theirs = jmmd_cls(
        ([kernel(alpha=a)
          for a in ALPHAS], (kernel(sigma=0.92, track_running_stats=False), )),
        linear=linear)((f[1][0], y[1][0].softmax(dim=1)),
                       (f[1][1], y[1][1].softmax(dim=1)))
    assert torch.allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    ours.backward()
    theirs.backward()
    for a, b in zip(f[0] + y[0], f[1] + y[1]):
        assert torch.allclose(a.grad, b.grad, rtol=1e-3, atol=1e-6)


@needs_jan
def test_the_runners_kernel_shim_matches_tllib(monkeypatch):
    _, _, kernel = _tllib(monkeypatch)
    x = _pair(64, 256, 3)[0]
    exact = kernel(alpha=0.5)(x)
    from benchmarks.peers.tllib_dan_digits import gram_form_gaussian_kernel

    # the shim patches the class; monkeypatch restores tllib's forward
    monkeypatch.setattr(kernel, 'forward', kernel.forward)
    gram_form_gaussian_kernel()
    assert torch.allclose(kernel(alpha=0.5)(x), exact, rtol=1e-5, atol=1e-6)
