"""What the OOXML formats (docx, xlsx) share: the parts of the package that are not the document.

>>> from lxml import etree
>>> root = etree.fromstring(
...     b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
...     b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
...     b'<property name="Checked by"><vt:lpwstr> Li </vt:lpwstr></property></Properties>')
>>> custom_properties(root)
['custom Checked by: Li']
"""

from __future__ import annotations

from lxml import etree


def custom_properties(root: etree._Element | None) -> list[str]:
    """docProps/custom.xml as `custom name: value` lines: properties a user or a system set
    (经办人, a case number …), which Word and Excel show only in a dialog."""
    lines = []
    for element in root.iter("{*}property") if root is not None else ():
        value = "".join(element.itertext()).strip()
        if value:
            lines.append(f"custom {element.get('name')}: {value}")
    return lines
