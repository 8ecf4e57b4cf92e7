from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_every_scheduled_command_runs_on_an_empty_database(db, settings):
    out = StringIO()
    call_command("run_scheduled", stdout=out)
    for name, *_ in settings.SCHEDULED_COMMANDS:
        assert f"» {name}" in out.getvalue()


def test_one_failing_job_does_not_stop_the_others(db, settings):
    settings.SCHEDULED_COMMANDS = [["no_such_command"], ["expire_info_requests"]]
    out = StringIO()
    with pytest.raises(CommandError, match="no_such_command"):
        call_command("run_scheduled", stdout=out)
    assert "» expire_info_requests" in out.getvalue()
