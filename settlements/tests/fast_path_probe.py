"""A middleware for tests only: records every request that reaches the stack behind it."""

SEEN: list[str] = []


class RecordingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        SEEN.append(request.path)
        return self.get_response(request)
