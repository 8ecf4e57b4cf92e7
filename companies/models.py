"""The business register's records: names, reservations, founding applications, companies."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from audit.services import JournaledFSMModel
from companies.constants import (
    LEGAL_FORM,
    BanKind,
    Board,
    CheckStage,
    CheckStatus,
    CompanyStatus,
    FoundingState,
    PartyKind,
    Procedure,
    ProtectedKind,
    ReservationState,
)

S = FoundingState


def _random_pdf(folder: str) -> str:
    # The uploaded name is never kept.
    return f"companies/{folder}/{uuid.uuid4().hex}.pdf"


def founding_document_upload_to(instance: models.Model, filename: str) -> str:
    return _random_pdf("founding")


def articles_upload_to(instance: models.Model, filename: str) -> str:
    return _random_pdf("articles")


def card_upload_to(instance: models.Model, filename: str) -> str:
    return _random_pdf("cards")


class NameKeyed(models.Model):
    """A name with the keys it is compared by (companies.names)."""

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(_("spelling key"), max_length=200, db_index=True, editable=False)
    sound_key = models.CharField(_("sound key"), max_length=200, db_index=True, editable=False)

    class Meta:
        abstract = True

    def set_keys(self) -> None:
        from companies import names

        self.name_key = names.name_key(self.name)
        self.sound_key = names.sound_key(self.name)


class ActivityCode(models.Model):
    """A field of activity from the EMTAK list (Estonia's NACE Rev. 2), shipped as data."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    title_et = models.CharField(_("title (Estonian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    selectable = models.BooleanField(_("can be chosen"), default=True)

    class Meta:
        verbose_name = _("field of activity (EMTAK)")
        verbose_name_plural = _("fields of activity (EMTAK)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"


class ProtectedName(models.Model):
    """A word the registrar must look at: the state's name, a local government's, or the words
    for state, city and rural municipality (§2.4). Kept by the registrar."""

    word = models.CharField(_("word"), max_length=100, unique=True, help_text=_("Lower case, without diacritics."))
    kind = models.CharField(_("kind"), max_length=20, choices=ProtectedKind.choices)
    legal_reference = models.CharField(_("legal reference"), max_length=200)

    class Meta:
        verbose_name = _("protected name")
        verbose_name_plural = _("protected names")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class ContactProvider(models.Model):
    """A licensed provider who may be a company's contact person (§2.3), kept by the registrar."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    registry_code = models.CharField(_("registry code"), max_length=11, blank=True)
    kind = models.CharField(_("kind"), max_length=80, help_text=_("Notary, advocate, auditor, licensed provider…"))
    address = models.CharField(_("Estonian address"), max_length=300)
    email = models.EmailField(_("e-mail address"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("contact person provider")
        verbose_name_plural = _("contact person providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BusinessBan(models.Model):
    """A court's business ban or ban on board membership, kept by the registrar."""

    personal_code = models.CharField(_("personal code"), max_length=11, db_index=True)
    given_names = models.CharField(_("given names"), max_length=100)
    surname = models.CharField(_("surname"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=BanKind.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    reference = models.CharField(_("court decision"), max_length=200)

    class Meta:
        verbose_name = _("business ban")
        verbose_name_plural = _("business bans")

    def __str__(self) -> str:
        return f"{self.given_names} {self.surname} ({self.get_kind_display()})"


class Company(JournaledFSMModel, NameKeyed):
    """A company in the register."""

    registry_code = models.CharField(_("registry code"), max_length=8, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=10, default=LEGAL_FORM)
    status = FSMField(
        _("status"), default=CompanyStatus.REGISTERED, choices=CompanyStatus.choices, db_index=True, protected=True
    )
    registered_on = models.DateField(_("registered on"))
    email = models.EmailField(_("e-mail address"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_country = models.CharField(_("country of the address"), max_length=2, default="EE")
    share_capital = models.DecimalField(_("share capital (EUR)"), max_digits=14, decimal_places=2, default=0)
    financial_year_end = models.CharField(_("financial year end (MM-DD)"), max_length=5, default="12-31")
    activity = models.ForeignKey(
        ActivityCode, verbose_name=_("field of activity"), on_delete=models.PROTECT, null=True, blank=True
    )
    founding_application = models.OneToOneField(
        "companies.FoundingApplication",
        verbose_name=_("founding application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="company",
    )
    articles = models.FileField(_("articles of association"), upload_to=articles_upload_to, blank=True)
    card_pdf = models.FileField(_("registry card"), upload_to=card_upload_to, blank=True)
    card_code = models.UUIDField(_("registry card verification id"), default=uuid.uuid4, unique=True, editable=False)
    imported = models.BooleanField(_("imported from an earlier register"), default=False)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    journal_public_id = property(lambda self: self.registry_code)

    def __str__(self) -> str:
        return f"{self.name} ({self.registry_code})"

    @transition(field=status, source=CompanyStatus.REGISTERED, target=CompanyStatus.IN_LIQUIDATION)
    def enter_liquidation(self) -> None:
        pass

    @transition(
        field=status, source=[CompanyStatus.REGISTERED, CompanyStatus.IN_LIQUIDATION], target=CompanyStatus.DELETED
    )
    def delete_from_register(self) -> None:
        pass


class RegistryCodeCounter(models.Model):
    """The next serial for registry codes (one row, locked while a code is allocated)."""

    first_digit = models.CharField(max_length=1, unique=True)
    next_serial = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.first_digit}: {self.next_serial}"


class Shareholder(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="shareholders")
    kind = models.CharField(_("kind"), max_length=10, choices=PartyKind.choices)
    personal_code = models.CharField(_("personal code"), max_length=11, blank=True)
    given_names = models.CharField(_("given names"), max_length=100, blank=True)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    legal_registry_code = models.CharField(_("registry code"), max_length=8, blank=True)
    legal_name = models.CharField(_("company name"), max_length=200, blank=True)
    nominal = models.DecimalField(_("share (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("shareholder")
        verbose_name_plural = _("shareholders")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.legal_name if self.kind == PartyKind.LEGAL else f"{self.given_names} {self.surname}"


class BoardMember(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="board_members")
    board = models.CharField(_("board"), max_length=12, choices=Board.choices, default=Board.MANAGEMENT)
    personal_code = models.CharField(_("personal code"), max_length=11, db_index=True)
    given_names = models.CharField(_("given names"), max_length=100)
    surname = models.CharField(_("surname"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    represents_alone = models.BooleanField(_("may represent alone"), default=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["surname", "given_names"]

    def __str__(self) -> str:
        return f"{self.given_names} {self.surname}"


class ContactAppointment(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contact_appointments")
    provider = models.ForeignKey(ContactProvider, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("contact person appointment")
        verbose_name_plural = _("contact person appointments")

    def __str__(self) -> str:
        return f"{self.provider_id}: {self.starts_on}–{self.ends_on}"


class NameReservation(JournaledFSMModel, NameKeyed):
    """A name held for one person (6 months, once extendable by 3; §2.4)."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="name_reservations"
    )
    legal_form = models.CharField(_("legal form"), max_length=10, default=LEGAL_FORM)
    state = FSMField(
        _("state"), default=ReservationState.ACTIVE, choices=ReservationState.choices, db_index=True, protected=True
    )
    reserved_on = models.DateField(_("reserved on"))
    expires_on = models.DateField(_("expires on"), db_index=True)
    extended_on = models.DateField(_("extended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("name reservation")
        verbose_name_plural = _("name reservations")
        constraints = [
            models.UniqueConstraint(
                fields=["holder"], condition=Q(state=ReservationState.ACTIVE), name="cmp_one_active_reservation"
            ),
            models.UniqueConstraint(
                fields=["name_key"], condition=Q(state=ReservationState.ACTIVE), name="cmp_reserved_name_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @transition(field=state, source=ReservationState.ACTIVE, target=ReservationState.LAPSED)
    def lapse(self) -> None:
        pass

    @transition(field=state, source=ReservationState.ACTIVE, target=ReservationState.USED)
    def use(self) -> None:
        pass

    @transition(field=state, source=ReservationState.ACTIVE, target=ReservationState.CANCELLED)
    def cancel(self) -> None:
        pass


class FoundingApplication(JournaledFSMModel, NameKeyed):
    """An application to found a private limited company (OÜ)."""

    code = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="founding_applications",
    )
    state = FSMField(_("state"), default=S.DRAFT, choices=S.choices, db_index=True, protected=True)
    procedure = models.CharField(_("procedure"), max_length=10, choices=Procedure.choices, default=Procedure.EXPEDITED)
    email = models.EmailField(_("company e-mail address"), blank=True)
    address_country = models.CharField(_("country of the address"), max_length=2, default="EE")
    address = models.CharField(_("address"), max_length=300, blank=True)
    activity = models.ForeignKey(
        ActivityCode, verbose_name=_("field of activity"), on_delete=models.PROTECT, null=True, blank=True
    )
    financial_year_end = models.CharField(_("financial year end (MM-DD)"), max_length=5, default="12-31")
    share_capital = models.DecimalField(_("share capital (EUR)"), max_digits=14, decimal_places=2, default=0)
    contact_provider = models.ForeignKey(
        ContactProvider, verbose_name=_("contact person"), on_delete=models.PROTECT, null=True, blank=True
    )
    contact_until = models.DateField(_("contact person until"), null=True, blank=True)

    document = models.FileField(_("founding document"), upload_to=founding_document_upload_to, blank=True)
    document_version = models.PositiveIntegerField(_("document version"), default=0)
    signatures_voided_at = models.DateTimeField(_("signatures voided"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    due_on = models.DateField(_("legal term"), null=True, blank=True, db_index=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deficiency_text = models.TextField(_("deficiencies"), blank=True)
    deficiency_deadline = models.DateField(_("correct by"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    checks_round = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("founding application")
        verbose_name_plural = _("founding applications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name or str(self.code)

    @property
    def founders_are_several(self) -> bool:
        return self.founders.count() > 1

    # --- Transitions (run only through audit.services.transition) ---------------------

    @transition(field=state, source=S.DRAFT, target=S.AWAITING_SIGNATURES)
    def send_for_signatures(self) -> None:
        pass

    @transition(field=state, source=S.AWAITING_SIGNATURES, target=S.DRAFT)
    def void_signatures(self) -> None:
        pass

    @transition(field=state, source=S.AWAITING_SIGNATURES, target=S.AWAITING_PAYMENT)
    def complete_signatures(self) -> None:
        pass

    @transition(field=state, source=S.AWAITING_PAYMENT, target=S.SUBMITTED)
    def submit(self) -> None:
        pass

    @transition(field=state, source=S.SUBMITTED, target=S.IN_REVIEW)
    def start_review(self) -> None:
        pass

    @transition(field=state, source=S.IN_REVIEW, target=S.DEFICIENCIES)
    def rule_deficiencies(self) -> None:
        pass

    @transition(field=state, source=S.DEFICIENCIES, target=S.IN_REVIEW)
    def answer_deficiencies(self) -> None:
        pass

    @transition(field=state, source=S.IN_REVIEW, target=S.REGISTERED)
    def register(self) -> None:
        pass

    @transition(field=state, source=[S.IN_REVIEW, S.DEFICIENCIES], target=S.REFUSED)
    def refuse(self) -> None:
        pass

    @transition(
        field=state, source=[S.DRAFT, S.AWAITING_SIGNATURES, S.AWAITING_PAYMENT, S.DEFICIENCIES], target=S.WITHDRAWN
    )
    def withdraw(self) -> None:
        pass


class Founder(models.Model):
    application = models.ForeignKey(FoundingApplication, on_delete=models.CASCADE, related_name="founders")
    kind = models.CharField(_("kind"), max_length=10, choices=PartyKind.choices)
    personal_code = models.CharField(_("personal code"), max_length=11, blank=True)
    given_names = models.CharField(_("given names"), max_length=100, blank=True)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_person = models.ForeignKey(Company, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    nominal = models.DecimalField(_("share (EUR)"), max_digits=14, decimal_places=2)
    contribution_paid = models.BooleanField(_("contribution paid in and declared"), default=False)

    class Meta:
        verbose_name = _("founder")
        verbose_name_plural = _("founders")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.given_names} {self.surname}".strip() or str(self.legal_person_id)

    @property
    def display_name(self) -> str:
        if self.kind == PartyKind.LEGAL and self.legal_person_id:
            return f"{self.legal_person.name} ({self.legal_person.registry_code})"
        return f"{self.given_names} {self.surname}"


class ProposedBoardMember(models.Model):
    application = models.ForeignKey(FoundingApplication, on_delete=models.CASCADE, related_name="board")
    board = models.CharField(_("board"), max_length=12, choices=Board.choices, default=Board.MANAGEMENT)
    personal_code = models.CharField(_("personal code"), max_length=11)
    given_names = models.CharField(_("given names"), max_length=100)
    surname = models.CharField(_("surname"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "board", "personal_code"], name="cmp_board_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.given_names} {self.surname}"


class Signature(models.Model):
    """One party's signature on one version of the founding document."""

    application = models.ForeignKey(FoundingApplication, on_delete=models.CASCADE, related_name="signatures")
    personal_code = models.CharField(_("personal code"), max_length=11)
    signer_name = models.CharField(_("signer"), max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    document_version = models.PositiveIntegerField(_("document version"))
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    validation = models.JSONField(_("validation report"), default=dict, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "personal_code", "document_version"], name="cmp_sign_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} (v{self.document_version})"


class BackgroundCheck(JournaledFSMModel):
    """One background check of a founding application; its moves are journaled under the
    application (``journal_subject``), like the identity board's screening stages."""

    application = models.ForeignKey(FoundingApplication, on_delete=models.CASCADE, related_name="checks")
    stage = models.CharField(_("stage"), max_length=20, choices=CheckStage.choices)
    status = FSMField(
        _("status"), max_length=10, choices=CheckStatus.choices, default=CheckStatus.PENDING, protected=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    findings = models.JSONField(_("findings"), default=list, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("background check")
        verbose_name_plural = _("background checks")
        constraints = [models.UniqueConstraint(fields=["application", "stage"], name="cmp_check_stage_once")]

    def __str__(self) -> str:
        return f"{self.stage}: {self.status}"

    @property
    def journal_subject(self) -> FoundingApplication:
        return self.application

    @transition(
        field=status,
        source=[CheckStatus.PENDING, CheckStatus.ERROR],
        target=RETURN_VALUE(CheckStatus.PASSED, CheckStatus.FLAGGED),
    )
    def check_finish(self, *, status: str, findings: list) -> str:
        self.attempts += 1
        self.findings, self.last_error = findings, ""
        return status

    @transition(field=status, source=[CheckStatus.PENDING, CheckStatus.ERROR], target=CheckStatus.ERROR)
    def check_fail(self, *, error: str) -> None:
        self.attempts += 1
        self.last_error = error

    @transition(field=status, source="*", target=CheckStatus.PENDING)
    def check_reset(self) -> None:
        self.findings, self.last_error = [], ""
