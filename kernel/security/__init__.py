"""The portal's protection as its users meet it (issue 8): login lockout, session expiry, security
headers, no-store on personal data, and the audit of logins and denied access.

- ``lockout``: counting failed logins per username and per client address in the shared cache.
- ``backends`` / ``forms`` / ``signals``: where Django's login machinery meets the lockout.
- ``sessions``: idle and absolute expiry of a logged-in session.
- ``personal_data``: how views and admin classes mark that they show personal data (no-store).
- ``access``: the audit of denied access (403).
- ``middleware``: thin middleware calling the above.
"""
