"""Log filter that keeps IINs out of log lines (the standards: never in a log line in clear)."""

import logging
import re

_TWELVE_DIGITS = re.compile(r"(?<!\d)(\d{4})\d{6}(\d{2})(?!\d)")


def mask_iins(text: str) -> str:
    """Mask every 12-digit run: ``900101300123`` → ``9001******23``."""
    return _TWELVE_DIGITS.sub(r"\1******\2", text)


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_iins(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
