"""Names of the background jobs the digital ID services ask for (registered in tasks.py)."""

MANUFACTURE = "digital_id.manufacture"
RENEWAL_SCREEN = "digital_id.renewal_screen"
