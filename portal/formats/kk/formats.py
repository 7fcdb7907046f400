"""Date formats of Kazakh (Django ships none): "2 желтоқсан 2026 ж." as portal.formatting.format_date writes it,
never the default "Dec. 2, 2026". The month names (``E``, lower case) come from portal/locale_django/kk."""

DATE_FORMAT = "j E Y ж."
DATETIME_FORMAT = "j E Y ж., H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "Y ж. F"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
