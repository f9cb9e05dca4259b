"""How many SMS segments a text costs (3GPP TS 23.038 and 23.040): what an SMS gateway bills.

A text made only of the GSM 03.38 alphabet travels in 7-bit septets: 160 in one message, 153 per
part once it is split (each part carries a header); a character of the extension table (€, [, ])
takes two septets and is never cut between parts. Any other character (every Georgian letter,
“curly quotes”, emoji) sends the whole text as UCS-2: 70 UTF-16 code units in one message, 67 per
part, a surrogate pair (emoji) never cut between parts.
"""

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _units(text: str) -> list[int]:
    """The size of each character in its encoding's units (septets or UTF-16 code units)."""
    if is_gsm7(text):
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def sms_segments(text: str) -> int:
    """The number of SMS messages `text` is sent as (0 for no text)."""
    if not text:
        return 0
    units = _units(text)
    single, part = (GSM7_SINGLE, GSM7_PART) if is_gsm7(text) else (UCS2_SINGLE, UCS2_PART)
    if sum(units) <= single:
        return 1
    parts, used = 1, 0
    for size in units:  # a character that does not fit whole starts the next part
        if used + size > part:
            parts, used = parts + 1, 0
        used += size
    return parts
