from django.apps import AppConfig


class FsmAppConfig(AppConfig):
    name = "tests.fsm_app"
    label = "fsm_app"
