"""DPIA screening (stage 1), the DPO's review and outcome, remedial actions and stage-2 assessments."""
