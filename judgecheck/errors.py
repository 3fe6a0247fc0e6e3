"""Numbered errors a user can act on: one code per kind of unreadable input or misuse."""

from __future__ import annotations

from dataclasses import dataclass

# Input errors: the document could not be read.
NOT_FOUND = "E001"
EMPTY_FILE = "E002"
NOT_A_PDF = "E003"
ENCRYPTED_PDF = "E004"
NO_TEXT_LAYER = "E005"
CORRUPT_PDF = "E006"
UNSUPPORTED_FORMAT = "E007"
BAD_DOCX = "E008"
UNDECODABLE_TEXT = "E009"
NOT_A_FILE = "E010"
PERMISSION_DENIED = "E011"
TOO_LONG = "E012"
# Plugin and rule errors: the document was read, but part of the check failed.
RULE_FAILED = "E101"
PLUGIN_FAILED = "E102"
BAD_FRAMEWORK = "E103"
BAD_RULE_FILE = "E104"
BAD_CONFIG = "E105"
BAD_BASELINE = "E106"
RULE_TIMEOUT = "E107"
BAD_FINDING = "E108"

MESSAGES = {
    NOT_FOUND: "file not found",
    EMPTY_FILE: "file is empty",
    NOT_A_PDF: "not a PDF although named .pdf",
    ENCRYPTED_PDF: "PDF is encrypted",
    NO_TEXT_LAYER: "PDF has no text layer (scanned images?); OCR is not supported",
    CORRUPT_PDF: "PDF is damaged and cannot be read",
    UNSUPPORTED_FORMAT: "unsupported file type",
    BAD_DOCX: "not a readable DOCX document",
    UNDECODABLE_TEXT: "text could not be decoded",
    NOT_A_FILE: "not a regular file",
    PERMISSION_DENIED: "permission denied",
    TOO_LONG: "document is too long",
    RULE_FAILED: "a rule raised an exception",
    PLUGIN_FAILED: "a plugin failed to load",
    BAD_FRAMEWORK: "a framework definition is invalid",
    BAD_RULE_FILE: "a rule file is invalid",
    BAD_CONFIG: "the configuration is invalid",
    BAD_BASELINE: "the baseline file is invalid",
    RULE_TIMEOUT: "a rule exceeded its time limit",
    BAD_FINDING: "a rule yielded a malformed finding",
}


@dataclass(frozen=True)
class JudgecheckError(Exception):
    """An error a user can act on; ``code`` is one of the constants above."""

    code: str
    detail: str = ""

    def __str__(self) -> str:
        base = MESSAGES.get(self.code, "error")
        return f"{base}: {self.detail}" if self.detail else base
