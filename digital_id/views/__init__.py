"""Views of the digital ID: holder.py (the e-resident), public.py (ID login, public check),
officials.py (pick-up desk and identity board register)."""
