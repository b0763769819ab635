from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``{{ comments|get:question.key }}``: a dictionary's value by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
