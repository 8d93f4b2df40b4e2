# Runtime settings shared by mmda configs.
from mmengine.hooks import (DistSamplerSeedHook, IterTimerHook, LoggerHook,
                            ParamSchedulerHook)
from mmengine.visualization import LocalVisBackend, Visualizer

from mmda.engine.hooks import (AtomicCheckpointHook, DropLastCheckHook,
                               NonFiniteStopHook, NumClassesCheckHook,
                               ResumeCheckHook, RNGStateHook, SignalStopHook)

default_scope = 'mmda'

default_hooks = dict(
    timer=dict(type=IterTimerHook),
    logger=dict(type=LoggerHook, interval=100),
    param_scheduler=dict(type=ParamSchedulerHook),
    # Writes each checkpoint and last_checkpoint through a rename, so a kill
    # during a save leaves the old or the new file, never a partial one.
    checkpoint=dict(
        type=AtomicCheckpointHook,
        by_epoch=False,
        interval=1000,
        max_keep_ckpts=2),
    sampler_seed=dict(type=DistSamplerSeedHook),
)
# RNGStateHook stores the random generators in checkpoints so that --resume
# is exact; ResumeCheckHook refuses to resume from another model's checkpoint;
# NonFiniteStopHook gives every model rank-averaged logged losses and stops
# at the first non-finite loss, parameter or buffer, naming the iteration;
# SignalStopHook turns SIGTERM / SIGINT into a checkpoint of the iteration in
# progress and an exit with status 128 + signum; NumClassesCheckHook refuses
# a head whose num_classes differs from the datasets' class count, and
# DropLastCheckHook a drop_last loader whose batch exceeds its dataset.
custom_hooks = [
    dict(type=RNGStateHook),
    dict(type=ResumeCheckHook),
    dict(type=NonFiniteStopHook),
    dict(type=SignalStopHook),
    dict(type=NumClassesCheckHook),
    dict(type=DropLastCheckHook)
]

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    # On machines without GPUs tools/train.py uses gloo instead. A rank that
    # stops answering makes the others wait `timeout` seconds (tools/train.py
    # and tools/test.py turn the number into the timedelta torch takes),
    # e.g. --cfg-options env_cfg.dist_cfg.timeout=600; unset, it is torch's
    # default, 30 minutes (10 for NCCL in recent torch).
    dist_cfg=dict(backend='nccl'),
)

vis_backends = [dict(type=LocalVisBackend)]
visualizer = dict(type=Visualizer, vis_backends=vis_backends)

log_processor = dict(by_epoch=False)
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=0, deterministic=False)
