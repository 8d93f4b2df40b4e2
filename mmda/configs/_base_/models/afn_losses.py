# AFN's losses with the paper's Office-31 / Office-Home / ImageCLEF-DA
# hyper-parameters (Xu et al., ICCV 2019, Sec. 4): lambda = 0.05, R = 25
# (HAFN), dr = 1.0 (SAFN); "+ENT" adds target entropy with weight 0.1.
# Method configs pick one: `model.update(da_losses=[hafn])`.
from mmda.models import EntropyLoss, HAFNLoss, SAFNLoss

hafn = dict(type=HAFNLoss, radius=25.0, loss_weight=0.05)
# SAFN sums the source mean and the target mean, as AFN's released code
# (twice Eq. (6)'s pooled mean); reduction='mean' is the equation as written.
safn = dict(
    type=SAFNLoss, delta_r=1.0, loss_weight=0.05, reduction='domain_sum')
ent = dict(type=EntropyLoss, loss_weight=0.1)
