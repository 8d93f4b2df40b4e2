# SHOT's target stage (Liang et al., ICML 2020, Eq. (7)): the source model
# (same backbone, bottleneck and head, loaded from `load_from`) becomes a
# SHOTTargetClassifier: the head is frozen and G, B minimise
# L_ent - L_div + beta * L_pl with beta = 0.3 (SHOT) or 0 (SHOT-IM).
# Leaf configs apply one: `model.update(shot)`.
from mmda.models import SHOTTargetClassifier

shot = dict(type=SHOTTargetClassifier, beta=0.3, im_weight=1.0)
shot_im = dict(type=SHOTTargetClassifier, beta=0.0, im_weight=1.0)
# SHOT's official digits runs pass --cls_par 0.1 (tim-learn/SHOT,
# digit/digit.sh, all three tasks); 0.3 is its Office/VisDA value.
shot_digits = dict(shot, beta=0.1)
