"""The value of a spreadsheet formula that only joins constants, for formulas never calculated.

Excel stores a formula with its last result, and the readers read that result. A workbook
written by a program (openpyxl, a system's export) has formulas and no results: the
reader then had only the formula's text, where `="340104198506"&"121236"` holds no
number a pattern can see. A formula made only of text and number constants joined by `&`
or CONCATENATE/CONCAT has one value whatever the workbook holds, so it is read as that
value. openpyxl's tokenizer splits the formula; anything else (a reference, another
function) leaves the formula as it was.

>>> joined_constants('="340104"&"1985"&0612')
'34010419850612'
>>> joined_constants('=CONCATENATE("张", "三")'), joined_constants('=A1&B1')
('张三', None)
"""

from __future__ import annotations

from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError

JOINING_FUNCTIONS = frozenset({"CONCATENATE(", "CONCAT(", "_XLFN.CONCAT("})


def joined_constants(formula: str) -> str | None:
    """The value of `formula` (with or without its leading '=') when it only joins constants."""
    try:
        tokens = Tokenizer(formula if formula.startswith("=") else "=" + formula).items
    except (TokenizerError, IndexError, ValueError):
        return None
    pieces: list[str] = []
    for token in tokens:
        if token.type == Token.OPERAND and token.subtype == Token.TEXT:
            pieces.append(token.value[1:-1].replace('""', '"'))
        elif token.type == Token.OPERAND and token.subtype == Token.NUMBER:
            pieces.append(token.value)
        elif token.type == Token.FUNC and token.subtype == Token.OPEN and token.value.upper() not in JOINING_FUNCTIONS:
            return None
        elif not (token.type in (Token.FUNC, Token.SEP, Token.WSPACE) or (token.type == Token.OP_IN and token.value == "&")):
            return None
    return "".join(pieces) if pieces else None
