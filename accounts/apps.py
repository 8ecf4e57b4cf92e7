from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import events, oversight, signals  # noqa: F401  (events register on import; receivers connect)
        from accounts.constants import Role
        from accounts.home import HomePanel, register_home_panel

        register_home_panel(
            Role.ADMINISTRATOR,
            HomePanel("failed-tasks", "accounts/partials/panel_failed_tasks.html", oversight.administrator_panel, 10),
        )
        for role in (Role.AUDITOR, Role.ADMINISTRATOR):
            register_home_panel(
                role, HomePanel("journal", "accounts/partials/panel_journal.html", oversight.auditor_panel, 20)
            )
        # Until their services land, these roles see an honest empty state of their own.
        for role, message in (
            (Role.REGISTRAR, _("No founding applications or amendments are waiting for review.")),
            (Role.TAX_OFFICER, _("No tax returns are waiting in your queue.")),
        ):
            register_home_panel(
                role, HomePanel("empty", "accounts/partials/panel_empty.html", oversight.empty_panel(message), 900)
            )
