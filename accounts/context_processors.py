from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "is_official": bool(user and user.is_authenticated and user.is_official),
        "otp_verified": bool(user and user.is_authenticated and user.is_verified()),
    }
