# Validation without target labels: MultiValLoop validates on the source's
# held-out split (metrics `source/...`, the runner's val_dataloader and
# val_evaluator) and on the unlabelled target training split (metrics
# `target_unlabeled/{entropy,im,bnm,snd}`; the loop wraps it in
# UnlabeledDataset, so no label is read). Import it before the task config
# (whose `val_cfg` it must not override), then add the target loader with
# the validation loader's settings (in order, every sample):
#
#   val_cfg = dict(val_cfg_target_unlabeled, evaluations=[dict(
#       target_validation,
#       dataloader=dict(val_dataloader,
#                       dataset=target_dataloader['dataset']))])
#
# and keep the best checkpoint by a validator if wanted (see
# docs/validators.md):
#
#   default_hooks['checkpoint'].update(save_best='target_unlabeled/snd',
#                                      rule='greater')
from mmda.engine.runner import MultiValLoop
from mmda.evaluation import UnsupervisedValidators

target_validation = dict(
    prefix='target_unlabeled',
    evaluator=dict(
        type=UnsupervisedValidators,
        validators=('entropy', 'im', 'bnm', 'snd'),
        snd_temperature=0.05))
val_cfg_target_unlabeled = dict(
    type=MultiValLoop, prefix='source', evaluations=[])
