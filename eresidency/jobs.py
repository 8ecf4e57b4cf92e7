"""Names of the background jobs the e-Residency services ask for (registered in tasks.py)."""

SCREENING_START = "eresidency.screening_start"
SCREENING_STAGE = "eresidency.screening_stage"
DECISION_LETTER = "eresidency.decision_letter"
