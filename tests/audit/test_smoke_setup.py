from audit.services import journal_record, verify_chain


def test_journal_chain_verifies_after_appends(personas):
    for i in range(3):
        journal_record(actor=personas["ivan"], action="test", subject=("test.case", str(i)), reason="r")
    report = verify_chain()
    assert report.ok and report.checked == 3
