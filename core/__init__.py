"""Facts every app shares and none owns: legal time, the country table, the MRZ (ICAO 9303).

The lowest layer: it imports no app of the project, so any app may import it.
"""
