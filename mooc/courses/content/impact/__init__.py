"""What a sync does to learners: for every item archived, restored or changed in a way learners
notice, how many learners have work on it and what happens to that work, in plain words.

`snapshot()` reads the live structure before the sync writes (`snapshot`); `effects(before,
report)` compares it with the rows the sync flushed (`diff`, with the sequential locks of
`locks`), then counts learners with the functions of `LEARNER_WORK` (`work`): each kind of
learner work is one function counting learners per item and one sentence per change. A feature
adds its own with `learner_work(...)` (see docs/authoring.md). An `Effect` and its wording are
in `effect`."""

from mooc.courses.content.impact.diff import effects
from mooc.courses.content.impact.effect import CHANGES, KIND_NAMES, Effect, describe
from mooc.courses.content.impact.snapshot import ItemRow, Snapshot, snapshot, snapshot_of
from mooc.courses.content.impact.work import LEARNER_WORK, Work, learner_work

__all__ = [
    "CHANGES",
    "KIND_NAMES",
    "LEARNER_WORK",
    "Effect",
    "ItemRow",
    "Snapshot",
    "Work",
    "describe",
    "effects",
    "learner_work",
    "snapshot",
    "snapshot_of",
]
