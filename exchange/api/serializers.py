from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class QueryRequestSerializer(serializers.Serializer):
    subject = serializers.RegexField(
        r"^[A-Za-z0-9-]{1,40}$",
        max_length=40,
        help_text=_("The subject's public code: a registry code for a company, a personal code for a person."),
    )
    purpose = serializers.CharField(max_length=300, help_text=_("Why you ask (shown to the person)."))
    legal_basis = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    consent_reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class QueryAnswerSerializer(serializers.Serializer):
    message_id = serializers.UUIDField()
    service = serializers.CharField()
    service_version = serializers.CharField()
    provider = serializers.CharField()
    agreement = serializers.UUIDField()
    subject = serializers.CharField()
    answered_at = serializers.DateTimeField()
    data = serializers.DictField(help_text=_("Only the fields the agreement grants."))


class ServiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    provider = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    version = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField())
    personal_data = serializers.BooleanField()
    subject_kind = serializers.CharField()


class MemberServiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    version = serializers.CharField()
    agreement = serializers.UUIDField()
    fields_granted = serializers.ListField(child=serializers.CharField())
    valid_until = serializers.DateField(allow_null=True)


class UsageSerializer(serializers.Serializer):
    service = serializers.CharField()
    month = serializers.CharField()
    queries = serializers.IntegerField()


class AnchorSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    head_hash = serializers.CharField()
    anchored_at = serializers.DateTimeField()
    token = serializers.CharField(help_text=_("The RFC 3161 time-stamp response, base64 (DER)."))
