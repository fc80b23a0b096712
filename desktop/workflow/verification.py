"""The approved-set verifier's reasons in the interface's language.

review.verify gives each reason as a code with parameters (its English wording is the command
line's); here each code has its text written out in a translate() call of its own, so lupdate
finds it. Names and error details stay as they are, isolated so they keep their own direction
inside an Arabic sentence.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.i18n import isolated
from review.verify import Reason, Update, VerificationProblem

translate = QCoreApplication.translate


def reason_text(problem: VerificationProblem) -> str:
    texts = {
        Reason.DAMAGED: translate(
            "Verification", "the file is damaged and cannot be read as a PDF (%1)"),
        Reason.UNSIGNED: translate(
            "Verification", "the file carries no signature: it is not a signed approved set"),
        Reason.SEVERAL_SIGNATURES: translate(
            "Verification", "the file carries %1 signatures; an approved set is certified once"),
        Reason.NOT_CERTIFICATION: translate(
            "Verification", "the signature is not a certification signature"),
        Reason.UNVERIFIABLE: translate("Verification", "the signature cannot be validated (%1)"),
        Reason.BYTES_CHANGED: translate(
            "Verification", "the signed content does not match its signature: bytes of the"
                            " file were changed after signing"),
        Reason.BAD_CRYPTOGRAPHY: translate(
            "Verification", "the signature's cryptography is invalid"),
        Reason.UNTRUSTED: translate(
            "Verification", "the signing certificate (%1) does not chain to the trusted root"
                            " (%2)"),
        Reason.NO_TIMESTAMP: translate("Verification", "the signature has no timestamp"),
        Reason.BAD_TIMESTAMP: translate(
            "Verification", "the signature's timestamp is not valid or not trusted"),
        Reason.BAD_DOCUMENT_TIMESTAMP: translate(
            "Verification", "a document timestamp added after signing is not valid or not"
                            " trusted"),
        Reason.CHANGED_AFTER_SIGNING: translate(
            "Verification", "the file was changed after signing: an update was appended"
                            " that %1"),
    }
    params = problem.params
    values = {
        Reason.DAMAGED: (isolated(params.get("error", "")),),
        Reason.SEVERAL_SIGNATURES: (params.get("count", ""),),
        Reason.UNVERIFIABLE: (isolated(params.get("error", "")),),
        Reason.UNTRUSTED: (isolated(params.get("signer", "")), isolated(params.get("root", ""))),
        Reason.CHANGED_AFTER_SIGNING: (update_text(params.get("update", Update.UNCLASSIFIED)),),
    }.get(problem.reason, ())
    text = texts[problem.reason]
    for number, value in enumerate(values, start=1):
        text = text.replace(f"%{number}", value)
    return text


def update_text(update: str) -> str:
    texts = {
        Update.VALIDATION_DATA: translate(
            "Verification", "adds validation data or a document timestamp"),
        Update.FORM_FILLING: translate("Verification", "fills in form fields or adds a signature"),
        Update.ANNOTATIONS: translate(
            "Verification", "adds or changes annotations (comments, markups)"),
        Update.CONTENT: translate("Verification", "changes pages, annotations or drawing content"),
        Update.UNCLASSIFIED: translate("Verification", "cannot be classified"),
    }
    return texts.get(update, texts[Update.UNCLASSIFIED])
