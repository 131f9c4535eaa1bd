from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "gelingen.meetings"
    label = "meetings"
