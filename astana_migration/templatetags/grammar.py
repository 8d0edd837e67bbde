"""Template tags of the admin's declined sentences (kernel.admin_grammar): ``{% admin_phrase "add" opts %}``
and ``{% counted count opts %}``."""

from django import template

from kernel import admin_grammar

register = template.Library()


@register.simple_tag
def admin_phrase(which, opts):
    return admin_grammar.phrase(which, opts)


@register.simple_tag
def counted(count, opts):
    return admin_grammar.counted(count, opts)
