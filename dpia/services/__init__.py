"""State changes of screenings, remedial actions and assessments."""
