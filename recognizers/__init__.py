"""Detectors, one module each; `default_recognizers()` is the set the engine registers."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recognizers._base import ChineseRecognizer


@cache
def recognizer_classes() -> tuple[type[ChineseRecognizer], ...]:
    """Every detector the engine registers, in order. Imported on first call: a module such as
    recognizers.masking_forms can be used without loading Presidio."""
    from recognizers.bank_card import BankCardRecognizer
    from recognizers.birth_date import BirthDateRecognizer
    from recognizers.classified_mark import ClassifiedMarkRecognizer
    from recognizers.disclosure_attribute import DisclosureAttributeRecognizer
    from recognizers.email_address import EmailRecognizer
    from recognizers.exam_number import ExamNumberRecognizer
    from recognizers.exam_score import ExamScoreRecognizer
    from recognizers.family_hardship import FamilyHardshipRecognizer
    from recognizers.foreigner_pr_id import ForeignerPermanentResidentIdRecognizer
    from recognizers.health_info import HealthInfoRecognizer
    from recognizers.home_address import HomeAddressRecognizer
    from recognizers.injected_content import InjectedContentRecognizer
    from recognizers.internal_mark import InternalMarkRecognizer
    from recognizers.landline_phone import LandlinePhoneRecognizer
    from recognizers.mobile_phone import MobilePhoneRecognizer
    from recognizers.other_region_phone import OtherRegionPhoneRecognizer
    from recognizers.passport import PassportRecognizer
    from recognizers.process_info import ProcessInfoRecognizer
    from recognizers.religion import ReligionRecognizer
    from recognizers.resident_id import ResidentIdRecognizer
    from recognizers.resident_id_masked import MaskedResidentIdRecognizer
    from recognizers.social_credit_code import SocialCreditCodeRecognizer
    from recognizers.student_number import StudentNumberRecognizer
    from recognizers.travel_permit import TravelPermitRecognizer

    return (        ResidentIdRecognizer,
        MaskedResidentIdRecognizer,
        MobilePhoneRecognizer,
        LandlinePhoneRecognizer,
        OtherRegionPhoneRecognizer,
        BankCardRecognizer,
        EmailRecognizer,
        PassportRecognizer,
        TravelPermitRecognizer,
        ForeignerPermanentResidentIdRecognizer,
        StudentNumberRecognizer,
        ExamNumberRecognizer,
        ExamScoreRecognizer,
        SocialCreditCodeRecognizer,
        ClassifiedMarkRecognizer,
        InternalMarkRecognizer,
        InjectedContentRecognizer,
        ProcessInfoRecognizer,
        DisclosureAttributeRecognizer,
        HomeAddressRecognizer,
        BirthDateRecognizer,
        HealthInfoRecognizer,
        FamilyHardshipRecognizer,
        ReligionRecognizer,
    )


def default_recognizers() -> list[ChineseRecognizer]:
    return [cls() for cls in recognizer_classes()]


def __getattr__(name: str) -> Any:
    if name == "RECOGNIZER_CLASSES":
        return recognizer_classes()
    if name in ("DETAILS_KEY", "ChineseRecognizer", "Detection"):
        from recognizers import _base

        return getattr(_base, name)
    raise AttributeError(f"module 'recognizers' has no attribute {name!r}")


__all__ = ["DETAILS_KEY", "RECOGNIZER_CLASSES", "ChineseRecognizer", "Detection", "default_recognizers", "recognizer_classes"]
