"""One date format for every page in this language (issue 10): day.month.year, 24-hour
time, the same in text, tables and form fields."""

DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j.n."
YEAR_MONTH_FORMAT = "m.Y"
FIRST_DAY_OF_WEEK = 1
# Typed dates: day.month.year; ISO (what some browsers and scripts send) still accepted.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
