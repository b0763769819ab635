"""How training records are audited."""

from audit.registry import register

register("training.trainingrecord")
register("training.trainingpolicy")
