"""Detectors, one module each; `default_recognizers()` is the set the engine registers."""

from __future__ import annotations

from recognizers._base import DETAILS_KEY, ChineseRecognizer, Detection
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

RECOGNIZER_CLASSES: tuple[type[ChineseRecognizer], ...] = (
    ResidentIdRecognizer,
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
    ProcessInfoRecognizer,
    DisclosureAttributeRecognizer,
    HomeAddressRecognizer,
    BirthDateRecognizer,
    HealthInfoRecognizer,
    FamilyHardshipRecognizer,
    ReligionRecognizer,
)


def default_recognizers() -> list[ChineseRecognizer]:
    return [cls() for cls in RECOGNIZER_CLASSES]


__all__ = ["DETAILS_KEY", "RECOGNIZER_CLASSES", "ChineseRecognizer", "Detection", "default_recognizers"]
