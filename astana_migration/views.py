"""Project-level views: the start page redirect (the error pages are in error_pages.py)."""

from django.shortcuts import redirect


def index(request):
    return redirect("admin:index")
