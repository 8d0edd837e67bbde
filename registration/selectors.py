"""Reads of registration records."""

import re

from django.db.models import QuerySet
from django.db.models.functions import Upper

PERSONAL_DATA_PERMISSION = "registration.view_personal_data"
_IIN = re.compile(r"\d{12}")
_IIN_ANYWHERE = re.compile(r"(?<!\d)\d{12}(?!\d)")


def can_see_personal_data(user) -> bool:
    """Staff and heads see names, IINs, documents and addresses; analysts never do."""
    return bool(getattr(user, "is_active", False) and user.has_perm(PERSONAL_DATA_PERMISSION))


def looks_like_iin(text: str) -> bool:
    """Whether ``text`` holds a run of 12 digits, which must never travel in a URL."""
    return bool(_IIN_ANYWHERE.search(text or ""))


def records_search(queryset: QuerySet, term: str) -> QuerySet:
    """Records matching a search term, each way served by an index:

    * 12 digits: the IIN;
    * a term with a digit in it: the document number;
    * otherwise words: the surname (whole, any case), then the start of the name.
    """
    term = " ".join(term.split())
    if not term:
        return queryset
    if _IIN.fullmatch(term):
        return queryset.filter(iin=term)
    if any(c.isdigit() for c in term):
        return queryset.filter(document_number__in={term, term.upper()})
    surname, _, name = term.partition(" ")
    queryset = queryset.alias(surname_upper=Upper("surname")).filter(surname_upper=surname.upper())
    if name:
        queryset = queryset.filter(name__istartswith=name)
    return queryset
