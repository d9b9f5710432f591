"""Mark the 実施通知 template as a draft: 「下書き」 at the top of every page's header, in red.

Letters made while a setting still shows the example's 「○○」 are drafts for checking the layout, never for
mailing. Each letter's section repeats the template's headers (files.notice_docx), so marking the template's
headers marks every page of every letter.
"""

from __future__ import annotations

import io
from pathlib import Path

DRAFT_MARK = "【下書き】設定が未完成のため発送できません"
_RED = "C00000"


def mark_draft(template: bytes) -> bytes:
    """Return the template with DRAFT_MARK as the first line of each of its headers.

    Args:
        template: The Word template's bytes.

    Returns:
        The marked template's bytes (the body and its placeholders untouched).
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    document = docx.Document(io.BytesIO(template))
    even_pages = document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if even_pages:
            headers.append(section.even_page_header)
        for header in headers:
            header.is_linked_to_previous = False
            first = header.paragraphs[0]
            paragraph = first.insert_paragraph_before() if first.text.strip() else first
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(DRAFT_MARK)
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(_RED)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def unmarked_sections(path: Path) -> list[int]:
    """The 1-based numbers of the sections (one per letter) whose header lacks DRAFT_MARK."""
    import docx

    document = docx.Document(str(path))
    return [number for number, section in enumerate(document.sections, start=1)
            if not any(DRAFT_MARK in p.text for p in section.header.paragraphs)]
