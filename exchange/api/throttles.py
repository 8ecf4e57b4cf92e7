"""Rate limits per member (DRF throttle): the member's own limit, else EXCHANGE_MEMBER_RATE."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from exchange.constants import member_rate
from exchange.models import Member


class MemberRateThrottle(SimpleRateThrottle):
    scope = "exchange_member"

    def __init__(self) -> None:  # the rate depends on the member, so it is read per request
        pass

    def allow_request(self, request, view):
        member = request.user if isinstance(request.user, Member) else None
        if member is None:
            return True
        self.rate = member.rate_limit or member_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return f"throttle_exchange_member_{request.user.code}"
