"""E-mails go out as text and HTML, each from a subject/text/html template trio."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(template_prefix: str, *, to: str, context: dict[str, Any]) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text = render_to_string(f"{template_prefix}.txt", context)
    html = render_to_string(f"{template_prefix}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], from_email=settings.DEFAULT_FROM_EMAIL)
    message.attach_alternative(html, "text/html")
    message.send()
