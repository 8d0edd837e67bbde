"""Locale formats Django lacks (FORMAT_MODULE_PATH): Django 5.2 ships none for Kazakh, so dates,
times and numbers in Kazakh fell back to the English defaults ("Қар. 25, 2026, 9:09 т.қ.", "4.0")."""
