"""Cells of the return grid: an input with its label and its error, by row and field."""

from django import template
from django.utils.html import format_html

from tax.forms import input_name

register = template.Library()


@register.filter
def as_date(value):
    """An ISO date string from a computed return ("2026-12-10") as a date, so templates
    format it with the language's date format like every other date."""
    from datetime import date

    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return value


@register.simple_tag(takes_context=True)
def grid_value(context, grid, row, field):
    return (context.get("values") or {}).get(input_name(grid, row, field), "")


@register.simple_tag(takes_context=True)
def grid_error(context, grid, row, field):
    message = (context.get("errors") or {}).get(input_name(grid, row, field))
    if not message:
        return ""
    return format_html('<span class="error" id="{}-error">{}</span>', input_name(grid, row, field), message)


@register.simple_tag(takes_context=True)
def grid_input(context, grid, row, field, label):
    name = input_name(grid, row, field)
    value = (context.get("values") or {}).get(name, "")
    message = (context.get("errors") or {}).get(name)
    if message:
        return format_html(
            '<td class="has-error"><label class="visually-hidden" for="{0}">{1} {2}</label>'
            '<input id="{0}" name="{0}" value="{3}" aria-invalid="true" aria-describedby="{0}-error">'
            '<span class="error" id="{0}-error">{4}</span></td>',
            name,
            label,
            row + 1,
            value,
            message,
        )
    return format_html(
        '<td><label class="visually-hidden" for="{0}">{1} {2}</label><input id="{0}" name="{0}" value="{3}"></td>',
        name,
        label,
        row + 1,
        value,
    )
