from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """German unless the person chose otherwise: profile language, else the language cookie.

    Deliberately ignores the browser's Accept-Language so that a German platform stays German
    by default; the switch in the footer sets the cookie (and the profile when logged in).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = None
        if request.user.is_authenticated:
            language = request.user.language
        language = language or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
